package io.cdraw.codec;

import io.cdraw.codec.io.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a forked JVM: copies the golden model, encodes and decodes, prints the golden line. */
public final class GoldenMain {
  private GoldenMain() {}

  public static void main(String[] args) throws Exception {
    System.out.println(compute(Path.of(args[0])));
  }

  /**
   * The golden line: hashes of the model file, of the scene's 3-step stream and its pixels decoded
   * at variance 0.5, then the steps and partial symbols of the scene at 0.5 bpp, that stream and
   * its pixels.
   */
  static String compute(Path testdata) throws Exception {
    Path dir = Files.createTempDirectory("cdraw-golden");
    Path model = Files.copy(testdata.resolve(TestModels.Fixture.TINY_7.file), dir.resolve("golden.cdm"));
    CdrawModel codec = CdrawModel.open(model);
    ImageFiles.Planar scene = ImageFiles.readForCodec(
        Files.readAllBytes(testdata.resolve("scene-61x47.png")), 3, "scene").image();
    EncodeResult r = new CdrawEncoder(codec).encode(scene, false, 3, 0, null);
    byte[] pixels = new CdrawDecoder(codec).decode(r.stream(), 0.5, 42, null).pixels();
    EncodeResult partial = new CdrawEncoder(codec).encode(scene, false, 4, 0.5, null);
    byte[] partialPixels = new CdrawDecoder(codec).decode(partial.stream(), 0.5, 42, null).pixels();
    return CdrawCodecTest.sha(Files.readAllBytes(model)) + " " + CdrawCodecTest.sha(r.stream())
        + " " + CdrawCodecTest.sha(pixels) + " " + partial.storedSteps() + "+"
        + partial.partialSymbols() + " " + CdrawCodecTest.sha(partial.stream()) + " "
        + CdrawCodecTest.sha(partialPixels);
  }
}
