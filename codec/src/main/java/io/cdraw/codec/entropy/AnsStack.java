package io.cdraw.codec.entropy;

import java.util.Arrays;

/**
 * A range asymmetric numeral system (rANS) coder as a stack: {@link #push} codes a symbol,
 * {@link #pop} decodes the one pushed last. Bits-back coding (docs/format.md, "Lossless streams")
 * needs both on one stack: it pops latents with the posterior from bits that are already there.
 *
 * <p>64-bit state x in [2^31, 2^63), 32-bit words, symbols as a cumulative start and a frequency
 * out of 2^precision (1 … {@value #MAX_PRECISION_BITS} bits, chosen per symbol); integer
 * arithmetic only, so both ends agree on every machine. Below the stored words lies a fixed
 * pseudo-random supply of words ({@link #supplyWord}): a pop that needs a word the stack does not
 * hold takes the next one from it (the bits the first image "borrows": {@link #borrowedWords}, a
 * number the stream stores), and undoing every operation puts them back as stored words, which
 * {@link #isInitial} checks.
 */
public final class AnsStack {
  /** Most precision bits of one symbol. */
  public static final int MAX_PRECISION_BITS = 24;
  static final long LOW = 1L << 31;
  /** The state of an empty stack: random-looking, so the first pops give typical symbols. */
  static final long INITIAL_STATE = 0x3A17_C0DE_2545_F491L;

  private long state;
  private int[] words;
  private int size;
  private long borrowed;

  /** An empty stack. */
  public AnsStack() {
    this(INITIAL_STATE, new int[0], 0);
  }

  private AnsStack(long state, int[] words, long borrowed) {
    this.state = state;
    this.words = words.length == 0 ? new int[64] : words;
    this.size = words.length;
    this.borrowed = borrowed;
  }

  /**
   * The stack a {@link #toBytes} wrote: the state (8 bytes) then the words from the top down,
   * big-endian, on the supply with {@code borrowed} words taken. Throws if the length is not a
   * whole number of words or the state is out of range.
   */
  public static AnsStack fromBytes(byte[] in, int offset, int length, long borrowed) {
    if (length < 8 || length % 4 != 0) {
      throw new IllegalArgumentException("an ANS stack is 8 bytes of state and 4-byte words, not "
          + length + " bytes");
    }
    long state = (long) readWord(in, offset) << 32 | (readWord(in, offset + 4) & 0xFFFF_FFFFL);
    if (state < LOW || borrowed < 0) {
      throw new IllegalArgumentException("ANS state out of range");
    }
    int n = (length - 8) / 4;
    int[] words = new int[n];
    for (int i = 0; i < n; i++) {
      words[n - 1 - i] = readWord(in, offset + 8 + 4 * i);
    }
    return new AnsStack(state, words, borrowed);
  }

  /** The state then the words from the top of the stack down, big-endian. */
  public byte[] toBytes() {
    byte[] out = new byte[8 + 4 * size];
    writeWord(out, 0, (int) (state >>> 32));
    writeWord(out, 4, (int) state);
    for (int i = 0; i < size; i++) {
      writeWord(out, 8 + 4 * i, words[size - 1 - i]);
    }
    return out;
  }

  /** Bits {@link #toBytes} writes. */
  public long bits() {
    return 64 + 32L * size;
  }

  /** Words taken from the supply: the stored words lie on the rest of it. */
  public long borrowedWords() {
    return borrowed;
  }

  /**
   * Whether the stack holds what an empty one does: the initial state on the supply, every
   * borrowed word back in place.
   */
  public boolean isInitial() {
    if (state != INITIAL_STATE || size != borrowed) {
      return false;
    }
    for (int j = 0; j < size; j++) {
      if (words[j] != supplyWord(borrowed - j)) {
        return false;
      }
    }
    return true;
  }

  /** Codes the symbol occupying [start, start + frequency) of 2^precision. */
  public void push(int start, int frequency, int precision) {
    checkSymbol(start, frequency, precision);
    long max = ((LOW >>> precision) << 32) * frequency;
    if (state >= max) {
      emit((int) state);
      state >>>= 32;
    }
    state = ((state / frequency) << precision) + state % frequency + start;
  }

  /** The slot in [0, 2^precision) of the symbol on top: find it, then {@link #pop} it. */
  public int peek(int precision) {
    checkPrecision(precision);
    return (int) (state & ((1L << precision) - 1));
  }

  /** Removes the symbol on top, which occupies [start, start + frequency) of 2^precision. */
  public void pop(int start, int frequency, int precision) {
    checkSymbol(start, frequency, precision);
    long slot = peek(precision);
    if (slot < start || slot >= start + frequency) {
      throw new IllegalStateException("the symbol popped does not hold the slot on top");
    }
    state = frequency * (state >>> precision) + slot - start;
    if (state < LOW) {
      state = state << 32 | (take() & 0xFFFF_FFFFL);
    }
  }

  /** Codes {@code value} in [0, 2^bits) with every value equally likely (bits ≤ 24). */
  public void pushUniform(int value, int bits) {
    push(value, 1, bits);
  }

  /** Pops a value pushed by {@link #pushUniform} with the same bits. */
  public int popUniform(int bits) {
    int v = peek(bits);
    pop(v, 1, bits);
    return v;
  }

  /** Codes a symbol of {@code cdf}. */
  public void push(QuantisedCdf cdf, int symbol) {
    int start = cdf.cumulative(symbol);
    push(start, cdf.cumulative(symbol + 1) - start, cdf.precision());
  }

  /** Pops a symbol of {@code cdf} (binary search of the slot among its cumulative counts). */
  public int pop(QuantisedCdf cdf) {
    int slot = peek(cdf.precision());
    int lo = 0;
    int hi = cdf.symbols() - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (cdf.cumulative(mid) <= slot) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    int start = cdf.cumulative(lo);
    pop(start, cdf.cumulative(lo + 1) - start, cdf.precision());
    return lo;
  }

  private void emit(int word) {
    if (size == words.length) {
      words = Arrays.copyOf(words, words.length * 2);
    }
    words[size++] = word;
  }

  private int take() {
    if (size > 0) {
      return words[--size];
    }
    return supplyWord(++borrowed);
  }

  /** Word i (from 1) of the supply below the bottom: SplitMix64 of i, high half. */
  static int supplyWord(long i) {
    long z = i * 0x9E37_79B9_7F4A_7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return (int) ((z ^ (z >>> 31)) >>> 32);
  }

  private static void checkSymbol(int start, int frequency, int precision) {
    checkPrecision(precision);
    // a frequency of all 2^precision would carry no information and overflow the state bound
    if (frequency <= 0 || frequency == 1L << precision || start < 0
        || (long) start + frequency > 1L << precision) {
      throw new IllegalArgumentException("symbol [" + start + ", " + start + " + " + frequency
          + ") outside 2^" + precision);
    }
  }

  private static void checkPrecision(int precision) {
    if (precision < 1 || precision > MAX_PRECISION_BITS) {
      throw new IllegalArgumentException("precision " + precision + " outside 1 … "
          + MAX_PRECISION_BITS);
    }
  }

  private static int readWord(byte[] in, int at) {
    return (in[at] & 0xFF) << 24 | (in[at + 1] & 0xFF) << 16 | (in[at + 2] & 0xFF) << 8
        | (in[at + 3] & 0xFF);
  }

  private static void writeWord(byte[] out, int at, int v) {
    out[at] = (byte) (v >>> 24);
    out[at + 1] = (byte) (v >>> 16);
    out[at + 2] = (byte) (v >>> 8);
    out[at + 3] = (byte) v;
  }
}
