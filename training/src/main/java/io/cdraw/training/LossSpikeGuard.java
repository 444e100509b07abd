package io.cdraw.training;

/**
 * Detects the sudden loss jumps of the paper's section 4 ("we store older parameters, detect such
 * jumps and revert"): a loss that is not finite, or that exceeds its running mean by more than
 * both {@value #DEVIATIONS} running absolute deviations and {@value #RELATIVE_JUMP} of the mean.
 * It also detects a blow-up spread over some tens of steps, each too small to be a jump (one took
 * the default model from 5.65 to 10.6 bits/dim in 40 steps): the running mean (decay
 * {@value #DECAY}, about 50 steps) rising more than {@value #DRIFT} above a baseline, a slow mean
 * (decay {@value #BASELINE_DECAY}, about 500 steps) that such a climb barely moves. Snapshots to
 * revert to are taken only while the running mean is within {@value #HEALTHY} of the baseline, so
 * a drift never reaches them.
 *
 * <p>Both margins widen to {@value #DRIFT_NOISE} and {@value #HEALTHY_NOISE} standard errors of the
 * running mean when the batch loss is noisy (the RD objective on random photo crops: batch losses
 * 70–200 around 115). The baseline is a mean, not the best running mean so far: the minimum of
 * thousands of noisy values lies several standard errors below the typical one and the loss level
 * itself wanders by a few per cent with the images drawn, so on mixed photo data a best-based test
 * "drifted" about once per 800 steps and a third of the steps were reverted (docs/rd-model.md).
 */
public final class LossSpikeGuard {
  static final double DEVIATIONS = 10;
  static final double RELATIVE_JUMP = 0.3;
  private static final double DECAY = 0.02;
  private static final double BASELINE_DECAY = 0.002;
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

  private Average recent = Average.EMPTY;
  /** Running mean absolute deviation from the running mean. */
  private Average deviation = Average.EMPTY;
  private Average baseline = Average.EMPTY;
  private Statistics snapshot;

  /**
   * An exponential average without the bias of its start, Σ (1 − a)^k x_k / Σ (1 − a)^k: a
   * resumed run's first batch counts as one sample, not as the mean of a hundred.
   */
  private record Average(double sum, double weight, long samples) {
    static final Average EMPTY = new Average(0, 0, 0);

    Average add(double x, double decay) {
      return new Average((1 - decay) * sum + decay * x, (1 - decay) * weight + decay, samples + 1);
    }

    double value() {
      return sum / weight;
    }
  }

  /** What {@link #rewind} restores. */
  private record Statistics(Average recent, Average deviation, Average baseline) {}

  public boolean isSpike(double loss) {
    if (!Double.isFinite(loss)) {
      return true;
    }
    if (recent.samples() < WARMUP) {
      return false;
    }
    double mean = recent.value();
    return loss > mean + Math.max(DEVIATIONS * deviation.value(), RELATIVE_JUMP * Math.abs(mean));
  }

  /** Records a loss that was not a spike. */
  public void accept(double loss) {
    if (recent.samples() > 0) {
      deviation = deviation.add(Math.abs(loss - recent.value()), DECAY);
    }
    recent = recent.add(loss, DECAY);
    baseline = baseline.add(loss, BASELINE_DECAY);
  }

  /** The running mean has risen more than {@value #DRIFT} above the baseline. */
  public boolean isDrifting() {
    return baseline.samples() >= WARMUP
        && recent.value() > baseline.value() + margin(DRIFT, DRIFT_NOISE);
  }

  /** The running mean is near the baseline: a good moment for a snapshot to revert to. */
  public boolean isHealthy() {
    return baseline.samples() < WARMUP
        || recent.value() <= baseline.value() + margin(HEALTHY, HEALTHY_NOISE);
  }

  private double margin(double relative, double standardErrors) {
    return Math.max(relative * Math.abs(baseline.value()),
        standardErrors * STANDARD_ERROR * deviation.value());
  }

  /** Starts the baseline afresh, when the objective itself changes (the end of a rate warm-up). */
  public void resetBaseline() {
    baseline = Average.EMPTY;
  }

  /** Remembers the running statistics that go with a snapshot of the parameters. */
  public void markSnapshot() {
    snapshot = new Statistics(recent, deviation, baseline);
  }

  /** After reverting to the snapshot: its running statistics again. */
  public void rewind() {
    if (snapshot != null) {
      recent = snapshot.recent();
      deviation = snapshot.deviation();
      baseline = snapshot.baseline();
    }
  }
}
