package io.cdraw.codec.entropy;

/**
 * The standard normal CDF in plain double arithmetic and {@link StrictMath}, both exactly specified
 * by Java, so probability tables built from it are bit-identical on every machine.
 */
public final class StandardNormal {
  private static final double SQRT_HALF = StrictMath.sqrt(0.5);
  private static final double TWO_OVER_SQRT_PI = 2 / StrictMath.sqrt(StrictMath.PI);

  private StandardNormal() {}

  /** Phi(x) = P(N(0,1) <= x). */
  public static double cdf(double x) {
    double t = x * SQRT_HALF;
    return t < 0 ? 0.5 * erfc(-t) : 1 - 0.5 * erfc(t);
  }

  /** erfc(t) for t >= 0: Taylor series of erf below 2.5, Lentz's continued fraction above. */
  static double erfc(double t) {
    if (t < 2.5) {
      double term = t;
      double sum = t;
      double t2 = t * t;
      for (int n = 1; n < 200; n++) {
        term *= -t2 / n;
        double add = term / (2 * n + 1);
        sum += add;
        if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
          break;
        }
      }
      return 1 - TWO_OVER_SQRT_PI * sum;
    }
    // erfc(t) = exp(-t^2)/sqrt(pi) * 1/(t + (1/2)/(t + 1/(t + (3/2)/(t + 2/(t + ...)))))
    double tiny = 1e-300;
    double f = t;
    double c = t;
    double d = 0;
    for (int n = 1; n < 500; n++) {
      double a = n * 0.5;
      d = t + a * d;
      d = d == 0 ? tiny : d;
      c = t + a / c;
      c = c == 0 ? tiny : c;
      d = 1 / d;
      double delta = c * d;
      f *= delta;
      if (Math.abs(delta - 1) < 1e-16) {
        break;
      }
    }
    return StrictMath.exp(-t * t) / StrictMath.sqrt(StrictMath.PI) / f;
  }
}
