package io.cdraw.codec.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Round trips on seeded random streams and tables, and the coded size against the exact ideal
 * length −Σ log2(f / 2^precision) computed from the same integer frequencies.
 */
class RangeCoderTest {
  @Test
  void roundTripsRandomTablesWithinAFewBytesOfTheIdealLength() {
    long seed = 20261122;
    Random random = new Random(seed);
    for (int trial = 0; trial < 200; trial++) {
      int precision = 1 + random.nextInt(RangeEncoder.MAX_PRECISION_BITS);
      int[] cumulative = randomTable(random, precision, trial);
      int symbols = cumulative.length - 1;
      int length = trial % 10 == 0 ? random.nextInt(3) : random.nextInt(5000);
      int[] stream = new int[length];
      double ideal = 0;
      RangeEncoder enc = new RangeEncoder();
      for (int i = 0; i < length; i++) {
        int s = sample(random, cumulative);
        stream[i] = s;
        int f = cumulative[s + 1] - cumulative[s];
        ideal += precision - Math.log(f) / Math.log(2);
        enc.encode(cumulative[s], f, precision);
      }
      byte[] bytes = enc.finish();
      RangeDecoder dec = new RangeDecoder(bytes, 0, bytes.length);
      int[] back = new int[length];
      for (int i = 0; i < length; i++) {
        int f = dec.decodeFrequency(precision);
        int s = 0;
        while (cumulative[s + 1] <= f) {
          s++;
        }
        dec.consume(cumulative[s], cumulative[s + 1] - cumulative[s]);
        back[i] = s;
      }
      assertArrayEquals(stream, back, "seed " + seed + " trial " + trial);
      double excess = bytes.length * 8 - ideal;
      // The coder loses at most ~1e-4 bit per symbol to integer division, plus its flush.
      assertTrue(excess <= 16 + 1e-3 * length,
          "seed " + seed + " trial " + trial + ": " + bytes.length * 8 + " bits for ideal " + ideal
              + " (" + symbols + " symbols)");
    }
  }

  @Test
  void emptyStreamIsEmpty() {
    assertEquals(0, new RangeEncoder().finish().length);
  }

  @Test
  void equiprobableBitsRoundTrip() {
    RangeEncoder enc = new RangeEncoder();
    enc.encodeBits(0xDEADBEEFL, 32);
    enc.encodeBits(5, 3);
    byte[] bytes = enc.finish();
    RangeDecoder dec = new RangeDecoder(bytes, 0, bytes.length);
    assertEquals(0xDEADBEEFL, dec.decodeBits(32));
    assertEquals(5, dec.decodeBits(3));
    assertTrue(bytes.length <= 5 + 1, "35 bits take " + bytes.length + " bytes");
  }

  @Test
  void atMostEightTrailingZerosAreDroppedSoADecoderCanBoundItsOverrun() {
    RangeEncoder enc = new RangeEncoder();
    enc.encodeBits(0, 10_000); // 1,250 zero bytes: all of them were dropped before
    byte[] bytes = enc.finish();
    assertTrue(bytes.length >= 1250 - RangeEncoder.MAX_DROPPED_ZEROS, bytes.length + " bytes");
    RangeDecoder dec = new RangeDecoder(bytes, 0, bytes.length);
    assertEquals(0, dec.decodeBits(10_000 - 64) | dec.decodeBits(64));
  }

  @Test
  void readingFarPastTheEndIsAnError() {
    byte[] bytes = {(byte) 0x9c, 0x41};
    RangeDecoder dec = new RangeDecoder(bytes, 0, bytes.length);
    // each equiprobable bit reads a byte every 8 bits: 8 * (2 + OVERRUN) bits exhaust the slack
    assertThrows(IllegalStateException.class,
        () -> dec.decodeBits(8 * (bytes.length + RangeDecoder.OVERRUN)));
  }

  private static int[] randomTable(Random random, int precision, int trial) {
    int total = 1 << precision;
    int symbols = Math.min(total, 1 + random.nextInt(trial % 3 == 0 ? 3 : 300));
    int[] freq = new int[symbols];
    int remaining = total - symbols;
    if (trial % 4 == 0) {
      freq[random.nextInt(symbols)] += remaining; // one dominant symbol, the rest rare
    } else {
      for (int i = 0; i < symbols && remaining > 0; i++) {
        int add = i == symbols - 1 ? remaining : random.nextInt(remaining + 1) / 2;
        freq[i] += add;
        remaining -= add;
      }
      freq[0] += remaining;
    }
    int[] cumulative = new int[symbols + 1];
    for (int i = 0; i < symbols; i++) {
      cumulative[i + 1] = cumulative[i] + freq[i] + 1;
    }
    return cumulative;
  }

  private static int sample(Random random, int[] cumulative) {
    int f = random.nextInt(cumulative[cumulative.length - 1]);
    int s = 0;
    while (cumulative[s + 1] <= f) {
      s++;
    }
    return s;
  }
}
