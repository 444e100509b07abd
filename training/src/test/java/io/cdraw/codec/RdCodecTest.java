package io.cdraw.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.cdraw.codec.format.CdrawFormat;
import io.cdraw.codec.io.ImageFiles.Planar;
import io.cdraw.codec.io.ImageFiles;
import io.cdraw.codec.metrics.Psnr;
import io.cdraw.codec.net.RdConfig;
import io.cdraw.training.DjlModelFile;
import io.cdraw.training.Parameters;
import io.cdraw.training.ParityAssertions;
import io.cdraw.training.RdDrawModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** .cdraw streams of an rd-draw model, coded on the engine backend of its network definition. */
class RdCodecTest {
  private static Planar scene() throws IOException {
    return ImageFiles.readForCodec(Files.readAllBytes(
        CdrawCodecTest.TESTDATA.resolve("scene-61x47.png")), 3, "scene").image();
  }

  /** A model of 4 steps whose q.logvar is {@code logVar} (Z or T x Z values), saved to file. */
  private static CdrawModel model(Path file, boolean widthPerStep, float[] logVar)
      throws IOException {
    return model(file, RdConfig.builder(4, 8, 4, 8, 16, 1e-3, 0.01).widthPerStep(widthPerStep)
        .build(), logVar);
  }

  private static CdrawModel model(Path file, RdConfig config, float[] logVar) throws IOException {
    try (NDManager m = NDManager.newBaseManager()) {
      RdDrawModel model = new RdDrawModel(config, new Parameters(m, 9));
      ParityAssertions.enliven(model.parameters(), m);
      if (logVar != null) {
        NDArray w = model.parameters().asMap().get("q.logvar");
        w.set(m.create(logVar, w.getShape()).toFloatArray());
      }
      new DjlModelFile(config.toProperties(), model.parameters().toNDList()).save(file);
    }
    return CdrawModel.open(file);
  }

  @ParameterizedTest
  @CsvSource({"false, 0, false, 0, 0, 0, false, false, 0", "true, 0, false, 0, 0, 0, false, false, 0",
      "false, 16, true, 0, 0, 0, false, false, 0", "false, 0, false, 2, 0, 0, false, false, 0",
      "true, 16, false, 4, 0, 0, false, false, 0", "false, 0, true, 2, 16, 0, false, false, 0",
      "false, 16, true, 1, 0, 2, false, false, 0", "true, 0, false, 0, 0, 4, false, false, 8",
      "false, 16, true, 1, 0, 1, true, false, 0", "true, 16, true, 1, 0, 2, true, true, 8"})
  void roundTripFitsTheBudgetAndDecodesAsTheEncoderSaw(boolean widthPerStep, int fineMaps,
      boolean stepWrites, int coarseSteps, int canvasMaps, int fineLatentSteps,
      boolean posteriorReads, boolean priorReadsCanvas, int filterMaps, @TempDir Path dir)
      throws IOException {
    float[] perStep = new float[16];
    for (int i = 0; i < perStep.length; i++) {
      perStep[i] = -1.5f + 0.25f * (i / 4) + 0.1f * (i % 4);
    }
    RdConfig config = RdConfig.builder(4, 8, 4, 8, 16, 1e-3, 0.01).widthPerStep(widthPerStep)
        .fineMaps(fineMaps).stepWrites(stepWrites).coarseSteps(coarseSteps).canvasMaps(canvasMaps)
        .fineLatentSteps(fineLatentSteps).posteriorReads(posteriorReads)
        .priorReadsCanvas(priorReadsCanvas).filterMaps(filterMaps).build();
    CdrawModel codec = model(dir.resolve("rd.cdm"), config, widthPerStep ? perStep : null);
    assertEquals(4, codec.totalSteps());
    Planar scene = scene();
    EncodeResult all = new CdrawEncoder(codec).encode(scene, false, 4, 0, null);
    assertEquals(4, all.storedSteps());
    Planar decoded = new CdrawDecoder(codec).decode(all.stream(), 0, 0, null);
    assertArrayEquals(decoded.pixels(), new CdrawDecoder(codec).decode(all.stream(), 0, 0, null).pixels());
    assertEquals(scene.width(), decoded.width());
    assertEquals(scene.height(), decoded.height());
    double bpp = all.fileBits() / (double) (scene.width() * scene.height()) / 2;
    EncodeResult half = new CdrawEncoder(codec).encode(scene, false, 4, bpp, null);
    assertTrue(half.fileBits() <= bpp * scene.width() * scene.height(), "within the budget");
    assertTrue(half.storedSteps() < 4, "fewer steps fit half the size");
    assertEquals(half.storedSteps(), CdrawDecoder.inspect(half.stream()).storedSteps());
    // the missing steps run the rest of the recurrence (with stepWrites, each its own write)
    Planar generated = new CdrawDecoder(codec).decode(half.stream(),
        CdrawDecoder.MissingSteps.GENERATE, 1, 7, null);
    assertEquals(scene.width(), generated.width());
    assertEquals(CdrawDecoder.MissingSteps.STOP, codec.defaultMissingSteps(0));
    assertEquals(CdrawDecoder.MissingSteps.GENERATE, codec.defaultMissingSteps(1));
  }

