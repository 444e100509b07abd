package io.cdraw.codec.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cdraw.codec.CdrawEncoder;
import io.cdraw.codec.CdrawModel;
import io.cdraw.codec.EncodeResult;
import io.cdraw.codec.TestModels;
import io.cdraw.codec.io.ImageFiles;
import io.cdraw.codec.model.ModelConfig;
import io.cdraw.training.ConvDrawNetwork;
import io.cdraw.training.DjlModelFile;
import io.cdraw.training.DjlTestModels;
import io.cdraw.training.Parameters;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deterministic engine against the DJL forward pass on the same weights. */
class EngineParityTest {
  @Test
  void engineMatchesTheDjlNetworkOnThePosteriorMeanPath(@TempDir Path dir) throws Exception {
    ModelConfig gaussian = new ModelConfig(3, ModelConfig.Likelihood.GAUSSIAN, 5, 1, 8, 3, 3, 2,
        0, 0, 1, true, 1.0, false);
    ModelConfig[] configs = {
      gaussian,
      gaussian.withShape(3, 3, 4, true),
      new ModelConfig(1, ModelConfig.Likelihood.BERNOULLI, 5, 1, 8, 3, 3, 2, 0, 0, 1, true, 1.0,
          false)
    };
    for (ModelConfig config : configs) {
      int stride = config.stride();
      int channels = config.channels();
      boolean binary = config.likelihood() == ModelConfig.Likelihood.BERNOULLI;
      int height = 13;
      int width = 18;
      byte[] pixels = new byte[channels * height * width];
      new Random(4).nextBytes(pixels);
      Path file = dir.resolve("m" + stride + channels + ".cdm");
      float[] reference;
      try (NDManager m = NDManager.newBaseManager()) {
        ConvDrawNetwork net = new ConvDrawNetwork(config, new Parameters(m, 11));
        // Larger random weights than the initialisation so every path carries signal.
        for (NDArray p : net.parameters().asMap().values()) {
          p.addi(m.randomUniform(-0.3f, 0.3f, p.getShape()));
        }
        new DjlModelFile(config.toProperties(), net.parameters().toNDList()).save(file);
        float[] x = new float[pixels.length];
        for (int i = 0; i < x.length; i++) {
          x[i] = binary ? ((pixels[i] & 0xff) >= 128 ? 1 : 0) : ((pixels[i] & 0xff) + 0.5f) / 256f;
        }
        NDArray input = m.create(x, new Shape(1, channels, height, width));
        reference = net.run(input, input.getShape(), m, config.steps(), false, 0)
            .canvas().toFloatArray();
      }
      DrawEngine engine = new DrawEngine(EngineWeights.read(file));
      DrawEngine.State s = engine.start(height, width);
      FeatureMaps x = engine.input(s, pixels);
      for (int t = 0; t < config.steps(); t++) {
        engine.decode(s, engine.posteriorMean(s, x));
      }
      double maxDiff = 0;
      double maxAbs = 0;
      int cc = config.canvasChannels();
      for (int c = 0; c < cc; c++) {
        for (int y = 0; y < height; y++) {
          for (int xx = 0; xx < width; xx++) {
            float ours = s.canvas().data()[(c * s.frame.paddedHeight() + y) * s.frame.paddedWidth() + xx];
            float theirs = reference[(c * height + y) * width + xx];
            maxDiff = Math.max(maxDiff, Math.abs(ours - theirs));
            maxAbs = Math.max(maxAbs, Math.abs(theirs));
          }
        }
      }
      assertTrue(maxAbs > 0.1, "the test must exercise non-trivial canvases");
      assertEquals(0, maxDiff, 2e-4, config.describe() + ": max |engine - djl| = " + maxDiff);
    }
  }

  /**
   * A discrete-rate network quantises its latents exactly as the codec does, so the bound it
   * evaluates is the code length the codec's exact Gaussian bins give along the same trajectory.
   */
  @Test
  void discreteRateTrainingChargesTheCodecsGridBins(@TempDir Path dir) throws Exception {
    Path file = DjlTestModels.write(dir, "discrete.cdm", 7, 0.3);
    int height = 14;
    int width = 18;
    byte[] pixels = new byte[3 * height * width];
    new Random(8).nextBytes(pixels);
    EncodeResult coded = new CdrawEncoder(CdrawModel.open(file)).encode(
        new ImageFiles.Planar(3, height, width, pixels), false, TestModels.TINY.steps(), 0, null);
    double networkBits;
    try (NDManager m = NDManager.newBaseManager()) {
      ConvDrawNetwork net = ConvDrawNetwork.load(file, m);
      float[] x = new float[pixels.length];
      for (int i = 0; i < x.length; i++) {
        x[i] = ((pixels[i] & 0xff) + 0.5f) / 256f;
      }
      NDArray input = m.create(x, new Shape(1, 3, height, width));
      networkBits = net.run(input, input.getShape(), m, TestModels.TINY.steps(), false, 0)
          .totalKl().getFloat(0) / Math.log(2);
    }
    assertTrue(coded.modelRateBits() > 50, "the test must code real information");
    assertEquals(coded.modelRateBits(), networkBits, 1e-3 * coded.modelRateBits());
    // The coder's 64 tabulated prior scales stay within a few per cent of the exact bins.
    assertEquals(coded.modelRateBits(), coded.idealBits(), 0.05 * coded.modelRateBits());
  }
}
