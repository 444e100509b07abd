package io.cdraw.codec.entropy;

/** Exposes the exact normal CDF to tests in other packages. */
public final class GaussianBinTableTestAccess {
  private GaussianBinTableTestAccess() {}

  public static double cdf(double x) {
    return StandardNormal.cdf(x);
  }
}
