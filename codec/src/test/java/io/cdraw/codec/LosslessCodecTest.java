package io.cdraw.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdraw.codec.io.ImageFiles;
import io.cdraw.codec.io.ImageFiles.Planar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bits-back round trips with the tiny fixtures, sizes against the bound, damage refused. */
class LosslessCodecTest {
  @TempDir static Path dir;
  static CdrawModel natural;
  static CdrawModel binary;
  static Planar scene;
  static Planar stroke;

  @BeforeAll
  static void setUp() throws IOException {
    natural = CdrawModel.open(TestModels.write(dir, "tiny.cdm", TestModels.Fixture.TINY_7));
    binary = CdrawModel.open(TestModels.write(dir, "binary.cdm", TestModels.Fixture.BINARY_9));
    scene = read("scene-61x47.png", 3);
    stroke = read("stroke-28x28.png", 1);
  }

  static Planar read(String name, int channels) throws IOException {
    return ImageFiles.readForCodec(
        Files.readAllBytes(CdrawCodecTest.TESTDATA.resolve(name)), channels, name).image();
  }

  @Test
  void severalImagesRoundTripExactlyAndOnlyTheFirstBorrows() {
    Planar crop = crop(scene, 20, 13);
    LosslessCodec codec = new LosslessCodec(natural);
    LosslessCodec.Encoded e = codec.encode(List.of(scene, crop, scene), List.of(false, false,
        false), null);
    List<Planar> back = codec.decode(e.stream(), null);
    assertEquals(3, back.size());
    assertArrayEquals(scene.pixels(), back.get(0).pixels());
    assertArrayEquals(crop.pixels(), back.get(1).pixels());
    assertArrayEquals(scene.pixels(), back.get(2).pixels());
    assertTrue(e.borrowedBits() > 0, "the first image pops from the supply");
    // later images take their latents from the bits before them: the stack grows by the net
    // information of their symbols; the first took its latents from the supply
    long borrowed = 0;
    for (LosslessCodec.ImageResult r : e.images()) {
      assertEquals(r.costs().netBits() + r.borrowedBits(), r.bits(), 1e-4 * r.bits() + 64);
      borrowed += r.borrowedBits();
    }
    assertEquals(e.borrowedBits(), borrowed);
    assertTrue(e.images().get(0).borrowedBits() > 0.9 * borrowed, "the first image borrows");
  }

  @Test
  void aTwoLayerModelCodesLosslesslyButNotIntoCdrawStreams() throws IOException {
    CdrawModel two = CdrawModel.open(TestModels.write(dir, "two.cdm",
        TestModels.Fixture.TWO_LAYER_11));
    Planar crop = crop(scene, 24, 20); // a multiple of the model's size step 4 and not
    LosslessCodec codec = new LosslessCodec(two);
    LosslessCodec.Encoded e = codec.encode(List.of(scene, crop, scene), List.of(false, false,
        false), null);
    List<Planar> back = codec.decode(e.stream(), null);
    assertArrayEquals(crop.pixels(), back.get(1).pixels());
    assertArrayEquals(scene.pixels(), back.get(2).pixels());
    for (LosslessCodec.ImageResult r : e.images()) {
      assertEquals(r.costs().netBits() + r.borrowedBits(), r.bits(), 1e-4 * r.bits() + 64);
    }
    CdrawException lossy = assertThrows(CdrawException.class, () -> new CdrawEncoder(two));
    assertTrue(lossy.getMessage().contains("only losslessly"), lossy.getMessage());
  }

  @Test
  void binaryImagesRoundTripAndOtherValuesAreRefused() {
    Planar bw = binarised(stroke);
    LosslessCodec codec = new LosslessCodec(binary);
    LosslessCodec.Encoded e = codec.encode(List.of(bw, bw), List.of(true, true), null);
    List<Planar> back = codec.decode(e.stream(), null);
    assertArrayEquals(bw.pixels(), back.get(1).pixels());
    assertTrue(Arrays.equals(bw.pixels(), back.get(0).pixels()));
    if (!Arrays.equals(bw.pixels(), stroke.pixels())) {
      CdrawException grey = assertThrows(CdrawException.class,
          () -> codec.encode(List.of(stroke), List.of(true), null));
      assertTrue(grey.getMessage().contains("black and white"), grey.getMessage());
    }
  }

  /**
   * The shipped binarized-MNIST model (a Gaussian posterior trained on the KL, unlike the
   * fixtures): after the first, copies of a digit cost their single-sample bound (log q/p of the
   * latents coded plus −log2 p(x | z)); that bound scatters around the KL bound by a few bits.
   */
  @Test
  void aTrainedModelCodesAtItsBound() {
    CdrawModel mnist = CdrawModel.open(Path.of("../models/mnist-binary/model.cdm"));
    Planar bw = binarised(stroke);
    int copies = 16;
    LosslessCodec.Encoded e = new LosslessCodec(mnist).encode(
        java.util.Collections.nCopies(copies, bw), java.util.Collections.nCopies(copies, true),
        null);
    double bits = 0;
    double net = 0;
    double sampledBound = 0;
    double bound = 0;
    for (int i = 1; i < copies; i++) {
      BitsBackCoder.Costs c = e.images().get(i).costs();
      bits += e.images().get(i).bits() - e.images().get(i).borrowedBits();
      net += c.netBits();
      sampledBound += c.sampledLatentBits() + c.pixelBits();
      bound += c.boundBits();
    }
    assertEquals(sampledBound, net, 0.005 * sampledBound, "copies 2 … " + copies);
    assertEquals(net, bits, 64 + 0.001 * net,
        "the stack grows by the information coded and the bits borrowed");
    assertEquals(bound, sampledBound, 0.1 * bound, "the single-sample bound near the KL bound");
    assertArrayEquals(bw.pixels(), new LosslessCodec(mnist).decode(e.stream(), null).get(7)
        .pixels());
  }

  static Planar binarised(Planar p) {
    byte[] v = p.pixels().clone();
    for (int i = 0; i < v.length; i++) {
      v[i] = (byte) ((v[i] & 0xFF) >= 128 ? 255 : 0);
    }
    return new Planar(p.channels(), p.height(), p.width(), v);
  }

  @Test
  void damageAndOtherModelsAreRefused() throws IOException {
    LosslessCodec codec = new LosslessCodec(natural);
    byte[] stream = codec.encode(List.of(scene), List.of(false), null).stream();
    for (int i = 0; i < stream.length; i += Math.max(1, stream.length / 50)) {
      byte[] bad = stream.clone();
      bad[i] ^= 0x10;
      assertThrows(CdrawException.class, () -> codec.decode(bad, null), "byte " + i);
    }
    CdrawModel other = CdrawModel.open(TestModels.write(dir, "other.cdm",
        TestModels.Fixture.TINY_8));
    CdrawException e = assertThrows(CdrawException.class,
        () -> new LosslessCodec(other).decode(stream, null));
    assertEquals(CdrawException.Kind.UNSUPPORTED_STREAM, e.kind());
  }

  static Planar crop(Planar p, int width, int height) {
    byte[] out = new byte[p.channels() * width * height];
    for (int c = 0; c < p.channels(); c++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          out[(c * height + y) * width + x] = (byte) p.value(c, y, x);
        }
      }
    }
    return new Planar(p.channels(), height, width, out);
  }
}
