package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cdraw.codec.net.ParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The named weights of a network, in a fixed order. Initial values come from a seeded
 * {@link Random} in Java, so a fresh network is the same on every machine.
 */
public final class Parameters {
  private final Map<String, NDArray> arrays = new LinkedHashMap<>();
  private final NDManager manager;
  private final Random random;
  private final Set<String> declared = new HashSet<>();
  private final List<String> created = new ArrayList<>();

  /** A store that creates new parameters from {@code seed}. */
  public Parameters(NDManager manager, long seed) {
    this.manager = manager;
    this.random = new Random(seed);
  }

  /** A store filled with the named arrays of a model file; {@link #get} then only looks up. */
  public static Parameters of(NDManager manager, NDList list) {
    return of(manager, list, 0);
  }

  /**
   * A store filled with the named arrays of a model file; weights it lacks are created from
   * {@code seed} ({@link #created}).
   */
  public static Parameters of(NDManager manager, NDList list, long seed) {
    Parameters p = new Parameters(manager, seed);
    for (NDArray a : list) {
      a.attach(manager);
      p.arrays.put(a.getName(), a);
    }
    return p;
  }

  /** The parameter called {@code name}: the loaded one when present, otherwise a new one. */
  NDArray get(String name, Shape shape, ParameterSpec.Init init) {
    declared.add(name);
    NDArray existing = arrays.get(name);
    if (existing != null) {
      if (!existing.getShape().equals(shape)) {
        throw new IllegalArgumentException(
            "parameter " + name + " has shape " + existing.getShape() + ", expected " + shape);
      }
      return existing;
    }
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) init.value(i, random);
    }
    NDArray a = manager.create(values, shape);
    a.setName(name);
    arrays.put(name, a);
    created.add(name);
    return a;
  }

  /** Names of the weights created from the seed rather than loaded, in creation order. */
  public List<String> created() {
    return Collections.unmodifiableList(created);
  }

  /** Names of loaded weights that no network declared. */
  public List<String> undeclared() {
    List<String> names = new ArrayList<>(arrays.keySet());
    names.removeAll(declared);
    return names;
  }

  public Map<String, NDArray> asMap() {
    return Collections.unmodifiableMap(arrays);
  }

  /** The arrays, each carrying its name, ready for {@link NDList#encode()}. */
  public NDList toNDList() {
    NDList list = new NDList(arrays.size());
    arrays.forEach((name, a) -> {
      a.setName(name);
      list.add(a);
    });
    return list;
  }

  public long count() {
    return arrays.values().stream().mapToLong(a -> a.getShape().size()).sum();
  }

  /** Makes every parameter trainable. */
  public void requireGradients() {
    arrays.values().forEach(a -> a.setRequiresGradient(true));
  }

  /** Makes operations on the parameters allocate in {@code stepManager} until it closes. */
  public void tempAttach(NDManager stepManager) {
    arrays.values().forEach(a -> a.tempAttach(stepManager));
  }
}
