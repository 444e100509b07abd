package io.cdraw.codec.model;

/**
 * Detects the sudden loss jumps of the paper's section 4 ("we store older parameters, detect such
 * jumps and revert"): a loss that is not finite, or that exceeds its running mean by more than
 * both {@value #DEVIATIONS} running absolute deviations and {@value #RELATIVE_JUMP} of the mean.
 */
public final class LossSpikeGuard {
  static final double DEVIATIONS = 10;
  static final double RELATIVE_JUMP = 0.3;
  private static final double DECAY = 0.02;
  private static final int WARMUP = 50;

  private double mean = Double.NaN;
  private double deviation;
  private long accepted;

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
  }
}
