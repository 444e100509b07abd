package io.cdraw.training;

import ai.djl.ndarray.NDArray;

/**
 * What one pass of T steps produced.
 *
 * @param canvas the final canvas r_T, cropped to the image size
 * @param reconstructionNll -log p(x | r_T) per image in nats, or null without an input
 * @param kl KL(q||p) per image in nats, indexed [step][layer]; null for generated steps
 * @param storedSteps how many steps took z from the posterior
 */
public record DrawResult(NDArray canvas, NDArray reconstructionNll, NDArray[][] kl, int storedSteps) {

  /** Sum of KL over stored steps and layers, per image. */
  public NDArray totalKl() {
    NDArray total = null;
    for (int t = 0; t < storedSteps; t++) {
      for (NDArray k : kl[t]) {
        total = total == null ? k : total.add(k);
      }
    }
    return total;
  }
}
