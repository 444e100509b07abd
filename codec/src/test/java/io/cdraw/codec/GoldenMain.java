package io.cdraw.codec;

import io.cdraw.codec.io.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Run in a forked JVM: copies the golden model, encodes and decodes, prints the golden line. */
public final class GoldenMain {
  private GoldenMain() {}

  public static void main(String[] args) throws Exception {
    System.out.println(compute(Path.of(args[0])));
  }

  /**
   * The golden line: hashes of the model file, of the scene's 3-step stream and its pixels decoded
   * at variance 0.5, then the steps, partial symbols and partial width code of the scene at 0.5
   * bpp ("3+365w1": 3 whole steps, 365 symbols of step 4 on grid width code 1), that stream and
   * its pixels, the size of the reconstruction filter the encoder fits at 2 bpp ("filter3"), that
   * stream and its pixels decoded at the stored prefix, then the lossless streams of the scene
   * (tiny model), of the black-and-white stroke (binary model) and of the scene with the two-layer
   * model.
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
    EncodeResult filtered = new CdrawEncoder(codec, true).encode(scene, false, 4, 2, null);
    byte[] filteredPixels = new CdrawDecoder(codec).decode(filtered.stream(),
        CdrawDecoder.MissingSteps.STOP, 0, 0, null).pixels();
    byte[] lossless = new LosslessCodec(codec).encode(List.of(scene), List.of(false), null)
        .stream();
    CdrawModel binary = CdrawModel.open(Files.copy(
        testdata.resolve(TestModels.Fixture.BINARY_9.file), dir.resolve("binary.cdm")));
    byte[] stroke = ImageFiles.readForCodec(
        Files.readAllBytes(testdata.resolve("stroke-28x28.png")), 1, "stroke").image().pixels();
    for (int i = 0; i < stroke.length; i++) {
      stroke[i] = (byte) ((stroke[i] & 0xFF) >= 128 ? 255 : 0);
    }
    byte[] losslessBinary = new LosslessCodec(binary).encode(
        List.of(new ImageFiles.Planar(1, 28, 28, stroke)), List.of(true), null).stream();
    CdrawModel two = CdrawModel.open(Files.copy(
        testdata.resolve(TestModels.Fixture.TWO_LAYER_11.file), dir.resolve("two.cdm")));
    byte[] losslessTwoLayer = new LosslessCodec(two).encode(List.of(scene), List.of(false), null)
        .stream();
    return CdrawCodecTest.sha(Files.readAllBytes(model)) + " " + CdrawCodecTest.sha(r.stream())
        + " " + CdrawCodecTest.sha(pixels) + " " + partial.storedSteps() + "+"
        + partial.partialSymbols() + "w" + partial.partialWidthCode() + " "
        + CdrawCodecTest.sha(partial.stream()) + " "
 + CdrawCodecTest.sha(partialPixels) + " filter" + filtered.filterSize() + " "
        + CdrawCodecTest.sha(filtered.stream()) + " " + CdrawCodecTest.sha(filteredPixels)
        + " lossless " + CdrawCodecTest.sha(lossless) + " "
        + CdrawCodecTest.sha(losslessBinary) + " " + CdrawCodecTest.sha(losslessTwoLayer);
  }
}
