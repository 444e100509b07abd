package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.cdraw.codec.model.ModelConfig.Likelihood;
import io.cdraw.codec.model.ModelConfig;
import io.cdraw.training.data.ImageSet;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * The variational upper bound on -log p(x) over a set of images, with the information (KL) per
 * step and layer: the measurements of the paper's Tables 1-2 and Figure 9.
 *
 * @param images how many images were evaluated
 * @param dimsPerImage pixels times channels of one image
 * @param likelihood decides the reporting unit: bits/dim for Gaussian, nats for Bernoulli
 * @param reconstructionNats mean -log p(x | z) per image, nats
 * @param klNats mean KL per image in nats, indexed [step][layer]
 */
public record Evaluation(int images, int dimsPerImage, Likelihood likelihood,
    double reconstructionNats, double[][] klNats) {

  /** Single-sample bound per image, nats. */
  public double boundNats() {
    return reconstructionNats + latentNats();
  }

  public double bitsPerDim() {
    return bitsPerDim(boundNats());
  }

  /** The paper's unit for this kind of data: bits/dim for 8-bit images, nats for binary. */
  public double headline() {
    return inHeadlineUnit(boundNats());
  }

  /**
   * Eq. 11's objective with input-cost scale {@code beta} (the bound when beta = 1), in the
   * headline unit: what a model trained at that beta minimises.
   */
  public double objective(double beta) {
    return inHeadlineUnit(beta * reconstructionNats + latentNats());
  }

  private double latentNats() {
    double total = 0;
    for (double[] step : klNats) {
      for (double k : step) {
        total += k;
      }
    }
    return total;
  }

  private double inHeadlineUnit(double nats) {
    return likelihood == Likelihood.GAUSSIAN ? bitsPerDim(nats) : nats;
  }

  private double bitsPerDim(double nats) {
    return nats / (dimsPerImage * Math.log(2));
  }

  public String headlineUnit() {
    return likelihood == Likelihood.GAUSSIAN ? "bits/dim" : "nats";
  }

  /**
   * Evaluates the first {@code limit} images of {@code set} (all when limit <= 0) in batches, with
   * posterior samples and dequantisation noise drawn from {@code seed}.
   */
  public static Evaluation run(ConvDrawNetwork net, ImageSet set, int limit, int batchSize,
      long seed, NDManager manager, IntConsumer progress) {
    int n = limit <= 0 ? set.size() : Math.min(limit, set.size());
    ModelConfig config = net.config();
    int steps = config.steps();
    int layers = config.layers();
    double recon = 0;
    double[][] kl = new double[steps][layers];
    Random noise = new Random(seed);
    for (int start = 0; start < n; start += batchSize) {
      int count = Math.min(batchSize, n - start);
      int[] indices = Batches.range(start, count);
      try (NDManager batch = manager.newSubManager()) {
        net.parameters().tempAttach(batch);
        NDArray x = Batches.input(set, indices, null, noise, batch);
        DrawResult r = net.run(x, x.getShape(), batch, steps, true, 1);
        recon += r.reconstructionNll().sum().getFloat();
        for (int t = 0; t < steps; t++) {
          for (int l = 0; l < layers; l++) {
            kl[t][l] += r.kl()[t][l].sum().getFloat();
          }
        }
      }
      if (progress != null) {
        progress.accept(start + count);
      }
    }
    for (double[] step : kl) {
      for (int l = 0; l < layers; l++) {
        step[l] /= n;
      }
    }
    return new Evaluation(n, set.pixelsPerImage(), config.likelihood(), recon / n, kl);
  }
}
