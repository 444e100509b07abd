package io.cdraw.codec.metrics;

import io.cdraw.codec.io.ImageFiles.Planar;

/**
 * Multi-scale structural similarity (Wang, Simoncelli and Bovik 2003), as in the authors' reference
 * code: an 11x11 Gaussian window with σ = 1.5 evaluated only where it fits ("valid"), K1 = 0.01,
 * K2 = 0.03, L = 255, five scales weighted 0.0448, 0.2856, 0.3001, 0.2363, 0.1333; between scales a
 * 2x2 mean with symmetric edges, keeping every second pixel. Contrast-structure terms are taken at
 * scales 1–4 and the full SSIM at scale 5; colour images are scored per channel and averaged.
 */
public final class MsSsim {
  private static final double[] WEIGHTS = {0.0448, 0.2856, 0.3001, 0.2363, 0.1333};
  /** Side of the Gaussian window: the least image size SSIM is defined for. */
  public static final int WINDOW = 11;
  private static final double SIGMA = 1.5;
  private static final double C1 = Math.pow(0.01 * 255, 2);
  private static final double C2 = Math.pow(0.03 * 255, 2);
  private static final double[] KERNEL = gaussianKernel();

  /** The smallest width and height with five scales whose coarsest still holds one window. */
  public static final int MIN_SIZE = WINDOW << 4; // four halvings between the five scales

  private MsSsim() {}

  /** MS-SSIM of two images of the same shape, at least {@link #MIN_SIZE} pixels on each side. */
  public static double of(Planar a, Planar b) {
    requireSameShape(a, b);
    if (a.width() < MIN_SIZE || a.height() < MIN_SIZE) {
      throw new IllegalArgumentException(String.format(
          "MS-SSIM needs at least %dx%d pixels (five scales of an 11x11 window); the images are %dx%d",
          MIN_SIZE, MIN_SIZE, a.width(), a.height()));
    }
    double sum = 0;
    for (int c = 0; c < a.channels(); c++) {
      sum += ofChannel(channel(a, c), channel(b, c), a.width(), a.height());
    }
    return sum / a.channels();
  }

  /** Single-scale SSIM (the mean of the SSIM map at full resolution), averaged over channels. */
  public static double ssim(Planar a, Planar b) {
    requireSameShape(a, b);
    if (a.width() < WINDOW || a.height() < WINDOW) {
      throw new IllegalArgumentException("SSIM needs at least 11x11 pixels");
    }
    double sum = 0;
    for (int c = 0; c < a.channels(); c++) {
      sum += scale(channel(a, c), channel(b, c), a.width(), a.height())[0];
    }
    return sum / a.channels();
  }

  private static double ofChannel(double[] x, double[] y, int w, int h) {
    double result = 1;
    for (int s = 0; s < WEIGHTS.length; s++) {
      double[] ssimAndCs = scale(x, y, w, h);
      boolean last = s == WEIGHTS.length - 1;
      // A negative mean (anti-correlated content) raised to a fractional power is undefined;
      // the reference code would give a complex number. Clamp at 0 so the score stays real.
      result *= Math.pow(Math.max(0, last ? ssimAndCs[0] : ssimAndCs[1]), WEIGHTS[s]);
      if (!last) {
        x = halve(x, w, h);
        y = halve(y, w, h);
        w = (w + 1) / 2;
        h = (h + 1) / 2;
      }
    }
    return result;
  }

  /** Mean SSIM and mean contrast-structure over the valid window positions of one scale. */
  private static double[] scale(double[] x, double[] y, int w, int h) {
    int n = w * h;
    double[] xx = new double[n];
    double[] yy = new double[n];
    double[] xy = new double[n];
    for (int i = 0; i < n; i++) {
      xx[i] = x[i] * x[i];
      yy[i] = y[i] * y[i];
      xy[i] = x[i] * y[i];
    }
    double[] mx = blurValid(x, w, h);
    double[] my = blurValid(y, w, h);
    double[] sxx = blurValid(xx, w, h);
    double[] syy = blurValid(yy, w, h);
    double[] sxy = blurValid(xy, w, h);
    double ssimSum = 0;
    double csSum = 0;
    for (int i = 0; i < mx.length; i++) {
      double vx = sxx[i] - mx[i] * mx[i];
      double vy = syy[i] - my[i] * my[i];
      double cov = sxy[i] - mx[i] * my[i];
      double cs = (2 * cov + C2) / (vx + vy + C2);
      double luminance = (2 * mx[i] * my[i] + C1) / (mx[i] * mx[i] + my[i] * my[i] + C1);
      csSum += cs;
      ssimSum += luminance * cs;
    }
    return new double[] {ssimSum / mx.length, csSum / mx.length};
  }

  /** Separable Gaussian filtering of the positions where the whole window fits. */
  private static double[] blurValid(double[] v, int w, int h) {
    int ow = w - WINDOW + 1;
    int oh = h - WINDOW + 1;
    double[] rows = new double[ow * h];
    for (int r = 0; r < h; r++) {
      for (int c = 0; c < ow; c++) {
        double s = 0;
        for (int k = 0; k < WINDOW; k++) {
          s += KERNEL[k] * v[r * w + c + k];
        }
        rows[r * ow + c] = s;
      }
    }
    double[] out = new double[ow * oh];
    for (int r = 0; r < oh; r++) {
      for (int c = 0; c < ow; c++) {
        double s = 0;
        for (int k = 0; k < WINDOW; k++) {
          s += KERNEL[k] * rows[(r + k) * ow + c];
        }
        out[r * ow + c] = s;
      }
    }
    return out;
  }

  /** 2x2 mean keeping every second pixel; an odd last row or column is mirrored. */
  private static double[] halve(double[] v, int w, int h) {
    int hw = (w + 1) / 2;
    int hh = (h + 1) / 2;
    double[] out = new double[hw * hh];
    for (int r = 0; r < hh; r++) {
      int r0 = 2 * r;
      int r1 = Math.min(r0 + 1, h - 1);
      for (int c = 0; c < hw; c++) {
        int c0 = 2 * c;
        int c1 = Math.min(c0 + 1, w - 1);
        out[r * hw + c] = (v[r0 * w + c0] + v[r0 * w + c1] + v[r1 * w + c0] + v[r1 * w + c1]) / 4;
      }
    }
    return out;
  }

  private static double[] gaussianKernel() {
    double[] k = new double[WINDOW];
    double sum = 0;
    for (int i = 0; i < WINDOW; i++) {
      double d = i - WINDOW / 2;
      k[i] = Math.exp(-d * d / (2 * SIGMA * SIGMA));
      sum += k[i];
    }
    for (int i = 0; i < WINDOW; i++) {
      k[i] /= sum;
    }
    return k;
  }

  private static double[] channel(Planar p, int c) {
    int n = p.width() * p.height();
    double[] out = new double[n];
    byte[] px = p.pixels();
    for (int i = 0; i < n; i++) {
      out[i] = px[c * n + i] & 0xff;
    }
    return out;
  }

  static void requireSameShape(Planar a, Planar b) {
    if (a.channels() != b.channels() || a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException("images differ in size: " + a.width() + "x" + a.height()
          + "x" + a.channels() + " and " + b.width() + "x" + b.height() + "x" + b.channels());
    }
  }
}
