package io.cdraw.codec.metrics;

import io.cdraw.codec.io.ImageFiles.Planar;

/** Peak signal-to-noise ratio over all channels of two 8-bit images, in dB (infinite if equal). */
public final class Psnr {
  private Psnr() {}

  public static double of(Planar a, Planar b) {
    double mse = (double) squaredError(a, b) / a.pixels().length;
    return mse == 0 ? Double.POSITIVE_INFINITY : 10 * Math.log10(255.0 * 255.0 / mse);
  }

  /** The sum of squared differences over all samples, exact (what PSNR and the encoder use). */
  public static long squaredError(Planar a, Planar b) {
    MsSsim.requireSameShape(a, b);
    long sum = 0;
    byte[] pa = a.pixels();
    byte[] pb = b.pixels();
    for (int i = 0; i < pa.length; i++) {
      int d = (pa[i] & 0xff) - (pb[i] & 0xff);
      sum += d * d;
    }
    return sum;
  }
}