  @Test
  void aPartialStepTakesTheGridWidthWhosePictureIsClosest(@TempDir Path dir) throws IOException {
    // fine grids, so that each step costs many bits beside the 24 bytes of header
    CdrawModel codec = model(dir.resolve("rd.cdm"), false, new float[] {-5, -5, -5, -5});
    Planar scene = scene();
    double pixels = scene.width() * scene.height();
    double full = new CdrawEncoder(codec).encode(scene, false, 4, 0, null).fileBits() / pixels;
    for (double share : new double[] {0.3, 0.5, 0.65}) {
      EncodeResult chosen = new CdrawEncoder(codec, false).encode(scene, false, 4, share * full,
          null);
      assertTrue(chosen.partialSymbols() > 0, "a partial step at " + share);
      long least = Long.MAX_VALUE;
      for (int w = 0; w <= CdrawFormat.MAX_PARTIAL_WIDTH_CODE; w++) {
        EncodeResult only = new CdrawEncoder(codec, w, w, false).encode(scene, false, 4,
            share * full, null);
        assertTrue(only.fileBits() <= share * full * pixels, "within the budget");
        // the header carries the width, and the decoder's symbols pass their checks with it
        assertEquals(w, CdrawDecoder.inspect(only.stream()).partialWidthCode());
        least = Math.min(least, squaredError(codec, scene, only));
      }
      // the encoder judged each width by the picture the decoder makes of it
      assertEquals(least, squaredError(codec, scene, chosen));
    }
  }

  /** The squared error of the stream's picture, decoded as the codec decodes by default. */
  private static long squaredError(CdrawModel codec, Planar scene, EncodeResult r) {
    return Psnr.squaredError(new CdrawDecoder(codec).decode(r.stream(), 0, 0, null), scene);
  }

  @Test
  void eachStepIsQuantisedWithItsOwnWidth(@TempDir Path dir) throws IOException {
    float[] shared = {-2f, -1.5f, -1f, -0.5f};
    float[] perStep = new float[16];
    for (int i = 0; i < perStep.length; i++) {
      perStep[i] = i < 4 ? shared[i] : 1.5f; // steps 2-4 far coarser than step 1
    }
    CdrawModel a = model(dir.resolve("shared.cdm"), false, shared);
    CdrawModel b = model(dir.resolve("per-step.cdm"), true, perStep);
    Planar scene = scene();
    EncodeResult oneA = new CdrawEncoder(a).encode(scene, false, 1, 0, null);
    EncodeResult oneB = new CdrawEncoder(b).encode(scene, false, 1, 0, null);
    assertEquals(oneA.idealBits(), oneB.idealBits(), 0, "step 1 has the same widths in both");
    assertEquals(oneA.payloadBits(), oneB.payloadBits());
    EncodeResult allA = new CdrawEncoder(a).encode(scene, false, 4, 0, null);
    EncodeResult allB = new CdrawEncoder(b).encode(scene, false, 4, 0, null);
    assertTrue(allB.fileBits() < allA.fileBits(), "coarser later steps cost fewer bits");
    Planar decoded = new CdrawDecoder(b).decode(allB.stream(), 0, 0, null);
    assertEquals(scene.width(), decoded.width());
  }
}
