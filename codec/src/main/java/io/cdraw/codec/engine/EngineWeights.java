package io.cdraw.codec.engine;

import io.cdraw.codec.model.ModelConfig;
import io.cdraw.codec.model.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The weights of a {@link ModelFile} by name, as the engine reads them, and the file's SHA-256,
 * which identifies the model in {@code .cdraw} streams.
 */
public final class EngineWeights {
  private final Properties metadata;
  private final Map<String, float[]> arrays;
  private final Map<String, long[]> shapes;
  private final byte[] sha256;

  private EngineWeights(Properties metadata, Map<String, float[]> arrays,
      Map<String, long[]> shapes, byte[] sha256) {
    this.metadata = metadata;
    this.arrays = arrays;
    this.shapes = shapes;
    this.sha256 = sha256;
  }

  public static EngineWeights read(Path path) throws IOException {
    ModelFile file = ModelFile.read(path);
    Map<String, float[]> arrays = new HashMap<>();
    Map<String, long[]> shapes = new HashMap<>();
    for (ModelFile.NamedArray a : file.weights()) {
      arrays.put(a.name(), a.values());
      shapes.put(a.name(), a.shape());
    }
    return new EngineWeights(file.metadata(), arrays, shapes, file.sha256());
  }

  /** The configuration of a likelihood (paper) model; rd-draw models have {@link #metadata}. */
  public ModelConfig config() {
    return ModelConfig.fromProperties(metadata);
  }

  /** The model file's key=value metadata. */
  public Properties metadata() {
    return metadata;
  }

  /** Every weight by name. */
  Map<String, float[]> arrays() {
    return arrays;
  }

  /** SHA-256 of the model file. */
  public byte[] sha256() {
    return sha256.clone();
  }

  /** The array called {@code name}, checked to have {@code size} elements. */
  float[] get(String name, long size) throws IOException {
    float[] a = arrays.get(name);
    if (a == null) {
      throw new IOException("model has no weight '" + name + "'");
    }
    if (a.length != size) {
      throw new IOException("weight '" + name + "' has " + a.length + " values, expected " + size);
    }
    return a;
  }

  long[] shape(String name) {
    return shapes.get(name);
  }
}
