package io.cdraw.training;

/**
 * Detects the sudden loss jumps of the paper's section 4 ("we store older parameters, detect such
 * jumps and revert"): a loss that is not finite, or that exceeds its running mean by more than
 * both {@value #DEVIATIONS} running absolute deviations and {@value #RELATIVE_JUMP} of the mean.
 * It also detects a blow-up spread over some tens of steps, each too small to be a jump (one took
 * the default model from 5.65 to 10.6 bits/dim in 40 steps): the running mean drifting more than
 * {@value #DRIFT} above its best. Snapshots to revert to are taken only while the running mean is
 * within {@value #HEALTHY} of its best, so a drift never reaches them.
 *
 * <p>Both margins widen to {@value #DRIFT_NOISE} and {@value #HEALTHY_NOISE} standard errors of the
 * running mean when the batch loss is noisy: the best running mean is a minimum over thousands of
 * noisy values, several standard errors below the typical one. Without that, the rate–distortion
 * objective on random photo crops (batch losses 150–630 around 250) "drifted" every few steps and
 * was reverted to one old snapshot for 300 steps.
 */
public final class LossSpikeGuard {
  static final double DEVIATIONS = 10;
  static final double RELATIVE_JUMP = 0.3;
  private static final double DECAY = 0.02;
  private static final int WARMUP = 50;
  static final double DRIFT = 0.1;
  static final double HEALTHY = 0.02;
  static final double DRIFT_NOISE = 6;
  static final double HEALTHY_NOISE = 3;
  /**
   * Standard error of the running mean per running absolute deviation: σ = √(π/2) × the mean
   * absolute deviation of a Gaussian, and an exponential average of decay a has variance
   * σ² a / (2 − a).
   */
  private static final double STANDARD_ERROR = Math.sqrt(Math.PI / 2 * DECAY / (2 - DECAY));

  private double mean = Double.NaN;
  private double deviation;
  private long accepted;
  private double best = Double.POSITIVE_INFINITY;
  private double snapshotMean = Double.NaN;
  private double snapshotDeviation;

  public boolean isSpike(double loss) {
    if (!Double.isFinite(loss)) {
      return true;
    }
    if (accepted < WARMUP) {
      return false;
    }
    return loss > mean + Math.max(DEVIATIONS * deviation, RELATIVE_JUMP * Math.abs(mean));
  }

  /** Records a loss that was not a spike. */
  public void accept(double loss) {
    if (accepted == 0) {
      mean = loss;
    } else {
      deviation += DECAY * (Math.abs(loss - mean) - deviation);
      mean += DECAY * (loss - mean);
    }
    accepted++;
    if (accepted >= WARMUP) {
      best = Math.min(best, mean);
    }
  }

  /** The running mean has risen more than {@value #DRIFT} above its best. */
  public boolean isDrifting() {
    return accepted >= WARMUP
        && mean > best + Math.max(DRIFT * Math.abs(best), DRIFT_NOISE * standardError());
  }

  /** The running mean is near its best: a good moment for a snapshot to revert to. */
  public boolean isHealthy() {
    return accepted < WARMUP
        || mean <= best + Math.max(HEALTHY * Math.abs(best), HEALTHY_NOISE * standardError());
  }

  private double standardError() {
    return STANDARD_ERROR * deviation;
  }

  /** Forgets the best loss, when the objective itself changes (the end of a rate warm-up). */
  public void resetBest() {
    best = Double.POSITIVE_INFINITY;
  }

  /** Remembers the running statistics that go with a snapshot of the parameters. */
  public void markSnapshot() {
    snapshotMean = mean;
    snapshotDeviation = deviation;
  }

  /** After reverting to the snapshot: its running statistics again. */
  public void rewind() {
    if (!Double.isNaN(snapshotMean)) {
      mean = snapshotMean;
      deviation = snapshotDeviation;
    }
  }
}
