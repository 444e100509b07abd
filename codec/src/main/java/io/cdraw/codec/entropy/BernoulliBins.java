package io.cdraw.codec.entropy;

/**
 * A Bernoulli distribution as a {@link QuantisedCdf}: symbol 1 with probability p, counted
 * f = min(2^P − 1, max(1, round(p · 2^P))) of 2^P; symbol 0 below it.
 */
public final class BernoulliBins implements QuantisedCdf {
  private final int one;
  private final int precision;

  public BernoulliBins(double probabilityOfOne, int precision) {
    if (precision < 2 || precision > AnsStack.MAX_PRECISION_BITS
        || !(probabilityOfOne >= 0 && probabilityOfOne <= 1)) {
      throw new IllegalArgumentException("p = " + probabilityOfOne + " at precision " + precision);
    }
    long total = 1L << precision;
    this.one = (int) Math.min(total - 1, Math.max(1, Math.round(probabilityOfOne * total)));
    this.precision = precision;
  }

  @Override
  public int symbols() {
    return 2;
  }

  @Override
  public int precision() {
    return precision;
  }

  @Override
  public int cumulative(int symbol) {
    return symbol <= 0 ? 0 : symbol == 1 ? (1 << precision) - one : 1 << precision;
  }
}
