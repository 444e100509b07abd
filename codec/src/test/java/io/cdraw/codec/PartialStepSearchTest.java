package io.cdraw.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialStepSearchTest {
  /** A file of n symbols costs 100 + 7n bits (monotone, as range-coded files are). */
  private static long bits(int n) {
    return 100 + 7L * n;
  }

  @Test
  void findsTheMostSymbolsThatFitInLogarithmicallyManyTrials() {
    List<Integer> tried = new ArrayList<>();
    PartialStepSearch.Fit<Long> fit = PartialStepSearch.largest(1000, n -> {
      tried.add(n);
      return bits(n);
    }, b -> b <= 3000);
    assertEquals(414, fit.symbols()); // 100 + 7 * 414 = 2998, 415 would be 3005
    assertEquals(2998L, fit.file());
    assertEquals(10, tried.size(), "bisection over 1000 counts: " + tried);
  }

  @Test
  void notOneSymbolFitting() {
    PartialStepSearch.Fit<Long> fit = PartialStepSearch.largest(1000, PartialStepSearchTest::bits,
        b -> b <= 99);
    assertEquals(0, fit.symbols());
    assertNull(fit.file());
  }
}
