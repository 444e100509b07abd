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
import java.util.function.Predicate;

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
  private final List<String> widened = new ArrayList<>();
  private final Predicate<String> widenable;

  /** A store that creates new parameters from {@code seed}. */
  public Parameters(NDManager manager, long seed) {
    this(manager, seed, name -> false);
  }

  private Parameters(NDManager manager, long seed, Predicate<String> widenable) {
    this.manager = manager;
    this.random = new Random(seed);
    this.widenable = widenable;
  }

  /** A store filled with the named arrays of a model file; {@link #get} then only looks up. */
  public static Parameters of(NDManager manager, NDList list) {
    return filled(new Parameters(manager, 0, name -> false), list);
  }

  /**
   * A store that starts a network from the named arrays of a model file: weights it lacks are
   * created from {@code seed} ({@link #created}), and a {@code widenable} weight the network
   * declares larger ({@link #widened}) keeps the file's values in its leading part. Of the new
   * part, output rows (the first dimension) start from {@code seed} and every other new entry is
   * zero: where a layer's new outputs become new inputs appended to the next layer's (the network
   * definition says which weights these are), the network computes what the file's did.
   */
  public static Parameters startingFrom(NDManager manager, NDList list, long seed,
      Predicate<String> widenable) {
    return filled(new Parameters(manager, seed, widenable), list);
  }

  private static Parameters filled(Parameters p, NDList list) {
    for (NDArray a : list) {
      a.attach(p.manager);
      p.arrays.put(a.getName(), a);
    }
    return p;
  }

  /** The parameter called {@code name}: the loaded one when present, otherwise a new one. */
  NDArray get(String name, Shape shape, ParameterSpec.Init init) {
    declared.add(name);
    NDArray existing = arrays.get(name);
    if (existing != null && existing.getShape().equals(shape)) {
      return existing;
    }
    if (existing != null
        && !(widenable.test(name) && fitsInside(existing.getShape(), shape))) {
      throw new IllegalArgumentException(
          "parameter " + name + " has shape " + existing.getShape() + ", expected " + shape);
    }
    float[] values = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) init.value(i, random);
    }
    if (existing != null) {
      widen(existing, values, shape);
      widened.add(name);
    } else {
      created.add(name);
    }
    NDArray a = manager.create(values, shape);
    a.setName(name);
    arrays.put(name, a);
    return a;
  }

  private static boolean fitsInside(Shape small, Shape large) {
    if (small.dimension() != large.dimension()) {
      return false;
    }
    for (int d = 0; d < small.dimension(); d++) {
      if (small.get(d) > large.get(d)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes {@code small}'s values into the leading part of {@code values} (row-major,
   * {@code shape}) and zeroes the entries outside it that are not new output rows.
   */
  private static void widen(NDArray small, float[] values, Shape shape) {
    float[] old = small.toFloatArray();
    Shape from = small.getShape();
    int rank = shape.dimension();
    int[] index = new int[rank];
    for (int i = 0; i < values.length; i++) {
      int rest = i;
      for (int d = rank - 1; d >= 0; d--) {
        index[d] = (int) (rest % shape.get(d));
        rest /= (int) shape.get(d);
      }
      if (index[0] >= from.get(0)) {
        continue; // a new output row keeps its initial value
      }
      int oldIndex = 0;
      boolean inside = true;
      for (int d = 0; d < rank; d++) {
        inside &= index[d] < from.get(d);
        oldIndex = oldIndex * (int) from.get(d) + index[d];
      }
      values[i] = inside ? old[oldIndex] : 0;
    }
  }

  /** Names of the weights created from the seed rather than loaded, in creation order. */
  public List<String> created() {
    return Collections.unmodifiableList(created);
  }

  /** Names of the weights made larger than the file's ({@link #startingFrom}), in order. */
  public List<String> widened() {
    return Collections.unmodifiableList(widened);
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
