package io.cdraw.codec;

import io.cdraw.codec.io.ImageFiles.Planar;

/**
 * Three planes computed from a decoded RGB picture, which the reconstruction filter of format 7
 * reads beside the picture's own taps (docs/format.md): the picture's luma Y smoothed by a
 * guided filter on itself, and its colour differences B − Y and R − Y each fitted in every small
 * window as a linear function of the luma (the guided filter of He, Sun and Tang, with the luma
 * as the guide). The network's chroma is noisier than its luma; where the two are locally
 * related, the luma's edges carry over to the chroma. Nothing is stored for them: they are a
 * fixed function of the picture, in exact integer arithmetic so that every machine gets the same
 * planes, and the stored filter weighs them.
 */
final class LumaGuidedPlanes {
  /** The planes a filter reads: the smoothed luma, B − Y, R − Y. */
  static final int PLANES = 3;
  /** The planes are in units of 2^-FRACTION_BITS levels. */
  static final int FRACTION_BITS = 2;
  /** Each plane is clamped to ±LIMIT (the luma to 0 … LIMIT): 255 levels. */
  static final int LIMIT = 255 << FRACTION_BITS;
  /**
   * Bytes per pixel the planes take at most while they are computed: the three inputs and
   * outputs (24), the guide and its two window sums (24), a and b (16) and their window sums
   * with the row buffer they pass through (24).
   */
  static final int PEAK_BYTES_PER_PIXEL = 100;
  /** Fraction bits of the windows' linear coefficients. */
  private static final int COEFFICIENT_BITS = 16;
  private static final int LUMA_RADIUS = 1;
  private static final int LUMA_EPSILON = 25;
  private static final int CHROMA_RADIUS = 2;
  private static final int CHROMA_EPSILON = 4;

  private LumaGuidedPlanes() {}

  /** Whether a picture of this many channels has the planes: RGB only. */
  static boolean appliesTo(int channels) {
    return channels == 3;
  }

  /** The three planes of an RGB picture, each h · w values in row order. */
  static int[][] of(Planar picture) {
    if (!appliesTo(picture.channels())) {
      throw new IllegalArgumentException("luma-guided planes of " + picture.channels()
          + " channels");
    }
    int h = picture.height();
    int w = picture.width();
    int n = h * w;
    int[] luma = new int[n];
    int[] blue = new int[n];
    int[] red = new int[n];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = picture.value(0, y, x);
        int g = picture.value(1, y, x);
        int b = picture.value(2, y, x);
        int i = y * w + x;
        luma[i] = (77 * r + 150 * g + 29 * b + 128) >> 8;
        blue[i] = b - luma[i];
        red[i] = r - luma[i];
      }
    }
    long[] guide = widened(luma);
    int[] smoothed = new Guide(guide, h, w, LUMA_RADIUS).filter(luma, LUMA_EPSILON, 0);
    Guide wide = new Guide(guide, h, w, CHROMA_RADIUS);
    return new int[][] {smoothed, wide.filter(blue, CHROMA_EPSILON, -LIMIT),
        wide.filter(red, CHROMA_EPSILON, -LIMIT)};
  }

  /**
   * The guide g (the luma) with its window sums over (2r+1)² windows, edges replicated: computed
   * once per radius, since both colour differences are filtered with the same guide and radius.
   */
  private static final class Guide {
    final long[] g;
    final int h;
    final int w;
    final int r;
    final long size;
    final long[] sum;
    final long[] sumSquares;

    Guide(long[] g, int h, int w, int r) {
      this.g = g;
      this.h = h;
      this.w = w;
      this.r = r;
      this.size = (2L * r + 1) * (2L * r + 1);
      this.sum = boxSums(g, h, w, r);
      this.sumSquares = boxSums(products(g, g), h, w, r);
    }

    /**
     * The guided filter of q: in each window q ≈ a·g + b by least squares with a ridge of ε on
     * g's variance; each pixel takes the mean a and b of the windows that hold it. In units of
     * 2^-FRACTION_BITS, clamped to [low, LIMIT].
     */
    int[] filter(int[] plane, int epsilon, int low) {
      long[] q = widened(plane);
      // the window sums of g·q and of q, replaced in place by each window's a and b
      long[] a = boxSums(products(g, q), h, w, r);
      long[] b = boxSums(q, h, w, r);
      int n = g.length;
      for (int i = 0; i < n; i++) {
        long covariance = size * a[i] - sum[i] * b[i];
        long variance = size * sumSquares[i] - sum[i] * sum[i] + epsilon * size * size;
        a[i] = roundedDivision(covariance << COEFFICIENT_BITS, variance);
        b[i] = roundedDivision((b[i] << COEFFICIENT_BITS) - a[i] * sum[i], size);
      }
      long[] sumA = boxSums(a, h, w, r);
      long[] sumB = boxSums(b, h, w, r);
      long divisor = size << (COEFFICIENT_BITS - FRACTION_BITS);
      int[] out = new int[n];
      for (int i = 0; i < n; i++) {
        long v = roundedDivision(sumA[i] * g[i] + sumB[i], divisor);
        out[i] = (int) Math.max(low, Math.min(LIMIT, v));
      }
      return out;
    }
  }

  /** ⌊(num + ⌊den / 2⌋) / den⌋ for den &gt; 0: the nearest integer, halves up. */
  private static long roundedDivision(long num, long den) {
    return Math.floorDiv(num + den / 2, den);
  }

  private static long[] products(long[] a, long[] b) {
    long[] p = new long[a.length];
    for (int i = 0; i < a.length; i++) {
      p[i] = a[i] * b[i];
    }
    return p;
  }

  private static long[] widened(int[] v) {
    long[] wide = new long[v.length];
    for (int i = 0; i < v.length; i++) {
      wide[i] = v[i];
    }
    return wide;
  }

  /**
   * Sums over the (2r+1)² window around each pixel, rows and columns clamped to the picture:
   * along rows, then along columns (clamping is separable, so this is the window's sum).
   */
  private static long[] boxSums(long[] v, int h, int w, int r) {
    long[] rows = new long[v.length];
    for (int y = 0; y < h; y++) {
      int base = y * w;
      long s = 0;
      for (int d = -r; d <= r; d++) {
        s += v[base + clamp(d, w)];
      }
      for (int x = 0; x < w; x++) {
        rows[base + x] = s;
        s += v[base + clamp(x + r + 1, w)] - v[base + clamp(x - r, w)];
      }
    }
    long[] out = new long[v.length];
    long[] column = new long[w];
    for (int d = -r; d <= r; d++) {
      int base = clamp(d, h) * w;
      for (int x = 0; x < w; x++) {
        column[x] += rows[base + x];
      }
    }
    for (int y = 0; y < h; y++) {
      int entering = clamp(y + r + 1, h) * w;
      int leaving = clamp(y - r, h) * w;
      for (int x = 0; x < w; x++) {
        out[y * w + x] = column[x];
        column[x] += rows[entering + x] - rows[leaving + x];
      }
    }
    return out;
  }

  private static int clamp(int i, int n) {
    return Math.max(0, Math.min(n - 1, i));
  }
}
