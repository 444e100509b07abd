package io.cdraw.training;

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

  @Test
  void flagsABlowUpSpreadOverManySmallStepsAndRewindsToTheSnapshot() {
    LossSpikeGuard guard = new LossSpikeGuard();
    Random random = new Random(5);
    for (int i = 0; i < 200; i++) {
      guard.accept(5.65 + 0.05 * random.nextGaussian());
    }
    assertTrue(guard.isHealthy());
    guard.markSnapshot();
    double loss = 5.65;
    boolean flagged = false;
    for (int i = 0; i < 40 && !flagged; i++) {
      loss *= 1.018; // 5.65 to 10.6 in 40 steps, as the default model did
      assertFalse(guard.isSpike(loss), "each step alone is no jump: " + loss);
      guard.accept(loss);
      flagged = guard.isDrifting();
    }
    assertTrue(flagged, "the drift is caught within the 40 steps");
    assertFalse(guard.isHealthy(), "no snapshot is taken of a drifting model");
    guard.rewind();
    assertFalse(guard.isDrifting());
    assertTrue(guard.isHealthy());
  }

  /** Batch losses of the RD objective on random photo crops: mean 250, spread 100 (skewed). */
  @Test
  void aNoisyStationaryLossNeitherDriftsNorStaysUnhealthy() {
    LossSpikeGuard guard = new LossSpikeGuard();
    Random random = new Random(7);
    int healthy = 0;
    for (int i = 0; i < 5000; i++) {
      double loss = 250 * Math.exp(0.35 * random.nextGaussian() - 0.06);
      if (!guard.isSpike(loss)) {
        guard.accept(loss);
      }
      assertFalse(guard.isDrifting(), "step " + i + ": noise is no drift");
      healthy += guard.isHealthy() ? 1 : 0;
    }
    assertTrue(healthy > 2500, "snapshots can be taken most of the time: " + healthy);
    for (int i = 0; i < 300 && !guard.isDrifting(); i++) {
      guard.accept(500 * Math.exp(0.35 * random.nextGaussian() - 0.06));
    }
    assertTrue(guard.isDrifting(), "a doubled running loss is still a drift");
  }
}
