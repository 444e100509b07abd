package io.cdraw.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cdraw.codec.format.LosslessStream;
import io.cdraw.codec.format.StreamHeader;

/**
 * The container reader and the decoder on arbitrary bytes, with the tiny test model: every input
 * either decodes or fails with a {@link CdrawException}; anything else (an index out of bounds,
 * an IllegalArgumentException, an OutOfMemoryError) is a bug. {@code mvn test} replays the corpus
 * in {@code testdata/fuzz/decode}; a campaign runs with
 * {@code JAZZER_FUZZ=1 mvn -pl codec test -Dtest=CdrawDecoderFuzzTest} (docs/fuzzing.md).
 *
 * <p>Headers declaring more than {@value #MAX_PIXELS} pixels are only inspected, not decoded, so
 * that one input costs milliseconds; large sizes are bounded by the memory check, tested apart.
 */
class CdrawDecoderFuzzTest {
  static final int MAX_PIXELS = 1 << 14;
  private static final CdrawModel MODEL = CdrawModel.open(TestModels.Fixture.TINY_7.path());

  /**
   * The lossless (bits-back) stream reader and decoder; corpus {@code testdata/fuzz/lossless}.
   * The input's last 4 bytes are replaced by its checksum, as a forger would, so that mutations
   * reach the stack and the decoder behind it.
   */
  @FuzzTest(maxDuration = "30m")
  void decodeLossless(byte[] input) {
    byte[] data = input.length >= 4 ? CdrawCodecTest.withChecksum(input) : input;
    LosslessStream stream;
    try {
      stream = LosslessStream.read(data);
    } catch (CdrawException expected) {
      return;
    }
    long pixels = 0;
    for (LosslessStream.Image image : stream.images()) {
      pixels += (long) image.width() * image.height();
    }
    if (pixels > MAX_PIXELS) {
      return;
    }
    try {
      new LosslessCodec(MODEL).decode(data, null);
    } catch (CdrawException expected) {
      return;
    }
  }

  @FuzzTest(maxDuration = "30m")
  void decode(byte[] data) {
    StreamHeader header;
    try {
      header = CdrawDecoder.inspect(data);
    } catch (CdrawException expected) {
      return;
    }
    if ((long) header.width() * header.height() > MAX_PIXELS) {
      return;
    }
    CdrawDecoder decoder = new CdrawDecoder(MODEL);
    for (CdrawDecoder.MissingSteps missing : CdrawDecoder.MissingSteps.values()) {
      try {
        decoder.decode(data, missing, 1, 7, null);
      } catch (CdrawException expected) {
        return;
      }
    }
  }
}
