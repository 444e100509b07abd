package io.cdraw.codec.engine;

/**
 * Δ_c = exp(ℓ_c / 2) of each latent channel, from the model's fixed posterior log-variance ℓ
 * (section 3: the quantisation step is the posterior's width), with exp from
 * {@link DeterministicMath}; ln Δ_c is taken as ℓ_c / 2 for the prior scale table. ℓ holds one
 * row of Z channels shared by all steps, or one row per step (rd-draw's widthPerStep).
 */
final class QuantisationSteps {
  private final float[] step;
  private final double[] logStep;
  private final int channels;

  QuantisationSteps(float[] posteriorLogVar, int channels) {
    this.channels = channels;
    step = new float[posteriorLogVar.length];
    logStep = new double[posteriorLogVar.length];
    for (int i = 0; i < step.length; i++) {
      step[i] = DeterministicMath.exp(0.5f * posteriorLogVar[i]);
      logStep[i] = 0.5 * posteriorLogVar[i];
    }
  }

  /** Δ of channel c in step t (0-based). */
  float step(int t, int c) {
    return step[index(t, c)];
  }

  double logStep(int t, int c) {
    return logStep[index(t, c)];
  }

  private int index(int t, int c) {
    return step.length == channels ? c : t * channels + c;
  }
}
