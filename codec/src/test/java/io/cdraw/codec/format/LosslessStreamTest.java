package io.cdraw.codec.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdraw.codec.CdrawException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lossless container: fields survive a round trip, and every damage is refused. */
class LosslessStreamTest {
  static final LosslessStream STREAM = new LosslessStream(0x12345678, 4,
      List.of(new LosslessStream.Image(32, 32, false), new LosslessStream.Image(300, 7, true)),
      1234, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});

  @Test
  void fieldsRoundTripAndTheLayoutIsTheSpecified() {
    byte[] bytes = STREAM.write();
    assertTrue(LosslessStream.isLossless(bytes));
    assertFalse(LosslessStream.isLossless("CDRW".getBytes()));
    // magic, version, model id, m, count, 32, 32, 0, 300 (2 bytes), 7, 1, borrowed (2 bytes),
    // length 12, the stack, the checksum
    assertEquals(4 + 1 + 4 + 1 + 1 + 3 + 4 + 2 + 1 + 12 + 4, bytes.length);
    assertArrayEquals(new byte[] {'C', 'D', 'L', 'S', 1, 0x12, 0x34, 0x56, 0x78, 4, 2, 32, 32, 0},
        Arrays.copyOf(bytes, 14));
    LosslessStream back = LosslessStream.read(bytes);
    assertEquals(STREAM.modelId(), back.modelId());
    assertEquals(STREAM.images(), back.images());
    assertEquals(1234, back.borrowedWords());
    assertArrayEquals(STREAM.stack(), back.stack());
  }

  @Test
  void everyTruncationAndFlippedByteIsRefused() {
    byte[] bytes = STREAM.write();
    for (int n = 4; n < bytes.length; n++) {
      byte[] cut = Arrays.copyOf(bytes, n);
      assertEquals(CdrawException.Kind.CORRUPT_STREAM,
          assertThrows(CdrawException.class, () -> LosslessStream.read(cut)).kind(), n + " bytes");
    }
    for (int i = 4; i < bytes.length; i++) {
      byte[] bad = bytes.clone();
      bad[i] ^= 0x01;
      assertThrows(CdrawException.class, () -> LosslessStream.read(bad), "byte " + i);
    }
    byte[] future = bytes.clone();
    future[4] = 2;
    assertEquals(CdrawException.Kind.UNSUPPORTED_STREAM,
        assertThrows(CdrawException.class, () -> LosslessStream.read(future)).kind());
  }
}
