package io.cdraw.codec.entropy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The quantised distributions of bits-back coding against their exact bin masses. */
class ContinuousBinsTest {
  private static final int P = 24;

  @Test
  void everySymbolHasACountAndTheCountsFollowTheMasses() {
    Random random = new Random(3);
    for (int trial = 0; trial < 300; trial++) {
      double mean = random.nextGaussian() * 5;
      double sigma = Math.exp(random.nextGaussian() * 2);
      double width = sigma * Math.exp(random.nextGaussian() - 2);
      long lo = (long) Math.floor((mean - 8 * sigma) / width);
      long hi = (long) Math.ceil((mean + 8 * sigma) / width);
      if (hi - lo > 1 << 20) {
        continue;
      }
      double box = trial % 3 == 0 ? 0 : sigma * Math.exp(random.nextGaussian() * 2);
      ContinuousBins bins = box > 0
          ? ContinuousBins.gaussianPlusUniform(mean, sigma, box, width, -width / 2, lo, hi, true, P)
          : ContinuousBins.gaussian(mean, sigma, width, -width / 2, lo, hi, true, P);
      assertEquals(0, bins.cumulative(0));
      assertEquals(1 << P, bins.cumulative(bins.symbols()));
      double scale = (1 << P) - bins.symbols();
      for (int j = 0; j < bins.symbols(); j += 1 + bins.symbols() / 200) {
        int f = bins.cumulative(j + 1) - bins.cumulative(j);
        assertTrue(f >= 1, "trial " + trial + " symbol " + j);
        if (j > 0 && j < bins.symbols() - 2) {
          double edge = -width / 2 + (lo + j) * width;
          double mass = exactCdf(edge + width, mean, sigma, box) - exactCdf(edge, mean, sigma, box);
          assertEquals(mass * scale + 1, f, 2 + 1e-6 * mass * scale, "trial " + trial + " j " + j);
        }
      }
    }
  }

  @Test
  void theEscapeStandsForEveryBinOutsideTheWindow() {
    ContinuousBins bins = ContinuousBins.gaussian(0, 1, 0.25, -0.125, -32, 32, true, P);
    assertEquals(66, bins.symbols());
    assertEquals(65, bins.symbolOf(100));
    assertEquals(65, bins.symbolOf(-33));
    assertTrue(bins.isEscape(65));
    assertEquals(0, bins.symbolOf(-32));
    assertEquals(-32, bins.binOf(0));
    ContinuousBins closed = ContinuousBins.uniform(-1, 1, 0.25, -0.125, -4, 4, P);
    assertEquals(-1, closed.symbolOf(5));
  }

  @Test
  void aUniformDensityFillsItsIntervalEvenly() {
    // [−1, 1) on bins of width 0.25 centred on k/4: bins −4 and 4 hold half a bin each
    ContinuousBins bins = ContinuousBins.uniform(-1, 1, 0.25, -0.125, -4, 4, P);
    int inner = bins.cumulative(2) - bins.cumulative(1);
    int edge = bins.cumulative(1) - bins.cumulative(0);
    assertEquals(inner / 2.0, edge, 1);
  }

  @Test
  void badArgumentsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> ContinuousBins.gaussian(0, 0, 1, 0, 0, 4, false, P));
    assertThrows(IllegalArgumentException.class,
        () -> ContinuousBins.gaussian(0, 1, 1, 0, 3, 3, false, P), "one symbol");
    assertThrows(IllegalArgumentException.class,
        () -> ContinuousBins.gaussian(0, 1, 1, 0, 0, 1 << 23, false, P), "too many bins");
  }

  /** F of N(μ, σ²), convolved with U(−b/2, b/2) when b > 0, by numerical integration. */
  private static double exactCdf(double x, double mean, double sigma, double box) {
    if (box == 0) {
      return StandardNormal.cdf((x - mean) / sigma);
    }
    int n = 2000;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double u = -box / 2 + (i + 0.5) * box / n;
      sum += StandardNormal.cdf((x - u - mean) / sigma);
    }
    return sum / n;
  }
}
