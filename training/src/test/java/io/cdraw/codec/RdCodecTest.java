package io.cdraw.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.cdraw.codec.io.ImageFiles.Planar;
import io.cdraw.codec.io.ImageFiles;
import io.cdraw.codec.net.RdConfig;
import io.cdraw.training.DjlModelFile;
import io.cdraw.training.Parameters;
import io.cdraw.training.RdDrawModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .cdraw streams of an rd-draw model, coded on the engine backend of its network definition. */
class RdCodecTest {
  @Test
  void roundTripFitsTheBudgetAndDecodesAsTheEncoderSaw(@TempDir Path dir) throws IOException {
    RdConfig config = new RdConfig(4, 8, 4, 8, 16, 1e-3, 0.01);
    Path file = dir.resolve("rd.cdm");
    try (NDManager m = NDManager.newBaseManager()) {
      RdDrawModel model = new RdDrawModel(config, new Parameters(m, 9));
      new DjlModelFile(config.toProperties(), model.parameters().toNDList()).save(file);
    }
    CdrawModel codec = CdrawModel.open(file);
    assertEquals(4, codec.totalSteps());
    Planar scene = ImageFiles.readForCodec(Files.readAllBytes(
        CdrawCodecTest.TESTDATA.resolve("scene-61x47.png")), 3, "scene").image();
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
    assertEquals(CdrawDecoder.MissingSteps.STOP, codec.defaultMissingSteps(0));
    assertEquals(CdrawDecoder.MissingSteps.GENERATE, codec.defaultMissingSteps(1));
  }
}
