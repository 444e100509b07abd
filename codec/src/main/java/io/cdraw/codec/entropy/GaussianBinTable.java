package io.cdraw.codec.entropy;

/**
 * Integer frequencies for a latent quantised with step Δ on a grid centred on the prior mean:
 * symbol k in [-K, K] has probability Φ((k + ½)/r) − Φ((k − ½)/r) where r = σ_p / Δ, plus one
 * escape symbol for |k| > K carrying the remaining tail mass. Every symbol gets a frequency of at
 * least 1 out of {@code 2^PRECISION_BITS}, so any integer can be coded.
 */
public final class GaussianBinTable {
  public static final int PRECISION_BITS = 16;
  /** The grid covers ±{@value} prior standard deviations; beyond is the escape. */
  static final double TAIL_SIGMAS = 8;
  static final int MAX_HALF_WIDTH = 4096;
  /** Elias-gamma code of the excess (|k| − K) after an escape, plus a sign bit. */
  private static final int MAX_ESCAPE_BITS = 31;

  private final int halfWidth;
  private final int[] cumulative;

  /** @param ratio σ_p / Δ, positive */
  public GaussianBinTable(double ratio) {
    if (!(ratio > 0)) {
      throw new IllegalArgumentException("ratio must be positive: " + ratio);
    }
    halfWidth = (int) Math.min(MAX_HALF_WIDTH, Math.max(1, Math.ceil(ratio * TAIL_SIGMAS)));
    int symbols = 2 * halfWidth + 2; // bins and the escape
    int total = 1 << PRECISION_BITS;
    double[] p = new double[symbols];
    double inner = 0;
    for (int i = 0; i < symbols - 1; i++) {
      int k = i - halfWidth;
      p[i] = StandardNormal.cdf((k + 0.5) / ratio) - StandardNormal.cdf((k - 0.5) / ratio);
      inner += p[i];
    }
    p[symbols - 1] = Math.max(0, 1 - inner);
    int spare = total - symbols;
    int[] freq = new int[symbols];
    int sum = 0;
    int largest = 0;
    for (int i = 0; i < symbols; i++) {
      freq[i] = 1 + (int) Math.floor(p[i] * spare);
      sum += freq[i];
      if (freq[i] > freq[largest]) {
        largest = i;
      }
    }
    freq[largest] += total - sum; // rounding remainder to the most likely bin
    cumulative = new int[symbols + 1];
    for (int i = 0; i < symbols; i++) {
      cumulative[i + 1] = cumulative[i] + freq[i];
    }
  }

  public int halfWidth() {
    return halfWidth;
  }

  /** Frequency of bin k, or of the escape when |k| exceeds the half width. */
  public int frequency(int k) {
    int i = index(k);
    return cumulative[i + 1] - cumulative[i];
  }

  /** Ideal code length of k in bits under this table, escape payload included. */
  public double bits(int k) {
    double b = PRECISION_BITS - StrictMath.log(frequency(k)) / StrictMath.log(2);
    if (Math.abs(k) > halfWidth) {
      long excess = (long) Math.abs(k) - halfWidth;
      int n = 63 - Long.numberOfLeadingZeros(excess);
      b += 2 * n + 2; // Elias gamma (2n + 1 bits) and the sign
    }
    return b;
  }

  public void encode(RangeEncoder enc, int k) {
    int i = index(k);
    enc.encode(cumulative[i], cumulative[i + 1] - cumulative[i], PRECISION_BITS);
    if (Math.abs(k) > halfWidth) {
      long excess = (long) Math.abs(k) - halfWidth; // >= 1
      int n = 63 - Long.numberOfLeadingZeros(excess);
      enc.encodeBits(0, n); // n zeros, then the n + 1 bits of excess (leading 1)
      enc.encodeBits(excess, n + 1);
      enc.encodeBits(k < 0 ? 1 : 0, 1);
    }
  }

  /** Decodes one value; throws {@link IllegalStateException} on an impossible escape. */
  public int decode(RangeDecoder dec) {
    int f = dec.decodeFrequency(PRECISION_BITS);
    int lo = 0;
    int hi = cumulative.length - 2;
    while (lo < hi) { // the last i with cumulative[i] <= f
      int mid = (lo + hi + 1) >>> 1;
      if (cumulative[mid] <= f) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    dec.consume(cumulative[lo], cumulative[lo + 1] - cumulative[lo]);
    if (lo < cumulative.length - 2) {
      return lo - halfWidth;
    }
    int n = 0;
    while (dec.decodeBits(1) == 0) {
      if (++n > MAX_ESCAPE_BITS) {
        throw new IllegalStateException("corrupt escape code");
      }
    }
    long excess = (1L << n) | dec.decodeBits(n);
    long magnitude = excess + halfWidth;
    boolean negative = dec.decodeBits(1) == 1;
    if (magnitude > Integer.MAX_VALUE) {
      throw new IllegalStateException("corrupt escape code");
    }
    return negative ? (int) -magnitude : (int) magnitude;
  }

  private int index(int k) {
    return Math.abs(k) > halfWidth ? cumulative.length - 2 : k + halfWidth;
  }
}
