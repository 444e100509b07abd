package io.cdraw.codec.entropy;

/**
 * A continuous distribution with CDF F over the bins k = lo … hi of width w, bin k =
 * [o + k·w, o + (k + 1)·w), as a {@link QuantisedCdf}: cumulative(j) = floor(F(o + (lo + j)·w)
 * · (2^P − n)) + j for 0 &lt; j &lt; n, so every one of the n symbols has at least one count. The
 * first bin takes the lower tail; the last takes the upper tail, or with an escape the escape
 * symbol (index n − 1) does and stands for every k outside lo … hi. F is N(μ, σ²) through
 * {@link StandardNormal} or a uniform density, computed in double from the given doubles: the
 * same counts on every machine.
 */
public final class ContinuousBins implements QuantisedCdf {
  private final java.util.function.DoubleUnaryOperator cdf;
  private final double width;
  private final double offset;
  private final long lo;
  private final int bins;
  private final boolean escape;
  private final int precision;

  /** N(mean, sigma²) over the bins lo … hi (see the class comment). */
  public static ContinuousBins gaussian(double mean, double sigma, double width, double offset,
      long lo, long hi, boolean escape, int precision) {
    if (!(sigma > 0)) {
      throw new IllegalArgumentException("σ " + sigma);
    }
    return new ContinuousBins(x -> StandardNormal.cdf((x - mean) / sigma), width, offset, lo, hi,
        escape, precision);
  }

  /**
   * N(mean, sigma²) convolved with the uniform density of width {@code box} (the distribution of
   * a Gaussian latent plus uniform noise) over the bins lo … hi. CDF (σ / b)·[G((x − μ + b/2) / σ)
   * − G((x − μ − b/2) / σ)] with G(t) = t·Φ(t) + φ(t); above the mean from the upper tail
   * (1 − the same with −t), so that neither tail is a difference of large numbers.
   */
  public static ContinuousBins gaussianPlusUniform(double mean, double sigma, double box,
      double width, double offset, long lo, long hi, boolean escape, int precision) {
    if (!(sigma > 0) || !(box > 0)) {
      throw new IllegalArgumentException("σ " + sigma + ", box " + box);
    }
    double scale = sigma / box;
    return new ContinuousBins(x -> {
      double a = (x - mean + box / 2) / sigma;
      double b = (x - mean - box / 2) / sigma;
      double f = x <= mean ? scale * (integratedCdf(a) - integratedCdf(b))
          : 1 - scale * (integratedCdf(-b) - integratedCdf(-a));
      return Math.min(1, Math.max(0, f));
    }, width, offset, lo, hi, escape, precision);
  }

  /** G(t) = ∫ Φ from −∞ to t = t·Φ(t) + φ(t). */
  private static double integratedCdf(double t) {
    return t * StandardNormal.cdf(t) + StrictMath.exp(-0.5 * t * t) * INV_SQRT_TWO_PI;
  }

  private static final double INV_SQRT_TWO_PI = 1 / StrictMath.sqrt(2 * StrictMath.PI);

  /** The uniform density on [low, high) over the bins lo … hi. */
  public static ContinuousBins uniform(double low, double high, double width, double offset,
      long lo, long hi, int precision) {
    if (!(high > low)) {
      throw new IllegalArgumentException("interval [" + low + ", " + high + ")");
    }
    return new ContinuousBins(x -> Math.min(1, Math.max(0, (x - low) / (high - low))), width,
        offset, lo, hi, false, precision);
  }

  /**
   * @param lo the first bin
   * @param hi the last bin (at most 2^(precision − 2) bins)
   * @param escape whether a last symbol stands for the bins outside lo … hi
   */
  private ContinuousBins(java.util.function.DoubleUnaryOperator cdf, double width, double offset,
      long lo, long hi, boolean escape, int precision) {
    long n = hi - lo + 1 + (escape ? 1 : 0);
    if (!(width > 0) || hi < lo || n < 2 || n > 1L << (precision - 2)
        || precision > AnsStack.MAX_PRECISION_BITS) {
      throw new IllegalArgumentException("bins " + lo + " … " + hi + " at precision "
          + precision);
    }
    this.cdf = cdf;
    this.width = width;
    this.offset = offset;
    this.lo = lo;
    this.bins = (int) (hi - lo + 1);
    this.escape = escape;
    this.precision = precision;
  }

  @Override
  public int symbols() {
    return escape ? bins + 1 : bins;
  }

  @Override
  public int precision() {
    return precision;
  }

  @Override
  public int cumulative(int symbol) {
    int n = symbols();
    if (symbol <= 0) {
      return 0;
    }
    if (symbol >= n) {
      return 1 << precision;
    }
    double p = cdf.applyAsDouble(offset + (lo + symbol) * width);
    return (int) Math.floor(p * ((1 << precision) - n)) + symbol;
  }

  /** The symbol of bin k: k − lo, or the escape for a k outside lo … hi (-1 without one). */
  public int symbolOf(long k) {
    if (k >= lo && k < lo + bins) {
      return (int) (k - lo);
    }
    return escape ? bins : -1;
  }

  /** The bin of a symbol that is not the escape. */
  public long binOf(int symbol) {
    return lo + symbol;
  }

  /** Whether {@code symbol} is the escape. */
  public boolean isEscape(int symbol) {
    return escape && symbol == bins;
  }
}
