package io.cdraw.codec.entropy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianBinTableTest {
  @Test
  void normalCdfMatchesKnownValues() {
    assertEquals(0.5, StandardNormal.cdf(0), 1e-15);
    assertEquals(0.8413447460685429, StandardNormal.cdf(1), 1e-14);
    assertEquals(0.022750131948179195, StandardNormal.cdf(-2), 1e-15);
    assertEquals(0.9986501019683699, StandardNormal.cdf(3), 1e-14);
    assertEquals(2.866515718791939e-7, StandardNormal.cdf(-5), 1e-20);
    assertEquals(6.220960574271786e-16, StandardNormal.cdf(-8), 1e-28);
  }

  @Test
  void binFrequenciesFollowTheGaussianMassAndSumToTheTotal() {
    for (double ratio : new double[] {0.02, 0.3, 1, 4.5, 60, 256}) {
      GaussianBinTable t = new GaussianBinTable(ratio);
      long sum = 0;
      for (int k = -t.halfWidth(); k <= t.halfWidth() + 1; k++) {
        int f = t.frequency(k);
        assertTrue(f >= 1, "every symbol codable");
        sum += f;
      }
      assertEquals(1 << GaussianBinTable.PRECISION_BITS, sum, "ratio " + ratio);
      double p0 = StandardNormal.cdf(0.5 / ratio) - StandardNormal.cdf(-0.5 / ratio);
      double coded = t.frequency(0) / 65536.0;
      assertEquals(p0, coded, 0.002 + 0.01 * p0, "P(k = 0) for ratio " + ratio);
    }
  }

  @Test
  void roundTripsValuesIncludingEscapesAndMatchesTheIdealRate() {
    Random random = new Random(99);
    PriorScaleTable scales = PriorScaleTable.instance();
    int n = 20000;
    int[] tableIndex = new int[n];
    int[] values = new int[n];
    double ideal = 0;
    RangeEncoder enc = new RangeEncoder();
    for (int i = 0; i < n; i++) {
      tableIndex[i] = random.nextInt(PriorScaleTable.SIZE);
      GaussianBinTable t = scales.table(tableIndex[i]);
      double sigma = PriorScaleTable.ratio(tableIndex[i]);
      // Mostly in-range values drawn from the table's Gaussian, some far outliers.
      values[i] = i % 97 == 0 ? (random.nextBoolean() ? 1 : -1) * (t.halfWidth() + 1 + random.nextInt(100000))
          : (int) Math.rint(sigma * random.nextGaussian());
      ideal += t.bits(values[i]);
      t.encode(enc, values[i]);
    }
    byte[] bytes = enc.finish();
    RangeDecoder dec = new RangeDecoder(bytes, 0, bytes.length);
    int[] back = new int[n];
    for (int i = 0; i < n; i++) {
      back[i] = scales.table(tableIndex[i]).decode(dec);
    }
    assertArrayEquals(values, back);
    double overhead = bytes.length * 8 - ideal;
    assertTrue(overhead < 16 + 1e-3 * n, bytes.length * 8 + " bits for ideal " + ideal);
  }

  @Test
  void scaleIndexRoundsInTheLogDomainAndClamps() {
    double logStep = Math.log(0.5);
    for (int i = 0; i < PriorScaleTable.SIZE; i++) {
      float lv = (float) (2 * (Math.log(PriorScaleTable.ratio(i)) + logStep));
      assertEquals(i, PriorScaleTable.index(lv, logStep));
    }
    assertEquals(0, PriorScaleTable.index(-100f, logStep));
    assertEquals(PriorScaleTable.SIZE - 1, PriorScaleTable.index(100f, logStep));
  }
}
