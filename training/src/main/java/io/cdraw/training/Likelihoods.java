package io.cdraw.training;

import ai.djl.ndarray.NDArray;

/** The loss terms of equations (7)-(11), each summed over all but the batch axis, in nats. */
public final class Likelihoods {
  /** Width s of one 8-bit quantisation bin when pixels are scaled to [0, 1] (eq. 8). */
  public static final double BIN_WIDTH = 1.0 / 256.0;

  /** The least probability mass a coded bin can have: one count of 2^16. */
  static final double MIN_BIN_MASS = 1.0 / 65536;

  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private Likelihoods() {}

  /**
   * KL(q || p) for diagonal Gaussians given means and log-variances, summed per image (eq. 7).
   * 0.5 * (lv_p - lv_q + exp(lv_q - lv_p) + (mu_q - mu_p)^2 exp(-lv_p) - 1).
   */
  public static NDArray gaussianKl(NDArray muQ, NDArray logVarQ, NDArray muP, NDArray logVarP) {
    NDArray diff = muQ.sub(muP);
    NDArray kl = logVarP.sub(logVarQ)
        .add(logVarQ.sub(logVarP).exp())
        .add(diff.mul(diff).mul(logVarP.neg().exp()))
        .sub(1)
        .mul(0.5);
    return sumPerImage(kl);
  }

  /**
   * L^x = log(q^x / p^x) of equations (8)-(10): the negative log density of the dequantised pixel
   * under N(mean, exp(logVar)) plus log of the uniform density 1/s. Summed per image.
   */
  public static NDArray dequantisedGaussianNll(NDArray x, NDArray mean, NDArray logVar) {
    NDArray diff = x.sub(mean);
    NDArray nll = diff.mul(diff).mul(logVar.neg().exp()).mul(0.5)
        .add(logVar.mul(0.5))
        .add(HALF_LOG_TWO_PI - Math.log(BIN_WIDTH));
    return sumPerImage(nll);
  }

  /** -log Bernoulli(x; sigmoid(logits)) = softplus(logits) - x * logits, summed per image. */
  public static NDArray bernoulliNll(NDArray x, NDArray logits) {
    return sumPerImage(logits.getNDArrayInternal().softPlus().sub(x.mul(logits)));
  }

  /** The discrete rate of {@link #latentRates}, summed per image. */
  public static NDArray discreteRate(NDArray z, NDArray muP, NDArray logVarP, NDArray step) {
    return sumPerImage(latentRates(z, muP, logVarP, step));
  }

  /**
   * −ln P(bin) of each latent: the prior N(muP, e^logVarP) mass over [z − Δ/2, z + Δ/2].
   * Computed in the lower tail, Φ((−|d| + Δ/2)/σ) − Φ((−|d| − Δ/2)/σ) with d = z − muP, where
   * both terms are small and do not cancel. Floored at 2^-16, the smallest probability the
   * codec's tables give a symbol (float32 erf is not accurate below that anyway).
   */
  public static NDArray latentRates(NDArray z, NDArray muP, NDArray logVarP, NDArray step) {
    NDArray d = z.sub(muP).abs().neg();
    NDArray invSigma = logVarP.mul(-0.5).exp();
    NDArray half = step.mul(0.5);
    NDArray upper = standardNormalCdf(d.add(half).mul(invSigma));
    NDArray lower = standardNormalCdf(d.sub(half).mul(invSigma));
    return upper.sub(lower).maximum(MIN_BIN_MASS).log().neg();
  }

  /** Φ(x) = (1 + erf(x / √2)) / 2. */
  static NDArray standardNormalCdf(NDArray x) {
    return x.mul(Math.sqrt(0.5)).erf().add(1).mul(0.5);
  }

  /** Sums every axis but the first. */
  static NDArray sumPerImage(NDArray a) {
    int[] axes = new int[a.getShape().dimension() - 1];
    for (int i = 0; i < axes.length; i++) {
      axes[i] = i + 1;
    }
    return a.sum(axes);
  }
}
