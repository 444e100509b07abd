package io.cdraw.codec.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.cdraw.codec.CdrawException;
import java.io.IOException;

/**
 * The image readers behind {@code cdraw encode} on arbitrary bytes: every input is read or
 * refused with an {@link IOException} or a {@link CdrawException} (exit code 3); anything else (an
 * unchecked exception from the pixel conversion, an {@code OutOfMemoryError}, a hang) is a bug.
 * {@code mvn test} replays the corpus in {@code testdata/fuzz/images} (PNG, JPEG, BMP, TIFF, GIF
 * in the colour types the codec treats apart); a campaign runs with
 * {@code JAZZER_FUZZ=1 mvn -pl codec test -Dtest=ImageReaderFuzzTest} (docs/fuzzing.md).
 *
 * <p>Headers declaring more than {@value #MAX_PIXELS} pixels are refused by the size check, as the
 * model's memory check refuses large images before any pixel is decoded, so an input costs
 * milliseconds.
 */
class ImageReaderFuzzTest {
  static final int MAX_PIXELS = 1 << 16;

  @FuzzTest(maxDuration = "30m")
  void read(byte[] data) {
    for (int channels : new int[] {3, 1}) {
      for (boolean acceptDamaged : new boolean[] {false, true}) {
        try {
          ImageFiles.Loaded loaded = ImageFiles.readForCodec(data, channels, "input",
              acceptDamaged, (w, h) -> {
                if ((long) w * h > MAX_PIXELS) {
                  throw new CdrawException(CdrawException.Kind.BAD_INPUT, "too large to fuzz");
                }
              });
          if (loaded.image().pixels().length
              != (long) channels * loaded.image().width() * loaded.image().height()) {
            throw new AssertionError("planar size does not match the image's");
          }
        } catch (IOException | CdrawException expected) {
          // refused with a reason: exit code 3
        }
      }
    }
  }
}
