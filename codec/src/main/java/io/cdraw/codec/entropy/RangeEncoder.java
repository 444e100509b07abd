package io.cdraw.codec.entropy;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * A range coder over integer frequencies (the carry-propagating form used by LZMA: 64-bit low,
 * 32-bit range, a cached byte and a count of pending 0xFF bytes). Symbols are given as a
 * cumulative start and a frequency out of {@code 2^precisionBits}; the coder never sees
 * probabilities as floating point, so encoder and decoder agree on every machine.
 */
public final class RangeEncoder {
  static final long TOP = 1L << 24;
  static final int MAX_PRECISION_BITS = 16;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private long low;
  private long range = 0xFFFF_FFFFL;
  private int cache;
  private long cacheSize = 1;
  private boolean finished;

  /** An independent encoder in the same state, to try finishing here while coding goes on. */
  public RangeEncoder copy() {
    RangeEncoder c = new RangeEncoder();
    c.out.writeBytes(out.toByteArray());
    c.low = low;
    c.range = range;
    c.cache = cache;
    c.cacheSize = cacheSize;
    c.finished = finished;
    return c;
  }

  /** Codes a symbol occupying [start, start + frequency) of a total of 2^precisionBits. */
  public void encode(int start, int frequency, int precisionBits) {
    if (finished) {
      throw new IllegalStateException("encoder already finished");
    }
    if (frequency <= 0 || start < 0 || precisionBits < 1 || precisionBits > MAX_PRECISION_BITS
        || start + frequency > (1 << precisionBits)) {
      throw new IllegalArgumentException("bad symbol interval [" + start + ", "
          + (start + frequency) + ") of 2^" + precisionBits);
    }
    long r = range >>> precisionBits;
    low += r * start;
    range = r * frequency;
    while (range < TOP) {
      range <<= 8;
      shiftLow();
    }
  }

  /** Codes the low {@code count} bits of {@code value} with equal probabilities, high bit first. */
  public void encodeBits(long value, int count) {
    for (int i = count - 1; i >= 0; i--) {
      encode((int) ((value >>> i) & 1), 1, 1);
    }
  }

  /**
   * At most this many trailing zero bytes are dropped, so that a decoder can tell a valid stream,
   * which it reads at most {@link RangeDecoder#OVERRUN} bytes past its end, from a damaged one.
   */
  public static final int MAX_DROPPED_ZEROS = 8;

  /**
   * Flushes and returns the coded bytes. The final value is the one in [low, low + range) with the
   * most trailing zero bytes, and trailing zero bytes are dropped (at most
   * {@link #MAX_DROPPED_ZEROS}): the decoder reads zeros past the end, so the flush costs at most
   * about one byte.
   */
  public byte[] finish() {
    if (!finished) {
      for (int zeroBits = 32; zeroBits >= 0; zeroBits -= 8) {
        long mask = (1L << zeroBits) - 1;
        long candidate = (low + mask) & ~mask;
        if (candidate < low + range) {
          low = candidate;
          break;
        }
      }
      for (int i = 0; i < 5; i++) {
        shiftLow();
      }
      finished = true;
    }
    byte[] bytes = out.toByteArray();
    int length = bytes.length;
    int floor = bytes.length - MAX_DROPPED_ZEROS;
    while (length > 0 && length > floor && bytes[length - 1] == 0) {
      length--;
    }
    // The first byte is the initial cache, always zero (the code value stays below 1); skip it.
    return length <= 1 ? new byte[0] : Arrays.copyOfRange(bytes, 1, length);
  }

  private void shiftLow() {
    if (low < 0xFF00_0000L || low > 0xFFFF_FFFFL) {
      int carry = (int) (low >>> 32);
      int temp = cache;
      do {
        out.write((temp + carry) & 0xFF);
        temp = 0xFF;
      } while (--cacheSize != 0);
      cache = (int) ((low >>> 24) & 0xFF);
    }
    cacheSize++;
    low = (low & 0x00FF_FFFFL) << 8;
  }
}
