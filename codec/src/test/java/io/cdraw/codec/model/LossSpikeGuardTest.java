package io.cdraw.codec.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LossSpikeGuardTest {
  @Test
  void flagsNonFiniteLossesAlways() {
    LossSpikeGuard guard = new LossSpikeGuard();
    assertTrue(guard.isSpike(Double.NaN));
    assertTrue(guard.isSpike(Double.POSITIVE_INFINITY));
  }

  @Test
  void toleratesNoiseAndSlowDriftButFlagsSuddenJumps() {
    LossSpikeGuard guard = new LossSpikeGuard();
    Random random = new Random(3);
    double loss = 6.0;
    for (int i = 0; i < 500; i++) {
      loss -= 0.002; // a slowly falling training curve
      double noisy = loss + 0.05 * random.nextGaussian();
      assertFalse(guard.isSpike(noisy), "step " + i + " loss " + noisy);
      guard.accept(noisy);
    }
    assertTrue(guard.isSpike(loss * 2), "a doubling of the loss is a spike");
    assertFalse(guard.isSpike(loss + 0.1), "ordinary batch noise is not");
  }

  @Test
  void doesNotJudgeDuringWarmup() {
    LossSpikeGuard guard = new LossSpikeGuard();
    guard.accept(10);
    assertFalse(guard.isSpike(30), "early training moves fast; only non-finite losses count");
  }
}
