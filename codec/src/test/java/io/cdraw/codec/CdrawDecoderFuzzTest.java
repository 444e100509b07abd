package io.cdraw.codec;

import com.code_intelligence.jazzer.junit.FuzzTest;
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
