package io.cdraw.codec;

import io.cdraw.codec.model.ModelConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The tiny codec models of testdata/, for tests that must not need DJL. They were made with the
 * training module's seeded initialisation (its {@code TestModelFixturesTest} remakes them and
 * checks the bytes).
 */
public final class TestModels {
  /** Single layer, 8 LSTM maps, 3 latent maps, kernel 3, stride 2, T = 4, fixed width. */
  public static final ModelConfig TINY =
      new ModelConfig(3, ModelConfig.Likelihood.GAUSSIAN, 4, 1, 8, 3, 3, 2, 0, 0, 1, true, 1.0,
          true);

  /** As {@link #TINY} with a Bernoulli output for one-channel black-and-white images. */
  public static final ModelConfig TINY_BINARY =
      new ModelConfig(1, ModelConfig.Likelihood.BERNOULLI, 4, 1, 8, 3, 3, 2, 0, 0, 1, true, 1.0,
          true);

  /**
   * Two layers (eqs. 12-22: layer 2 of 6 LSTM maps and 2 latent maps at a further stride 2),
   * a Gaussian posterior trained on the KL: lossless coding only.
   */
  public static final ModelConfig TINY_TWO_LAYER =
      new ModelConfig(3, ModelConfig.Likelihood.GAUSSIAN, 4, 1, 8, 3, 3, 2, 0, 0, 1, true, 1.0,
          false).withLayers(2, 6, 2, 2);

  /** The fixture files: configuration, seed, and weights spread by ±0.3 of seeded noise. */
  public enum Fixture {
    TINY_7("tiny-7.cdm", TINY, 7),
    TINY_8("tiny-8.cdm", TINY, 8),
    BINARY_9("tiny-binary-9.cdm", TINY_BINARY, 9),
    TWO_LAYER_11("tiny-two-layer-11.cdm", TINY_TWO_LAYER, 11);

    public static final double SPREAD = 0.3;

    public final String file;
    public final ModelConfig config;
    public final long seed;

    Fixture(String file, ModelConfig config, long seed) {
      this.file = file;
      this.config = config;
      this.seed = seed;
    }

    public Path path() {
      return Path.of(System.getProperty("cdraw.testdata", "../testdata"), file);
    }
  }

  private TestModels() {}

  /** Copies a fixture to {@code dir/name} (tests install models under names of their own). */
  public static Path write(Path dir, String name, Fixture fixture) throws IOException {
    return Files.copy(fixture.path(), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
  }
}
