package io.cdraw.codec;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.cdraw.codec.model.ConvDrawNetwork;
import io.cdraw.codec.model.ModelConfig;
import io.cdraw.codec.model.ModelFile;
import io.cdraw.codec.model.Parameters;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;

/** Small codec models made from a seed with Java's Random only: the same bytes on every machine. */
public final class TestModels {
  /** Single layer, 8 LSTM maps, 3 latent maps, kernel 3, stride 2, T = 4, fixed width. */
  public static final ModelConfig TINY =
      new ModelConfig(3, ModelConfig.Likelihood.GAUSSIAN, 4, 1, 8, 3, 3, 2, 0, 0, 1, true, 1.0,
          true);

  /** As {@link #TINY} with a Bernoulli output for one-channel black-and-white images. */
  public static final ModelConfig TINY_BINARY =
      new ModelConfig(1, ModelConfig.Likelihood.BERNOULLI, 4, 1, 8, 3, 3, 2, 0, 0, 1, true, 1.0,
          true);

  private TestModels() {}

  /**
   * Writes a model whose weights are the seeded initialisation plus seeded uniform noise of
   * ±{@code spread}, so that every path of the network carries signal.
   */
  public static Path write(Path dir, String name, long seed, double spread) throws IOException {
    return write(dir, name, TINY, seed, spread);
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
      new ModelFile(config.toProperties(), net.parameters().toNDList()).save(file);
    }
    return file;
  }
}
