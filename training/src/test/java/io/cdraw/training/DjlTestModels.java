package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.cdraw.codec.TestModels;
import io.cdraw.codec.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/**
 * Small codec models made from a seed with Java's Random only: the same bytes on every machine.
 * They made the fixtures in testdata/ that the codec's tests use without DJL
 * ({@code TestModelFixturesTest} checks that they still do).
 */
public final class DjlTestModels {
  private DjlTestModels() {}

  /**
   * Writes a model whose weights are the seeded initialisation plus seeded uniform noise of
   * ±{@code spread}, so that every path of the network carries signal.
   */
  public static Path write(Path dir, String name, long seed, double spread) throws IOException {
    return write(dir, name, TestModels.TINY, seed, spread);
  }

  /** As {@link #write(Path, String, long, double)} for another configuration. */
  public static Path write(Path dir, String name, ModelConfig config, long seed, double spread)
      throws IOException {
    Path file = dir.resolve(name);
    try (NDManager m = NDManager.newBaseManager()) {
      ConvDrawNetwork net = new ConvDrawNetwork(config, new Parameters(m, seed));
      Random random = new Random(seed + 1);
      for (NDArray p : net.parameters().asMap().values()) {
        float[] v = p.toFloatArray();
        for (int i = 0; i < v.length; i++) {
          v[i] += (float) ((2 * random.nextDouble() - 1) * spread);
        }
        p.set(v);
      }
      new DjlModelFile(config.toProperties(), net.parameters().toNDList()).save(file);
    }
    return file;
  }
}
