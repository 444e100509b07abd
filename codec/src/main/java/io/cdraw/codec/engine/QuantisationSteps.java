package io.cdraw.codec.engine;

/**
 * Δ_c = exp(ℓ_c / 2) of each latent channel, from the model's fixed posterior log-variance ℓ
 * (section 3: the quantisation step is the posterior's width), with exp from
 * {@link DeterministicMath}; ln Δ_c is taken as ℓ_c / 2 for the prior scale table.
 */
final class QuantisationSteps {
  private final float[] step;
  private final double[] logStep;

  QuantisationSteps(float[] posteriorLogVar) {
    step = new float[posteriorLogVar.length];
    logStep = new double[posteriorLogVar.length];
    for (int i = 0; i < step.length; i++) {
      step[i] = DeterministicMath.exp(0.5f * posteriorLogVar[i]);
      logStep[i] = 0.5 * posteriorLogVar[i];
    }
  }

  float step(int c) {
    return step[c];
  }

  double logStep(int c) {
    return logStep[c];
  }
}
