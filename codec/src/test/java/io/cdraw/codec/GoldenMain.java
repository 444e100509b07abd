package io.cdraw.codec;

import io.cdraw.codec.io.ImageFiles;
import java.nio.file.Files;
import java.nio.file.Path;

/** Run in a forked JVM: builds the golden model, encodes and decodes, prints the three hashes. */
public final class GoldenMain {
  private GoldenMain() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createTempDirectory("cdraw-golden");
    Path model = TestModels.write(dir, "golden.cdm", 7, 0.3);
    CdrawCodec codec = CdrawCodec.open(model);
    ImageFiles.Planar scene = ImageFiles.readForCodec(
        Files.readAllBytes(Path.of(args[0]).resolve("scene-61x47.png")), 3, "scene").image();
    EncodeResult r = codec.encode(scene, false, 3, 0, null);
    byte[] pixels = codec.decode(r.stream(), 0.5, 42, null).pixels();
    System.out.println(CdrawCodecTest.sha(Files.readAllBytes(model)) + " "
        + CdrawCodecTest.sha(r.stream()) + " " + CdrawCodecTest.sha(pixels));
  }
}
