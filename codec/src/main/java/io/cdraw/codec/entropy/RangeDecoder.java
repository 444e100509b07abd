package io.cdraw.codec.entropy;

/** Decodes what {@link RangeEncoder} wrote, given the same frequencies in the same order. */
public final class RangeDecoder {
  private final byte[] in;
  private final int end;
  private int position;
  private long range = 0xFFFF_FFFFL;
  private long code;
  private long r;

  /** Decodes {@code bytes[offset, offset + length)}; bytes past the end read as zero. */
  public RangeDecoder(byte[] bytes, int offset, int length) {
    this.in = bytes;
    this.position = offset;
    this.end = offset + length;
    for (int i = 0; i < 4; i++) {
      code = (code << 8) | nextByte();
    }
  }

  /**
   * The cumulative frequency the next symbol falls in; call {@link #consume} with its interval.
   */
  public int decodeFrequency(int precisionBits) {
    r = range >>> precisionBits;
    long value = code / r;
    long top = (1L << precisionBits) - 1;
    return (int) Math.min(value, top);
  }

  public void consume(int start, int frequency) {
    code -= r * start;
    range = r * frequency;
    while (range < RangeEncoder.TOP) {
      code = ((code << 8) | nextByte()) & 0xFFFF_FFFFL;
      range <<= 8;
    }
  }

  public long decodeBits(int count) {
    long value = 0;
    for (int i = 0; i < count; i++) {
      int bit = decodeFrequency(1);
      consume(bit, 1);
      value = (value << 1) | bit;
    }
    return value;
  }

  private int nextByte() {
    int b = position < end ? in[position] & 0xFF : 0;
    position++;
    return b;
  }
}
