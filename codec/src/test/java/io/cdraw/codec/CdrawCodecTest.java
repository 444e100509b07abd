package io.cdraw.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdraw.codec.format.CdrawFormat;
import io.cdraw.codec.format.ContainerWriter;
import io.cdraw.codec.format.StreamHeader;
import io.cdraw.codec.io.ImageFiles;
import io.cdraw.codec.metrics.Psnr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CdrawCodecTest {
  static final Path TESTDATA = Path.of(System.getProperty("cdraw.testdata", "../testdata"));
  @TempDir static Path dir;
  static CdrawModel codec;
  static ImageFiles.Planar scene;

  @BeforeAll
  static void setUp() throws IOException {
    codec = CdrawModel.open(TestModels.write(dir, "tiny.cdm", TestModels.Fixture.TINY_7));
    scene = ImageFiles.readForCodec(Files.readAllBytes(TESTDATA.resolve("scene-61x47.png")), 3,
        "scene").image();
  }

  @Test
  void roundTripIsDeterministicAndKeepsTheSize() {
    EncodeResult a = new CdrawEncoder(codec).encode(scene, false, 4, 0, null);
    EncodeResult b = new CdrawEncoder(codec).encode(scene, false, 4, 0, null);
    assertArrayEquals(a.stream(), b.stream(), "encoding is a function of its input");
    assertEquals(4, a.storedSteps());
    ImageFiles.Planar d1 = new CdrawDecoder(codec).decode(a.stream(), 0, 1, null);
    ImageFiles.Planar d2 = new CdrawDecoder(codec).decode(a.stream(), 1, 99, null);
    assertEquals(61, d1.width());
    assertEquals(47, d1.height());
    assertArrayEquals(d1.pixels(), d2.pixels(), "with every step stored nothing is generated");
  }

  @Test
  void bitsPerPixelIsNeverExceededAndTheMostStepsThatFitAreStored() {
    long pixels = 61L * 47;
    EncodeResult all = new CdrawEncoder(codec).encode(scene, false, 4, 0, null);
    for (double bpp : new double[] {0.1, 0.5, 1, 2, 3, 5, 8, 100}) {
      if (bpp * pixels < 8 * 30) {
        continue; // below the header, tested separately
      }
      EncodeResult r = new CdrawEncoder(codec).encode(scene, false, 4, bpp, null);
      assertTrue(r.fileBits() <= bpp * pixels, bpp + " bpp: " + r.fileBits() + " bits");
      if (r.storedSteps() < 4) {
        EncodeResult more = new CdrawEncoder(codec).encode(scene, false, r.storedSteps() + 1, 0, null);
        assertTrue(more.fileBits() > bpp * pixels, "one more step would have fitted at " + bpp);
      } else {
        assertArrayEquals(all.stream(), r.stream());
      }
    }
    CdrawException tooLow = assertThrows(CdrawException.class,
        () -> new CdrawEncoder(codec).encode(scene, false, 4, 0.01, null));
    assertTrue(tooLow.getMessage().contains("smallest file"), tooLow.getMessage());
  }

  @Test
  void aBudgetBetweenTwoStepsIsFilledWithAPartialStep() {
    EncodeResult one = new CdrawEncoder(codec).encode(scene, false, 1, 0, null);
    EncodeResult two = new CdrawEncoder(codec).encode(scene, false, 2, 0, null);
    double pixels = 61.0 * 47;
    double bpp = (two.fileBits() - 16) / pixels;
    EncodeResult r = new CdrawEncoder(codec).encode(scene, false, 4, bpp, null);
    assertEquals(1, r.storedSteps());
    assertTrue(r.partialSymbols() > 0, "all but two bytes of a step buy most of its symbols");
    assertTrue(r.fileBits() <= bpp * pixels && r.fileBits() > one.fileBits(), r.fileBits() + "");
    double[] bits = new CdrawDecoder(codec).stepBits(r.stream());
    assertEquals(2, bits.length, "the whole step and the partial one");
    assertEquals(r.idealBits(), bits[0] + bits[1], 1e-6 * r.idealBits());
    assertTrue(bits[1] > 0 && bits[1] < two.idealBits() - one.idealBits(), bits[1] + " bits");
    assertEquals(61, new CdrawDecoder(codec).decode(r.stream(), 1, 1, null).width());
  }

  /**
   * Streams written by the format-3 encoder (testdata, made with the tiny model before the coding
   * order by prior scale) decode as they did: two whole steps to the pixels the current encoder's
   * two steps give (the order of a whole step changes the bytes, not the latents), with versions
   * 2 and 1 made from them; and a partial step, coded in the latents' own order, to the pixels
   * the format-3 decoder wrote.
   */
  @Test
  void streamsOfEarlierVersionsStillDecode() throws IOException {
    byte[] v3 = Files.readAllBytes(TESTDATA.resolve("scene-tiny7-2steps-v3.cdraw"));
    assertEquals(3, CdrawDecoder.inspect(v3).version());
    // At offset 14 (9 + 1 + 1 + 3 here): the partial-symbols varint (since version 2), then the
    // symbol check and, since version 3, the two steps' 2-byte checks at 19 … 22.
    assertEquals(0, v3[14]);
    byte[] v2 = olderVersion(v3, 2, 19, 4);
    byte[] v1 = olderVersion(v2, 1, 14, 1);
    CdrawDecoder decoder = new CdrawDecoder(codec);
    byte[] current = new CdrawEncoder(codec).encode(scene, false, 2, 0, null).stream();
    assertFalse(Arrays.equals(current, v3), "version 4 on codes the step in another order");
    byte[] pixels = decoder.decode(current, 0, 1, null).pixels();
    assertArrayEquals(pixels, decoder.decode(v3, 0, 1, null).pixels());
    assertArrayEquals(pixels, decoder.decode(v2, 0, 1, null).pixels());
    assertArrayEquals(pixels, decoder.decode(v1, 0, 1, null).pixels());
    assertEquals(0, CdrawDecoder.inspect(v2).stepChecks().length);

    // Partial steps of the format-3, -4 and -5 encoders at 0.5 bpp (testdata) decode to the
    // pixels their decoders wrote: version 4 has no width code, version 5 no filter field; and
    // the format-6 encoder's filtered stream at 2 bpp, whose filter reads no guided planes
    assertEquals(434, decodesAsWritten("scene-tiny7-partial-v3", 3).partialSymbols());
    assertEquals(382, decodesAsWritten("scene-tiny7-partial-v4", 4).partialSymbols());
    StreamHeader v5 = decodesAsWritten("scene-tiny7-partial-v5", 5);
    assertEquals(365, v5.partialSymbols());
    assertEquals(0, v5.filterSize());
    StreamHeader v6 = decodesAsWritten("scene-tiny7-filter-v6", 6);
    assertEquals(3, v6.filterSize());
    assertEquals(ReconstructionFilter.coefficients(3, 3, false), v6.filterDeltas().length);
  }

  /** Checks that testdata's NAME.cdraw of this version decodes, stopped, to NAME.png. */
  private static StreamHeader decodesAsWritten(String name, int version) throws IOException {
    byte[] stream = Files.readAllBytes(TESTDATA.resolve(name + ".cdraw"));
    StreamHeader h = CdrawDecoder.inspect(stream);
    assertEquals(version, h.version());
    byte[] written = ImageFiles.read(TESTDATA.resolve(name + ".png"), 3).pixels();
    assertArrayEquals(written, new CdrawDecoder(codec).decode(stream,
        CdrawDecoder.MissingSteps.STOP, 0, 0, null).pixels(), name);
    return h;
  }

  @Test
  void aFilterIsKeptWhenItsPictureIsCloserAndOnlyTheStoredPrefixIsFiltered() {
    double pixels = 61.0 * 47;
    CdrawDecoder decoder = new CdrawDecoder(codec);
    int chosen = 0;
    for (double bpp : new double[] {0.5, 1, 2, 4}) {
      EncodeResult plain = new CdrawEncoder(codec, false).encode(scene, false, 4, bpp, null);
      EncodeResult filtered = new CdrawEncoder(codec, true).encode(scene, false, 4, bpp, null);
      assertEquals(0, plain.filterSize());
      assertTrue(filtered.fileBits() <= bpp * pixels, "within the budget at " + bpp);
      StreamHeader h = CdrawDecoder.inspect(filtered.stream());
      assertEquals(filtered.filterSize(), h.filterSize());
      ImageFiles.Planar stop = decoder.decode(filtered.stream(), CdrawDecoder.MissingSteps.STOP,
          0, 0, null);
      long plainError = Psnr.squaredError(
          decoder.decode(plain.stream(), CdrawDecoder.MissingSteps.STOP, 0, 0, null), scene);
      if (filtered.filterSize() == 0) {
        assertArrayEquals(plain.stream(), filtered.stream(), "no filter: the plain file");
        continue;
      }
      chosen++;
      assertEquals(ReconstructionFilter.coefficients(3, h.filterSize(), true), h.filterDeltas().length);
      assertTrue(Psnr.squaredError(stop, scene) < plainError, "the filter pays at " + bpp);
      // the same stream without its filter: the stored prefix differs by exactly the filter,
      // and steps generated after it are not filtered
      byte[] bare = withoutFilter(filtered.stream());
      ImageFiles.Planar bareStop = decoder.decode(bare, CdrawDecoder.MissingSteps.STOP, 0, 0, null);
      ReconstructionFilter filter = ReconstructionFilter.fromDeltas(3, h.filterSize(), true,
          h.filterDeltas());
      assertArrayEquals(filter.apply(bareStop).pixels(), stop.pixels());
      if (h.codedSteps() < h.totalSteps()) {
        assertArrayEquals(decoder.decode(bare, 0.5, 7, null).pixels(),
            decoder.decode(filtered.stream(), 0.5, 7, null).pixels());
      }
    }
    assertTrue(chosen > 0, "the tiny model's pictures gain from a filter at some rate");
  }

  /** The stream with its header's filter left out. */
  private static byte[] withoutFilter(byte[] stream) {
    io.cdraw.codec.format.ContainerReader.Parsed p =
        io.cdraw.codec.format.ContainerReader.read(stream);
    StreamHeader h = p.header();
    return ContainerWriter.write(new StreamHeader(h.version(), h.modelId(), h.width(), h.height(),
        h.flags(), h.storedSteps(), h.totalSteps(), h.partialSymbols(), h.partialWidthCode(),
        h.symbolCheck(), h.stepChecks()), Arrays.copyOfRange(p.bytes(), p.payloadOffset(),
        p.payloadOffset() + p.payloadLength()));
  }

  @Test
  void aFilterMustFitTheModelAndTheFormat() {
    EncodeResult r = new CdrawEncoder(codec, false).encode(scene, false, 2, 0, null);
    io.cdraw.codec.format.ContainerReader.Parsed p =
        io.cdraw.codec.format.ContainerReader.read(r.stream());
    StreamHeader h = p.header();
    byte[] payload = Arrays.copyOfRange(p.bytes(), p.payloadOffset(),
        p.payloadOffset() + p.payloadLength());
    // a 3x3 filter with the coefficients of one channel: the model has three
    byte[] wrongCount = ContainerWriter.write(new StreamHeader(h.version(), h.modelId(), h.width(),
        h.height(), h.flags(), h.storedSteps(), h.totalSteps(), 0, 0, 3,
        new int[ReconstructionFilter.coefficients(1, 3, true)], h.symbolCheck(), h.stepChecks()),
        payload);
    CdrawException e = assertThrows(CdrawException.class,
        () -> new CdrawDecoder(codec).decode(wrongCount, 0, 0, null));
    assertEquals(CdrawException.Kind.CORRUPT_STREAM, e.kind());
    assertTrue(e.getMessage().contains("reconstruction filter"), e.getMessage());
    // an even side is refused by the reader, and by the header for API callers
    byte[] even = r.stream().clone();
    int at = 15; // the filter size follows the partial-symbols varint (0) at offset 14
    assertEquals(0, even[at]);
    even[at] = 2;
    e = assertThrows(CdrawException.class, () -> CdrawDecoder.inspect(even));
    assertEquals(CdrawException.Kind.CORRUPT_STREAM, e.kind());
    assertTrue(e.getMessage().contains("filter size 2"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new StreamHeader(CdrawFormat.VERSION,
        codec.modelId(), 20, 12, 0, 1, 4, 0, 0, 2, new int[10], 0, new int[1]));
    assertThrows(IllegalArgumentException.class, () -> new StreamHeader(5, codec.modelId(), 20,
        12, 0, 1, 4, 0, 0, 3, new int[84], 0, new int[1]));
  }

  @Test
  void aPartialWidthCodeNeedsAPartialStepAndAtMostTheLargestCode() {
    byte[] stream = new CdrawEncoder(codec).encode(scene, false, 4, 0.5, null).stream();
    StreamHeader h = CdrawDecoder.inspect(stream);
    assertTrue(h.partialSymbols() > 0);
    // the code's byte follows the partial-symbols varint (offset 14, 2 bytes for 365)
    assertEquals(h.partialWidthCode(), stream[16]);
    byte[] wide = stream.clone();
    wide[16] = (byte) (CdrawFormat.MAX_PARTIAL_WIDTH_CODE + 1);
    CdrawException e = assertThrows(CdrawException.class, () -> CdrawDecoder.inspect(wide));
    assertEquals(CdrawException.Kind.CORRUPT_STREAM, e.kind());
    assertTrue(e.getMessage().contains("partial width code 5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new StreamHeader(CdrawFormat.VERSION,
        codec.modelId(), 20, 12, 0, 1, 4, 0, 1, 0, new int[1]));
    assertThrows(IllegalArgumentException.class, () -> new StreamHeader(4, codec.modelId(), 20,
        12, 0, 1, 4, 5, 1, 0, new int[2]));
  }

  @Test
  void theCodingOrderRunsFromTheLargestPriorScaleDown() {
    int[] scales = {3, 10, 3, 63, 0, 10};
    assertArrayEquals(new int[] {3, 1, 5, 0, 2, 4}, LatentCoder.codingOrder(scales, 4),
        "largest table index first, the latents' order among equal ones");
    assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, LatentCoder.codingOrder(scales, 3));
  }

  /** The stream with {@code length} bytes at {@code at} removed, as version {@code version}. */
  private static byte[] olderVersion(byte[] stream, int version, int at, int length) {
    byte[] old = new byte[stream.length - length];
    System.arraycopy(stream, 0, old, 0, at);
    System.arraycopy(stream, at + length, old, at, stream.length - at - length);
    old[4] = (byte) version;
    return withChecksum(old);
  }

  /** The stream with its container checksum recomputed, as a forger would. */
  static byte[] withChecksum(byte[] stream) {
    byte[] out = stream.clone();
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(out, 0, out.length - 4);
    int c = (int) crc.getValue();
    for (int i = 0; i < 4; i++) {
      out[out.length - 4 + i] = (byte) (c >>> (24 - 8 * i));
    }
    return out;
  }

  @Test
  void aGarbledPayloadStopsAtTheFirstStepThatFailsItsCheck() {
    byte[] stream = new CdrawEncoder(codec).encode(scene, false, 4, 0, null).stream();
    assertEquals(4, CdrawDecoder.inspect(stream).stepChecks().length);
    // Each bit of the first payload byte, with the container checksum made valid again as a
    // forger would: step 1's symbols change, and no step may run (version 2 ran three).
    int first = stream.length - 4 - payloadBytes(stream);
    int caughtByTheStepCheck = 0;
    for (int bit = 0; bit < 8; bit++) {
      byte[] bad = stream.clone();
      bad[first] ^= (byte) (1 << bit);
      byte[] forged = withChecksum(bad);
      int[] steps = {0};
      CdrawException e = assertThrows(CdrawException.class,
          () -> new CdrawDecoder(codec).decode(forged, 0, 0, t -> steps[0] = t), "bit " + bit);
      assertEquals(CdrawException.Kind.CORRUPT_STREAM, e.kind());
      assertEquals(0, steps[0], "bit " + bit + ": " + e.getMessage());
      assertTrue(e.getMessage().contains("step 1"), e.getMessage());
      if (e.getMessage().contains("fail their check")) {
        caughtByTheStepCheck++;
      }
    }
    assertTrue(caughtByTheStepCheck > 0, "the range decoder caught every flip itself");
  }

  /** The payload length of a stream of the scene (one-byte size and partial-symbols varints). */
  private static int payloadBytes(byte[] stream) {
    // no partial step and no filter: the filter size byte 0 at 15, the symbol check at 16
    int at = 16 + 4 + 2 * CdrawDecoder.inspect(stream).codedSteps();
    int length = 0;
    for (int shift = 0; ; shift += 7) {
      int b = stream[at++] & 0xFF;
      length |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return length;
      }
    }
  }

  @Test
  void codedBitsStayCloseToTheIdealRate() {
    EncodeResult r = new CdrawEncoder(codec).encode(scene, false, 4, 0, null);
    assertTrue(r.idealBits() > 100, "the test needs a real payload");
    assertTrue(r.payloadBits() - r.idealBits() < 16 + 0.001 * r.idealBits(),
        r.payloadBits() + " coded bits for " + r.idealBits() + " ideal");
  }

  @Test
  void generatedStepsFollowTheSeedAndVariance() {
    EncodeResult one = new CdrawEncoder(codec).encode(scene, false, 1, 0, null);
    byte[] mean1 = new CdrawDecoder(codec).decode(one.stream(), 0, 1, null).pixels();
    byte[] mean2 = new CdrawDecoder(codec).decode(one.stream(), 0, 2, null).pixels();
    assertArrayEquals(mean1, mean2, "variance 0 uses the prior mean, whatever the seed");
    byte[] s1 = new CdrawDecoder(codec).decode(one.stream(), 1, 1, null).pixels();
    byte[] s1again = new CdrawDecoder(codec).decode(one.stream(), 1, 1, null).pixels();
    byte[] s2 = new CdrawDecoder(codec).decode(one.stream(), 1, 2, null).pixels();
    assertArrayEquals(s1, s1again, "same seed, same sample");
    assertFalse(Arrays.equals(s1, s2), "another seed, another sample");
  }

  @Test
  void everyTruncationAndEveryFlippedByteIsReportedNotDecoded() {
    byte[] stream = new CdrawEncoder(codec).encode(scene, false, 2, 0, null).stream();
    for (int length = 0; length < stream.length; length++) {
      byte[] cut = Arrays.copyOf(stream, length);
      CdrawException e = assertThrows(CdrawException.class, () -> new CdrawDecoder(codec).decode(cut, 0, 0, null),
          "truncated to " + length);
      assertTrue(e.kind() != CdrawException.Kind.UNSUPPORTED_STREAM || length > 4, e.getMessage());
    }
    for (int i = 0; i < stream.length; i++) {
      byte[] bad = stream.clone();
      bad[i] ^= (byte) (1 << (i % 8));
      assertThrows(CdrawException.class, () -> new CdrawDecoder(codec).decode(bad, 0, 0, null), "byte " + i);
    }
  }

  @Test
  void streamsOfOtherModelsAndVersionsAreRefused() throws IOException {
    byte[] stream = new CdrawEncoder(codec).encode(scene, false, 1, 0, null).stream();
    CdrawModel other = CdrawModel.open(TestModels.write(dir, "other.cdm", TestModels.Fixture.TINY_8));
    CdrawException e = assertThrows(CdrawException.class, () -> new CdrawDecoder(other).decode(stream, 0, 0, null));
    assertEquals(CdrawException.Kind.UNSUPPORTED_STREAM, e.kind());
    assertTrue(e.getMessage().contains("another model"), e.getMessage());
    byte[] future = stream.clone();
    future[4] = CdrawFormat.VERSION + 1;
    e = assertThrows(CdrawException.class, () -> new CdrawDecoder(codec).decode(future, 0, 0, null));
    assertEquals(CdrawException.Kind.UNSUPPORTED_STREAM, e.kind());
    assertTrue(e.getMessage().contains("version " + (CdrawFormat.VERSION + 1)), e.getMessage());
    e = assertThrows(CdrawException.class,
        () -> new CdrawDecoder(codec).decode("PNG not cdraw".getBytes(), 0, 0, null));
    assertEquals(CdrawException.Kind.BAD_INPUT, e.kind());
  }

  @Test
  void aHeaderDeclaringAHugeImageIsRefusedBeforeAllocating() {
    byte[] stream = ContainerWriter.write(new StreamHeader(CdrawFormat.VERSION,
        codec.modelId(), 32768, 32768, 0, 0, 4, 0, 0, 0, new int[0]), new byte[0]);
    CdrawException e = assertThrows(CdrawException.class, () -> new CdrawDecoder(codec).decode(stream, 0, 0, null));
    assertEquals(CdrawException.Kind.BAD_INPUT, e.kind());
    assertTrue(e.getMessage().contains("more than the limit of 36000000"), e.getMessage());
    CdrawModel unlimited = codec.withMaxPixels(Long.MAX_VALUE); // then the memory check refuses it
    e = assertThrows(CdrawException.class, () -> new CdrawDecoder(unlimited).decode(stream, 0, 0, null));
    assertEquals(CdrawException.Kind.BAD_INPUT, e.kind());
    assertTrue(e.getMessage().contains("32768x32768 image needs about"), e.getMessage());
  }

  @Test
  void aPayloadTooShortForItsStepsFailsInTheFirstStep() {
    // 4 whole steps of a 320x240 image claimed, 3 bytes of payload: the decoder runs out of bytes
    // in step 1 and stops there, instead of decoding all 4 steps on zeros before the check fails
    byte[] stream = ContainerWriter.write(new StreamHeader(CdrawFormat.VERSION,
        codec.modelId(), 320, 240, 0, 4, 4, 0, 0, 0, new int[4]), new byte[] {1, 2, 3});
    int[] steps = {0};
    CdrawException e = assertThrows(CdrawException.class,
        () -> new CdrawDecoder(codec).decode(stream, 0, 0, t -> steps[0] = t));
    assertEquals(CdrawException.Kind.CORRUPT_STREAM, e.kind());
    assertEquals(0, steps[0], "no step completed");
    assertTrue(e.getMessage().contains("step 1"), e.getMessage());
  }

  @Test
  void filesShorterThanTheMagicAreTruncatedStreamsWhenTheyStartLikeOne() {
    byte[] magic = io.cdraw.codec.format.CdrawFormat.MAGIC;
    for (int n = 0; n < magic.length; n++) {
      byte[] cut = java.util.Arrays.copyOf(magic, n);
      CdrawException e = assertThrows(CdrawException.class, () -> CdrawDecoder.inspect(cut));
      assertEquals(CdrawException.Kind.CORRUPT_STREAM, e.kind(), n + " bytes");
    }
    CdrawException e = assertThrows(CdrawException.class,
        () -> CdrawDecoder.inspect(new byte[] {'P', 'N'}));
    assertEquals(CdrawException.Kind.BAD_INPUT, e.kind());
  }

  @Test
  void aStreamWithoutCodedStepsIsCheckedLikeAnyOther() {
    CdrawDecoder decoder = new CdrawDecoder(codec);
    StreamHeader honest = new StreamHeader(CdrawFormat.VERSION, codec.modelId(), 20, 12, 0, 0, 4,
        0, 0, 0, new int[0]);
    assertEquals(20 * 12 * 3,
        decoder.decode(ContainerWriter.write(honest, new byte[0]), 0, 0, null).pixels().length);
    byte[] payload = ContainerWriter.write(honest, new byte[] {42});
    CdrawException e = assertThrows(CdrawException.class, () -> decoder.decode(payload, 0, 0, null));
    assertEquals(CdrawException.Kind.CORRUPT_STREAM, e.kind());
    byte[] check = ContainerWriter.write(new StreamHeader(CdrawFormat.VERSION, codec.modelId(), 20,
        12, 0, 0, 4, 0, 0, 7, new int[0]), new byte[0]);
    e = assertThrows(CdrawException.class, () -> decoder.decode(check, 0, 0, null));
    assertEquals(CdrawException.Kind.CORRUPT_STREAM, e.kind());
  }

  @Test
  void stepBitsAddUpToTheIdealRate() {
    EncodeResult r = new CdrawEncoder(codec).encode(scene, false, 3, 0, null);
    double[] bits = new CdrawDecoder(codec).stepBits(r.stream());
    assertEquals(3, bits.length);
    assertEquals(r.idealBits(), bits[0] + bits[1] + bits[2], 1e-6 * r.idealBits());
  }

  @Test
  void stoppingAtTheStoredPrefixSkipsOnlyTheGeneratedSteps() {
    CdrawDecoder decoder = new CdrawDecoder(codec);
    byte[] all = new CdrawEncoder(codec).encode(scene, false, 4, 0, null).stream();
    assertArrayEquals(decoder.decode(all, 0, 0, null).pixels(),
        decoder.decode(all, CdrawDecoder.MissingSteps.STOP, 0, 0, null).pixels());
    byte[] two = new CdrawEncoder(codec).encode(scene, false, 2, 0, null).stream();
    byte[] generated = decoder.decode(two, 0, 0, null).pixels();
    byte[] stopped = decoder.decode(two, CdrawDecoder.MissingSteps.STOP, 0, 0, null).pixels();
    assertFalse(Arrays.equals(generated, stopped), "steps 3 and 4 change the canvas");
    assertArrayEquals(stopped, decoder.decode(two, CdrawDecoder.MissingSteps.STOP, 1, 7, null)
        .pixels(), "no step is generated, so the variance does not matter");
    assertEquals(CdrawDecoder.MissingSteps.GENERATE, codec.defaultMissingSteps(0),
        "likelihood models generate, as the paper's conceptual compression does");
  }

  /**
   * Golden values: the tiny model's file, the stream of the scene fixture and its decoded pixels.
   * A change here changes the format or the engine's arithmetic: bump the format version or note
   * it in docs/format.md before updating these.
   */
  @Test
  void goldenStreamAndPixels() throws Exception {
    assertEquals(GOLDEN, GoldenMain.compute(TESTDATA));
  }

  static final String GOLDEN = "0f7f4f2d7b4358fc 1846e54e6a38de5e b7b688067b10d872 3+350w0 "
      + "e2e2422500416e3c 1bca2d09f20a8f5d filter3 cc8f30f128ac1224 5c4d5ca1d988384c "
      + "lossless 9545cbf6be2deaca 4d3077182dd14e4f 25d560a55a2ec384";

  static String sha(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
  }
}
