package io.cdraw.training;

/**
 * Scales Adam's base learning rate by the optimiser step alone, so that a resumed run continues
 * the same curve: a linear warm-up over the first {@code warmupSteps}, then exponential decay
 * that halves the rate every {@code halfLifeSteps} (0: no decay).
 */
public record LearningRateSchedule(long warmupSteps, long halfLifeSteps) {
  public static final LearningRateSchedule CONSTANT = new LearningRateSchedule(0, 0);

  public LearningRateSchedule {
    if (warmupSteps < 0 || halfLifeSteps < 0) {
      throw new IllegalArgumentException("warm-up and half-life must be >= 0 steps");
    }
  }

  /** The factor for the update that follows {@code step} completed steps. */
  public double scale(long step) {
    double warm = warmupSteps > 0 ? Math.min(1, (step + 1.0) / warmupSteps) : 1;
    double decay = halfLifeSteps > 0 ? Math.pow(0.5, (double) step / halfLifeSteps) : 1;
    return warm * decay;
  }
}
