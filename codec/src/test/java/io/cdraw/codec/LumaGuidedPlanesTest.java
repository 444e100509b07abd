package io.cdraw.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cdraw.codec.io.ImageFiles.Planar;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LumaGuidedPlanesTest {
  private static final double UNIT = 1 << LumaGuidedPlanes.FRACTION_BITS;

  @Test
  void aGreyPictureHasNoChromaAndAFlatOneKeepsItsLuma() {
    Planar grey = picture(9, 7, 5, true);
    int[][] planes = LumaGuidedPlanes.of(grey);
    assertArrayEquals(new int[9 * 7], planes[1]);
    assertArrayEquals(new int[9 * 7], planes[2]);
    byte[] px = new byte[3 * 4 * 6];
    Arrays.fill(px, (byte) 200);
    int[] luma = LumaGuidedPlanes.of(new Planar(3, 4, 6, px))[0];
    for (int v : luma) {
      assertEquals(200 * (int) UNIT, v);
    }
  }

  /**
   * The textbook guided filter (He et al.), in double over every window with its rows and columns
   * clamped: the integer planes agree within the rounding of a, b and the output.
   */
  @Test
  void agreesWithTheGuidedFilterComputedWindowByWindow() {
    Planar p = picture(23, 31, 1, false);
    int[][] planes = LumaGuidedPlanes.of(p);
    int h = p.height();
    int w = p.width();
    double[] y = new double[h * w];
    double[] blue = new double[h * w];
    double[] red = new double[h * w];
    for (int i = 0; i < h * w; i++) {
      int r = p.value(0, i / w, i % w);
      int g = p.value(1, i / w, i % w);
      int b = p.value(2, i / w, i % w);
      y[i] = (77 * r + 150 * g + 29 * b + 128) >> 8;
      blue[i] = b - y[i];
      red[i] = r - y[i];
    }
    double[][] expected = {guided(y, y, h, w, 1, 25), guided(y, blue, h, w, 2, 4),
        guided(y, red, h, w, 2, 4)};
    for (int k = 0; k < 3; k++) {
      for (int i = 0; i < h * w; i++) {
        assertEquals(expected[k][i], planes[k][i] / UNIT, 0.15, "plane " + k + " pixel " + i);
      }
    }
  }

  @Test
  void onlyRgbPicturesHavePlanes() {
    assertThrows(IllegalArgumentException.class,
        () -> LumaGuidedPlanes.of(new Planar(1, 2, 2, new byte[4])));
  }

  private static double[] guided(double[] g, double[] q, int h, int w, int r, double eps) {
    double[] a = new double[h * w];
    double[] b = new double[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double n = 0, sg = 0, sq = 0, sgg = 0, sgq = 0;
        for (int dy = -r; dy <= r; dy++) {
          for (int dx = -r; dx <= r; dx++) {
            int i = clamp(y + dy, h) * w + clamp(x + dx, w);
            n++;
            sg += g[i];
            sq += q[i];
            sgg += g[i] * g[i];
            sgq += g[i] * q[i];
          }
        }
        double mg = sg / n;
        double mq = sq / n;
        a[y * w + x] = (sgq / n - mg * mq) / (sgg / n - mg * mg + eps);
        b[y * w + x] = mq - a[y * w + x] * mg;
      }
    }
    double[] out = new double[h * w];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        double ma = 0, mb = 0, n = 0;
        for (int dy = -r; dy <= r; dy++) {
          for (int dx = -r; dx <= r; dx++) {
            int i = clamp(y + dy, h) * w + clamp(x + dx, w);
            ma += a[i];
            mb += b[i];
            n++;
          }
        }
        out[y * w + x] = ma / n * g[y * w + x] + mb / n;
      }
    }
    return out;
  }

  private static int clamp(int i, int n) {
    return Math.max(0, Math.min(n - 1, i));
  }

  /** Colour blocks with edges and noise; grey: the same in every channel. */
  static Planar picture(int height, int width, long seed, boolean grey) {
    Random random = new Random(seed);
    byte[] px = new byte[3 * height * width];
    int[] base = {random.nextInt(200), random.nextInt(200), random.nextInt(200)};
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int edge = x > width / 2 ? 50 : 0;
        int noise = random.nextInt(30);
        for (int c = 0; c < 3; c++) {
          int v = (grey ? base[0] : base[c]) + (c == 1 && !grey ? 0 : edge) + noise
              + (grey ? 0 : random.nextInt(10));
          px[(c * height + y) * width + x] = (byte) Math.min(255, v);
        }
      }
    }
    return new Planar(3, height, width, px);
  }
}
