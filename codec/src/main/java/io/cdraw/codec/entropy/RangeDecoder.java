package io.cdraw.codec.entropy;

/** Decodes what {@link RangeEncoder} wrote, given the same frequencies in the same order. */
public final class RangeDecoder {
  /**
   * How far past the end of its bytes the decoder of a valid stream can read: the zeros the
   * encoder dropped plus the 4-byte code register and the flush. Reading further means the
   * stream is damaged (or claims more symbols than it holds), and decoding stops there instead of
   * running every remaining step on zeros.
   */
  public static final int OVERRUN = RangeEncoder.MAX_DROPPED_ZEROS + 8;

  private final byte[] in;
  private final int end;
  private int position;
  private long range = 0xFFFF_FFFFL;
  private long code;
  private long r;

  /**
   * Decodes {@code bytes[offset, offset + length)}; bytes past the end read as zero, up to
   * {@link #OVERRUN} of them; the next read throws {@link IllegalStateException}.
   */
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
    if (position >= end + OVERRUN) {
      throw new IllegalStateException("read past the end of the coded bytes");
    }
    int b = position < end ? in[position] & 0xFF : 0;
    position++;
    return b;
  }
}
