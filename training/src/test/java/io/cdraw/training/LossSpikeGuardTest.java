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

  /**
   * Batches of 8 crops from mixed data (a fifth from a set whose RD loss is nearly twice the
   * rest's), with a loss level that wanders by about 2 % over some 500 steps as it did on
   * photos + RealSR + BSDS500: the best-based test reverted 11 times in 8,554 such steps.
   */
  @Test
  void aWanderingLossOnMixedDataDoesNotDrift() {
    LossSpikeGuard guard = new LossSpikeGuard();
    Random random = new Random(11);
    double level = 0;
    int healthy = 0;
    for (int i = 0; i < 20_000; i++) {
      level = level * (1 - 1 / 500.0) + 0.02 * Math.sqrt(2 / 500.0) * random.nextGaussian();
      double batch = 0;
      for (int crop = 0; crop < 8; crop++) {
        double scale = random.nextDouble() < 0.2 ? 180 : 100;
        batch += scale * Math.exp(0.3 * random.nextGaussian()) / 8;
      }
      double loss = batch * Math.exp(level);
      if (!guard.isSpike(loss)) {
        guard.accept(loss);
      }
      assertFalse(guard.isDrifting(), "step " + i + ": wandering noise is no drift");
      healthy += guard.isHealthy() ? 1 : 0;
    }
    assertTrue(healthy > 15_000, "snapshots can be taken most of the time: " + healthy);
  }

  @Test
  void aNewObjectiveStartsTheBaselineAfresh() {
    LossSpikeGuard guard = new LossSpikeGuard();
    Random random = new Random(13);
    for (int i = 0; i < 1000; i++) {
      guard.accept(100 + 5 * random.nextGaussian());
    }
    guard.resetBaseline(); // the rate warm-up ended: the loss now counts the full rate
    for (int i = 0; i < 1000; i++) {
      guard.accept(150 + 5 * random.nextGaussian());
      assertFalse(guard.isDrifting(), "step " + i + " of the new objective");
    }
    assertTrue(guard.isHealthy());
  }

  /** A resumed run starts the guard afresh; its first batch may be a hard one. */
  @Test
  void aHighFirstLossIsNoDriftAfterAResume() {
    LossSpikeGuard guard = new LossSpikeGuard();
    Random random = new Random(17);
    guard.accept(300);
    for (int i = 0; i < 500; i++) {
      guard.accept(115 * Math.exp(0.2 * random.nextGaussian()));
      assertFalse(guard.isDrifting(), "step " + i + " after the first batch");
    }
  }
}
