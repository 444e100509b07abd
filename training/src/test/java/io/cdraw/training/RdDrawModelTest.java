package io.cdraw.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import io.cdraw.codec.net.RdConfig;
import io.cdraw.codec.net.RdDrawNetwork;
import io.cdraw.training.data.Dataset;
import io.cdraw.training.data.Datasets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rate–distortion network definition on the DJL backend, and its training. */
class RdDrawModelTest {
  private static final RdConfig DEFAULT = RdConfig.builder(10, 64, 32, 32, 16, 1e-4, 0.1).build();
  private static final RdConfig TINY = RdConfig.builder(2, 8, 4, 8, 8, 1e-3, 0.01).build();

  @Test
  void multiplyAddsPerPixelAreCountedPerConvolution() {
    // Per step at F = 32, H = 64, Z = 32, stride 16 (out * in * 9 / pixels per position):
    // read1 1728, read2 576, enc 2304, q 72 (encoder); p 144, dec 864, write1 288, write2 576,
    // write3 864 (decoder).
    assertEquals(10 * 7416.0, RdDrawNetwork.multiplyAddsPerPixel(DEFAULT, false), 1e-9);
    assertEquals(10 * 2736.0, RdDrawNetwork.multiplyAddsPerPixel(DEFAULT, true), 1e-9);
    // With a stride-2 write level of 16 maps at T = 8, H = 32, Z = 16, F = 32, stride 8: read1
    // 1728, enc 3456, q 72; p 144, dec 864, write1 576, write2 1152, write3 576 (16 outputs).
    RdConfig fine = RdConfig.builder(8, 32, 16, 32, 8, 1e-4, 0.3).fineMaps(16).build();
    assertEquals(8 * 8568.0, RdDrawNetwork.multiplyAddsPerPixel(fine, false), 1e-9);
    assertEquals(8 * 3312.0, RdDrawNetwork.multiplyAddsPerPixel(fine, true), 1e-9);
    // a write network per step: the same work, T times the write weights
    RdConfig stepWrites = RdConfig.builder(8, 32, 16, 32, 8, 1e-4, 0.3).fineMaps(16)
        .stepWrites(true).build();
    assertEquals(8 * 8568.0, RdDrawNetwork.multiplyAddsPerPixel(stepWrites, false), 1e-9);
    assertEquals(8 * 3312.0, RdDrawNetwork.multiplyAddsPerPixel(stepWrites, true), 1e-9);
    // two coarse steps: coarse.q 72 (16 x 128 x 9 / 256) and coarse.p 144 in place of q 72 and
    // p 144, plus coarse.z 36 (64 x 16 x 9 / 256) in each of them
    RdConfig coarse = RdConfig.builder(8, 32, 16, 32, 8, 1e-4, 0.3).fineMaps(16).coarseSteps(2)
        .build();
    assertEquals(8 * 8568.0 + 2 * 36, RdDrawNetwork.multiplyAddsPerPixel(coarse, false), 1e-9);
    assertEquals(8 * 3312.0 + 2 * 36, RdDrawNetwork.multiplyAddsPerPixel(coarse, true), 1e-9);
    // a feature canvas of 64 maps: read0 864 (48 x 32 x 9 / 16) and the output network out1
    // 2304, out2 4608, out3 1152 once; per step read1 1728 (over [read0, canvas]), enc 3456,
    // q 72, p 144, dec 864, write1 576, write2 1152 (32 x 64 x 9 / 16)
    RdConfig canvas = RdConfig.builder(8, 32, 16, 32, 8, 1e-4, 0.3).stepWrites(true).canvasMaps(64)
        .build();
    assertEquals(864 + 8064 + 8 * 7992.0, RdDrawNetwork.multiplyAddsPerPixel(canvas, false), 1e-9);
    assertEquals(8064 + 8 * 2736.0, RdDrawNetwork.multiplyAddsPerPixel(canvas, true), 1e-9);
    // three steps with latents at stride 4, in place of q 72 and p 144 each: fineLatent.q 1440
    // (64 x 160 x 9 / 64, encoder), fineLatent.p 576 (128 x 32 x 9 / 64), fineLatent.z 144
    // (16 x 64 x 9 / 64) and fineLatent.w 288 (32 x 16 x 9 / 16)
    RdConfig fineLatent = RdConfig.builder(8, 32, 16, 32, 8, 1e-4, 0.3).fineMaps(16)
        .fineLatentSteps(3).build();
    assertEquals(8 * 8568.0 + 3 * (1440 + 576 + 144 + 288 - 72 - 144),
        RdDrawNetwork.multiplyAddsPerPixel(fineLatent, false), 1e-9);
    assertEquals(8 * 3312.0 + 3 * (576 + 144 + 288 - 144),
        RdDrawNetwork.multiplyAddsPerPixel(fineLatent, true), 1e-9);
    // the posterior reading the features on the 6 steps of the latent grid (not the 2 coarse
    // ones): qRead 288 (16 x 128 x 9 / 64), encoder only
    RdConfig reads = RdConfig.builder(8, 32, 16, 32, 8, 1e-4, 0.3).fineMaps(16).coarseSteps(2)
        .posteriorReads(true).build();
    assertEquals(8 * 8568.0 + 2 * 36 + 6 * 288, RdDrawNetwork.multiplyAddsPerPixel(reads, false), 1e-9);
    assertEquals(8 * 3312.0 + 2 * 36, RdDrawNetwork.multiplyAddsPerPixel(reads, true), 1e-9);
    // with fine steps they read the error instead: fineLatent.qError 432 (16 x 48 x 9 / 16) on
    // the 3 fine steps, qRead on the 5 others, both encoder only
    RdConfig fineReads = RdConfig.builder(8, 32, 16, 32, 8, 1e-4, 0.3).fineMaps(16)
        .fineLatentSteps(3).posteriorReads(true).build();
    assertEquals(RdDrawNetwork.multiplyAddsPerPixel(fineLatent, false) + 5 * 288 + 3 * 432,
        RdDrawNetwork.multiplyAddsPerPixel(fineReads, false), 1e-9);
    assertEquals(RdDrawNetwork.multiplyAddsPerPixel(fineLatent, true),
        RdDrawNetwork.multiplyAddsPerPixel(fineReads, true), 1e-9);
    // the fine prior reading the canvas: fineLatent.pCanvas 864 (32 x 48 x 9 / 16) on the 3 fine
    // steps, encoder and decoder
    RdConfig priorReads = RdConfig.builder(8, 32, 16, 32, 8, 1e-4, 0.3).fineMaps(16)
        .fineLatentSteps(3).priorReadsCanvas(true).build();
    for (boolean decoderOnly : new boolean[] {false, true}) {
      assertEquals(RdDrawNetwork.multiplyAddsPerPixel(fineLatent, decoderOnly) + 3 * 864,
          RdDrawNetwork.multiplyAddsPerPixel(priorReads, decoderOnly), 1e-9);
    }
    // the residual filter runs once per reconstruction: filter1 and filter3 864 each
    // (32 x 48 x 9 / 16), filter2 576 (32 x 32 x 9 / 16), encoder and decoder
    RdConfig filtered = RdConfig.builder(8, 32, 16, 32, 8, 1e-4, 0.3).fineMaps(16)
        .fineLatentSteps(3).filterMaps(32).build();
    for (boolean decoderOnly : new boolean[] {false, true}) {
      assertEquals(RdDrawNetwork.multiplyAddsPerPixel(fineLatent, decoderOnly) + 864 + 576 + 864,
          RdDrawNetwork.multiplyAddsPerPixel(filtered, decoderOnly), 1e-9);
    }
    // a feature canvas has no image error for the fine steps to read, nor an image to filter
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> RdConfig.builder(8, 32, 16, 32, 8, 1e-4, 0.3).canvasMaps(16).fineLatentSteps(3)
            .posteriorReads(true).build()).getMessage().contains("canvas"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> RdConfig.builder(8, 32, 16, 32, 8, 1e-4, 0.3).canvasMaps(16).filterMaps(8).build())
        .getMessage().contains("filter"));
  }

  @Test
  void aNetworkWithMoreOptionsStartsFromTheWeightsOfOneWithout() throws IOException {
    RdConfig more = RdConfig.builder(2, 8, 4, 8, 8, 1e-3, 0.01).fineLatentSteps(1).build();
    try (NDManager m = NDManager.newBaseManager()) {
      Parameters source = new RdDrawModel(TINY, new Parameters(m, 3)).parameters();
      RdDrawModel started = TrainableModels.startingFrom(p -> new RdDrawModel(more, p),
          source.toNDList(), 5, name -> false, "tiny", m);
      for (var e : source.asMap().entrySet()) {
        assertTrue(e.getValue().contentEquals(started.parameters().asMap().get(e.getKey())),
            e.getKey());
      }
      List<String> created = started.parameters().created();
      assertEquals(8, created.size(), created.toString()); // q, p, z, w of fineLatent: w and b
      assertTrue(created.stream().allMatch(n -> n.startsWith("fineLatent.")), created.toString());
      // the file's weights must all be used, and a plain load must find every weight
      IOException unused = assertThrows(IOException.class, () -> TrainableModels.startingFrom(
          p -> new RdDrawModel(TINY, p), started.parameters().toNDList(), 5, name -> false, "more",
          m));
      assertTrue(unused.getMessage().contains("unused fineLatent."), unused.getMessage());
      IOException missing = assertThrows(IOException.class, () -> TrainableModels.onWeights(
          p -> new RdDrawModel(more, p), source.toNDList(), "tiny", m));
      assertTrue(missing.getMessage().contains("missing fineLatent."), missing.getMessage());
    }
  }

  @Test
  void aWiderWriteLevelStartsFromTheNarrowerNetworkAndComputesTheSame() throws IOException {
    RdConfig narrow = RdConfig.builder(2, 8, 4, 8, 8, 1e-3, 0.01).fineMaps(16).stepWrites(true)
        .build();
    RdConfig wide = RdConfig.builder(2, 8, 4, 8, 8, 1e-3, 0.01).fineMaps(32).stepWrites(true)
        .build();
    try (NDManager m = NDManager.newBaseManager()) {
      RdDrawModel source = new RdDrawModel(narrow, new Parameters(m, 3));
      // random weights everywhere, so that every write reaches the canvas
      for (NDArray w : source.parameters().asMap().values()) {
        w.set(m.randomUniform(-0.1f, 0.1f, w.getShape()).toFloatArray());
      }
      RdDrawModel started = TrainableModels.startingFrom(p -> new RdDrawModel(wide, p),
          source.parameters().toNDList(), 5, RdDrawNetwork.widensWithFineMaps(wide), "narrow", m);
      assertTrue(started.parameters().created().isEmpty());
      // per step: the stride-4 convolution making 4 x fine maps (weight, bias) and the last one
      // reading them (weight)
      assertEquals(List.of("write2_t1.w", "write2_t1.b", "write3_t1.w", "write2_t2.w",
          "write2_t2.b", "write3_t2.w"), started.parameters().widened());
      NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 16, 16));
      RdDrawModel.Pass before = source.run(x, m, true);
      RdDrawModel.Pass after = started.run(x, m, true);
      for (int t = 0; t < narrow.steps(); t++) {
        assertArrayEquals(before.mse()[t].toFloatArray(), after.mse()[t].toFloatArray(), 1e-5f);
        assertArrayEquals(before.cumulativeBits()[t].toFloatArray(),
            after.cumulativeBits()[t].toFloatArray(), 1e-4f);
      }
      // the new maps are live: their output rows are not zero
      NDArray w = started.parameters().asMap().get("write2_t1.w");
      assertTrue(w.get("64:").abs().sum().getFloat() > 0);
      // a plain load still wants the exact shapes, and a narrower layer is refused
      assertThrows(IOException.class, () -> TrainableModels.onWeights(
          p -> new RdDrawModel(wide, p), source.parameters().toNDList(), "narrow", m));
      IOException narrower = assertThrows(IOException.class, () -> TrainableModels.startingFrom(
          p -> new RdDrawModel(narrow, p), started.parameters().toNDList(), 5,
          RdDrawNetwork.widensWithFineMaps(narrow), "wide", m));
      assertTrue(narrower.getMessage().contains("write2_t1.w has shape"), narrower.getMessage());
      // only the fine write level widens: not the recurrences, nor a network without that level
      assertFalse(RdDrawNetwork.widensWithFineMaps(wide).test("enc.w"));
      assertFalse(RdDrawNetwork.widensWithFineMaps(wide).test("write1_t1.w"));
      assertFalse(RdDrawNetwork.widensWithFineMaps(TINY).test("write2.w"));
    }
  }

  @Test
  void spaceToDepthOrdersChannelsAndDepthToSpaceInvertsIt() {
    try (NDManager m = NDManager.newBaseManager()) {
      DjlTensors ops = new DjlTensors(new Parameters(m, 1), 1);
      NDArray a = m.arange(2 * 4 * 4).toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
          .reshape(1, 2, 4, 4);
      NDArray s = ops.spaceToDepth(a, 2);
      assertEquals(new Shape(1, 8, 2, 2), s.getShape());
      // channel c f² + dy f + dx holds pixel (y f + dy, x f + dx) of channel c
      float[] v = s.toFloatArray();
      assertEquals(a.getFloat(0, 1, 3, 2), v[((1 * 4 + 1 * 2 + 0) * 2 + 1) * 2 + 1]);
      assertArrayEquals(a.toFloatArray(), ops.depthToSpace(s, 2).toFloatArray());
    }
  }

  @Test
  void quantisedPrefixesCostMoreBitsAsStepsAreAdded() {
    try (NDManager m = NDManager.newBaseManager()) {
      RdDrawModel model = new RdDrawModel(TINY, new Parameters(m, 3));
      NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 16, 16));
      RdDrawModel.Pass pass = model.run(x, m, true);
      for (int t = 1; t < TINY.steps(); t++) {
        float[] before = pass.cumulativeBits()[t - 1].toFloatArray();
        float[] after = pass.cumulativeBits()[t].toFloatArray();
        for (int i = 0; i < before.length; i++) {
          assertTrue(after[i] >= before[i] && before[i] > 0, "rates accumulate over steps");
        }
      }
    }
  }

  @Test
  void theImageBalanceKeepsTheMeanErrorAndWeightsGradientsByTheInverseError() {
    try (NDManager m = NDManager.newBaseManager()) {
      float[] errors = {10, 40, 70.5f, 0.5f};
      double mean = 30.25;
      NDArray mse = m.create(errors);
      mse.setRequiresGradient(true);
      float[] values;
      try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
        NDArray balanced = RdDrawModel.balanced(mse, 8);
        values = balanced.toFloatArray();
        collector.backward(balanced.sum());
      }
      float[] gradient = mse.getGradient().toFloatArray();
      for (int i = 0; i < errors.length; i++) {
        // the last, near-flat image is held at the cap: weight 8, not 60.5
        double weight = i == 3 ? 8 : mean / errors[i];
        assertEquals(weight, gradient[i], 1e-4 * weight, "weight of image " + i);
        assertEquals(weight * errors[i], values[i], 1e-3, "value of image " + i);
      }
      assertSame(mse, RdDrawModel.balanced(mse, 0), "no balance: the plain error");
    }
  }

  @Test
  void aPartialStepOfAllLatentsIsTheWholePrefixAndOfNoneThePreviousOne() {
    try (NDManager m = NDManager.newBaseManager()) {
      RdDrawModel model = new RdDrawModel(TINY, new Parameters(m, 3));
      NDArray x = m.randomUniform(0, 1, new Shape(2, 3, 16, 16));
      RdDrawModel.Pass all = model.run(x, m, true, new RdDrawModel.PartialStep(1, 1));
      assertArrayEquals(all.cumulativeBits()[1].toFloatArray(), all.partialBits().toFloatArray());
      assertArrayEquals(all.mse()[1].toFloatArray(), all.partialMse().toFloatArray());
      RdDrawModel.Pass none = model.run(x, m, true, new RdDrawModel.PartialStep(1, 0));
      assertArrayEquals(none.cumulativeBits()[0].toFloatArray(), none.partialBits().toFloatArray());
      RdDrawModel.Pass half = model.run(x, m, true, new RdDrawModel.PartialStep(1, 0.5));
      float[] before = half.cumulativeBits()[0].toFloatArray();
      float[] partial = half.partialBits().toFloatArray();
      float[] after = half.cumulativeBits()[1].toFloatArray();
      for (int i = 0; i < partial.length; i++) {
        // the half left out has the narrowest priors: it may cost next to nothing
        assertTrue(before[i] < partial[i] && partial[i] <= after[i],
            "half a step costs between: " + before[i] + " " + partial[i] + " " + after[i]);
      }
      assertThrows(IllegalArgumentException.class,
          () -> model.run(x, m, true, new RdDrawModel.PartialStep(2, 0.5)));
    }
  }

  @Test
  void aPartialStepCodesTheLatentsOfWidestPriorPerImage() {
    try (NDManager m = NDManager.newBaseManager()) {
      // two images of 1 x 2 x 2 latents; image 0's widest are 9 and 7, image 1's 8 and 6
      NDArray key = m.create(new float[] {1, 9, 7, 3, 8, 2, 4, 6}, new Shape(2, 1, 2, 2));
      assertArrayEquals(new float[] {0, 1, 1, 0, 1, 0, 0, 1},
          RdDrawModel.widestPriors(key, 0.5).toFloatArray());
      assertArrayEquals(new float[] {0, 1, 0, 0, 1, 0, 0, 0},
          RdDrawModel.widestPriors(key, 0.25).toFloatArray());
      assertArrayEquals(new float[8], RdDrawModel.widestPriors(key, 0.1).toFloatArray());
    }
  }

  @Test
  void trainsCheckpointsAndResumes(@TempDir Path dir) throws IOException {
    Dataset data = Datasets.open("folder:" + smoothImages(dir.resolve("images")), 16);
    Path out = dir.resolve("run");
    List<String> messages = new ArrayList<>();
    Trainer.Listener listener = new Trainer.Listener() {
      @Override
      public void onProgress(Trainer.Progress p) {}

      @Override
      public void onMessage(String message) {
        messages.add(message);
      }
    };
    double first;
    double last;
    try (Trainer t = Trainer.start(p -> new RdDrawModel(TINY, p), TINY.describe(), data,
        new Trainer.Options(8, 2e-3, 1, 300, 0, 60, 16, out, 0, LearningRateSchedule.CONSTANT), listener, null)) {
      first = t.network().validate(data.validation(), 16, 16, 1, NDManager.newBaseManager())
          .criterion();
      last = t.run().criterion();
    }
    assertTrue(last < 0.9 * first, "validation RD loss went from " + first + " to " + last + ": " + messages);
    try (NDManager m = NDManager.newBaseManager()) {
      DjlModelFile file = DjlModelFile.load(out.resolve(Trainer.CHECKPOINT), m);
      RdDrawModel again = assertInstanceOf(RdDrawModel.class,
          TrainableModels.fromFile(file, "checkpoint", m));
      assertEquals(TINY, again.config());
    }
    // the resumed run adds the partial step and the image balance to its objective
    try (Trainer t = Trainer.resume(data, new Trainer.Options(8, 2e-3, 1, 310, 0, 60, 16, out, 0,
        LearningRateSchedule.CONSTANT, 0, 1, 4), listener)) {
      assertEquals(300, t.step());
      t.run();
      assertEquals(310, t.step());
    }
  }

  /** train/ and val/ folders of 24x24 colour gradients: images a small model can learn. */
  private static Path smoothImages(Path dir) throws IOException {
    Random random = new Random(7);
    for (String split : new String[] {"train", "val"}) {
      Files.createDirectories(dir.resolve(split));
      for (int i = 0; i < 16; i++) {
        BufferedImage img = new BufferedImage(24, 24, BufferedImage.TYPE_INT_RGB);
        int[] base = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
        int[] slope = {random.nextInt(9) - 4, random.nextInt(9) - 4, random.nextInt(9) - 4};
        for (int y = 0; y < 24; y++) {
          for (int x = 0; x < 24; x++) {
            int rgb = 0;
            for (int c = 0; c < 3; c++) {
              rgb = rgb << 8 | Math.max(0, Math.min(255, base[c] + slope[c] * (x + y)));
            }
            img.setRGB(x, y, rgb);
          }
        }
        ImageIO.write(img, "png", dir.resolve(split).resolve(i + ".png").toFile());
      }
    }
    return dir;
  }
}
