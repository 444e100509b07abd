package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.cdraw.codec.CdrawException;
import io.cdraw.codec.model.ModelConfig.Likelihood;
import io.cdraw.codec.engine.PixelMapping;
import io.cdraw.codec.model.ModelConfig;
import io.cdraw.codec.net.DrawNetwork;
import io.cdraw.training.data.ImageSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;

/**
 * Convolutional DRAW (paper section 2, the network {@link DrawNetwork}) on DJL, with what
 * training adds to it: posterior samples, the rate (KL or the codec's discrete rate), generation
 * from the prior at a chosen variance and the likelihood of the final canvas (eqs. 8-11).
 */
public final class ConvDrawNetwork implements TrainableModel {
  private final ModelConfig config;
  private final Parameters params;

  /** Builds the network; parameters absent from {@code params} are initialised from its seed. */
  public ConvDrawNetwork(ModelConfig config, Parameters params) {
    this.config = config;
    this.params = params;
    DjlTensors.declare(params, DrawNetwork.parameters(config));
  }

  /** Loads a model file (or a training checkpoint) and rebuilds the network it describes. */
  public static ConvDrawNetwork load(Path path, NDManager manager) throws IOException {
    return fromFile(DjlModelFile.load(path, manager), path.toString(), manager);
  }

  /** Rebuilds the network a loaded model file describes; {@code name} labels errors. */
  public static ConvDrawNetwork fromFile(DjlModelFile file, String name, NDManager manager)
      throws IOException {
    return TrainableModels.onWeights(p -> new ConvDrawNetwork(file.config(), p), file.weights(),
        name, manager);
  }

  /** Pixel values of a canvas as 8-bit planes, by the codec's one rule ({@link PixelMapping}). */
  public byte[] toPixels(NDArray canvas) {
    float[] values = canvasMean(canvas).toFloatArray();
    byte[] out = new byte[values.length];
    boolean gaussian = config.likelihood() == Likelihood.GAUSSIAN;
    for (int i = 0; i < values.length; i++) {
      out[i] = PixelMapping.pixel(values[i], gaussian);
    }
    return out;
  }

  @Override
  public Properties properties() {
    return config.toProperties();
  }

  @Override
  public String describe() {
    return config.describe();
  }

  @Override
  public String unit() {
    return config.likelihood() == Likelihood.GAUSSIAN ? "bits/dim" : "nats";
  }

  /** The validation bound, or eq. 11 at beta < 1 (a beta < 1 model trades bound for images). */
  @Override
  public String criterionName() {
    return config.beta() == 1 ? "validation" : "objective at beta " + config.beta();
  }

  @Override
  public void checkData(ImageSet set) {
    if (set.channels() != config.channels()) {
      throw new CdrawException(CdrawException.Kind.BAD_INPUT,
          "the model has " + config.channels()
          + " channel(s) but the data has " + set.channels());
    }
    if (set.binary() != (config.likelihood() == Likelihood.BERNOULLI)) {
      throw new CdrawException(CdrawException.Kind.BAD_INPUT, set.binary()
          ? "binary data needs a Bernoulli model" : "8-bit data needs a Gaussian model");
    }
  }

  /** Eq. 11 with a posterior sample; the reported loss is always the full bound. */
  @Override
  public Loss trainingLoss(ImageSet set, int[] indices, Random augment, Random noise,
      NDManager manager, LossWeights weights) {
    NDArray x = Batches.input(set, indices, augment, noise, manager);
    DrawResult r = run(x, x.getShape(), manager, config.steps(), true, 1);
    NDArray kl = r.totalKl();
    NDArray recon = r.reconstructionNll();
    NDArray objective = recon.mul(config.beta()).add(kl.mul(weights.rate())).mean(); // eq. 11
    double toUnit = config.likelihood() == Likelihood.GAUSSIAN
        ? 1 / (set.pixelsPerImage() * Math.log(2)) : 1;
    return new Loss(objective, recon.add(kl).mean().getFloat() * toUnit,
        objective.getFloat() * toUnit);
  }

  @Override
  public BoundValidation validate(ImageSet set, int limit, int batchSize, long seed,
      NDManager manager) {
    return new BoundValidation(Evaluation.run(this, set, limit, batchSize, seed, manager, null),
        config.beta());
  }

  /** The bound, judged by eq. 11 at the model's beta. */
  public record BoundValidation(Evaluation evaluation, double beta) implements Validation {
    @Override
    public double headline() {
      return evaluation.headline();
    }

    @Override
    public String headlineUnit() {
      return evaluation.headlineUnit();
    }

    @Override
    public double criterion() {
      return evaluation.objective(beta);
    }

    @Override
    public int images() {
      return evaluation.images();
    }

    @Override
    public String detail() {
      return beta == 1 ? "" : String.format(java.util.Locale.ROOT, ", objective at beta %s %.4f",
          beta, criterion());
    }
  }

  public ModelConfig config() {
    return config;
  }

  @Override
  public Parameters parameters() {
    return params;
  }

  /**
   * Runs T steps. Steps before {@code storedSteps} take z from the posterior of {@code x} (a sample
   * when {@code samplePosterior}, else its mean) and report KL(q||p); later steps draw z from the
   * prior with its variance scaled by {@code priorVarianceScale} (0 = the prior mean).
   *
   * @param x images in [0, 1], shape (N, C, H, W), or null to generate from the prior alone
   * @param shape (N, C, H, W) of the output; must equal x's shape when x is given
   */
  public DrawResult run(NDArray x, Shape shape, NDManager manager, int storedSteps,
      boolean samplePosterior, double priorVarianceScale) {
    int n = (int) shape.get(0);
    int height = (int) shape.get(2);
    int width = (int) shape.get(3);
    int m = config.sizeMultiple();
    int hp = (height + m - 1) / m * m;
    int wp = (width + m - 1) / m * m;
    boolean two = config.layers() == 2;
    int steps = config.steps();
    int stored = x == null ? 0 : Math.min(storedSteps, steps);
    NDArray xp = x == null ? null : padEdges(x, hp, wp);
    DjlTensors ops = new DjlTensors(params, n);
    DrawNetwork.State<NDArray> state = DrawNetwork.start(ops, config, hp, wp);
    NDArray[][] kl = new NDArray[steps][config.layers()];

    for (int t = 0; t < steps; t++) {
      boolean fromPosterior = t < stored;
      NDArray[] q1 = fromPosterior
          ? posterior(ops, state, 1, DrawNetwork.posterior1(ops, config, state, xp)) : null;
      if (two) {
        NDArray[] q2 = fromPosterior
            ? posterior(ops, state, 2, DrawNetwork.posterior2(ops, config, state, q1[0])) : null;
        NDArray[] p2 = gaussian(ops, DrawNetwork.prior2(ops, state), config.layer2LatentMaps());
        NDArray z2;
        if (fromPosterior) {
          z2 = posteriorDraw(q2, p2, samplePosterior, manager);
          kl[t][1] = rate(q2, z2, p2);
        } else {
          z2 = draw(p2, priorVarianceScale, manager);
        }
        DrawNetwork.decode2(ops, config, state, z2);
      }
      NDArray[] p1 = gaussian(ops, DrawNetwork.prior1(ops, state), config.latentMaps());
      NDArray z1;
      if (fromPosterior) {
        z1 = posteriorDraw(q1, p1, samplePosterior, manager);
        kl[t][0] = rate(q1, z1, p1); // eq. (7)
      } else {
        z1 = draw(p1, priorVarianceScale, manager);
      }
      DrawNetwork.decode1(ops, config, state, z1);
    }
    NDArray canvas = state.canvas();
    NDArray cropped = hp == height && wp == width ? canvas
        : canvas.get(new NDIndex(":, :, :{}, :{}", height, width));
    NDArray reconstructionNll = x == null ? null : reconstructionNll(x, cropped);
    return new DrawResult(cropped, reconstructionNll, kl, stored);
  }

  /** {μ, log σ²} of a layer's posterior head (the width fixed per channel, or learned). */
  private NDArray[] posterior(DjlTensors ops, DrawNetwork.State<NDArray> state, int layer,
      NDArray head) {
    if (!config.fixedPosteriorWidth()) {
      return gaussian(ops, head, layer == 1 ? config.latentMaps() : config.layer2LatentMaps());
    }
    return new NDArray[] {head, DrawNetwork.posteriorLogVariance(ops, config, state, layer)};
  }

  /** {μ, log σ²} of a head with μ in channels [0, maps) and log σ² in [maps, 2 maps). */
  private static NDArray[] gaussian(DjlTensors ops, NDArray head, int maps) {
    return new NDArray[] {ops.channels(head, 0, maps), ops.channels(head, maps, 2 * maps)};
  }

  /** -log p(x | r_T) per image in nats: eq. (10) for Gaussian, Bernoulli otherwise. */
  public NDArray reconstructionNll(NDArray x, NDArray canvas) {
    int c = config.channels();
    if (config.likelihood() == Likelihood.GAUSSIAN) {
      return Likelihoods.dequantisedGaussianNll(x,
          canvas.get(new NDIndex(":, :{}", c)), canvas.get(new NDIndex(":, {}:", c)));
    }
    return Likelihoods.bernoulliNll(x, canvas);
  }

  /** The pixel values the canvas predicts, in [0, 1]: the Gaussian mean or Bernoulli probability. */
  public NDArray canvasMean(NDArray canvas) {
    return DrawNetwork.canvasMean(new DjlTensors(params, (int) canvas.getShape().get(0)), config,
        canvas);
  }

  /**
   * A latent from the posterior, which the decoder gets and the rate is charged at. Without the
   * discrete rate: a Gaussian sample (or the mean). With it, training uses μ_q + Δu with u uniform
   * in [−½, ½] (Δ = σ_q), a smooth stand-in for quantisation; evaluation uses the codec's
   * own ẑ = μ_p + round((μ_q − μ_p) / Δ) Δ on the prior-centred grid, so the bound is the codec's
   * code length. Decoding the grid in training with a straight-through gradient was tried and
   * coded worse (docs/rate-gap.md): the rate then no longer describes what the decoder sees.
   */
  private NDArray posteriorDraw(NDArray[] q, NDArray[] p, boolean sample, NDManager manager) {
    if (!config.discreteRate()) {
      return draw(q, sample ? 1 : 0, manager);
    }
    NDArray step = q[1].mul(0.5).exp();
    return sample
        ? q[0].add(manager.randomUniform(-0.5f, 0.5f, q[0].getShape()).mul(step))
        : q[0].sub(p[0]).div(step).round().mul(step).add(p[0]);
  }

  /** The information a posterior latent costs: KL(q||p), or the discrete rate of its bin. */
  private NDArray rate(NDArray[] q, NDArray z, NDArray[] p) {
    if (config.discreteRate()) {
      return Likelihoods.discreteRate(z, p[0], p[1], q[1].mul(0.5).exp());
    }
    return Likelihoods.gaussianKl(q[0], q[1], p[0], p[1]);
  }

  /** z = mu + sqrt(scale) * sigma * noise; scale 0 gives the mean. */
  private static NDArray draw(NDArray[] gaussian, double varianceScale, NDManager manager) {
    if (varianceScale == 0) {
      return gaussian[0];
    }
    NDArray noise = manager.randomNormal(gaussian[0].getShape());
    NDArray sigma = gaussian[1].mul(0.5).exp();
    if (varianceScale != 1) {
      sigma = sigma.mul(Math.sqrt(varianceScale));
    }
    return gaussian[0].add(sigma.mul(noise));
  }

  /** Pads height and width to (hp, wp) by repeating the last row and column. */
  static NDArray padEdges(NDArray x, int hp, int wp) {
    Shape shape = x.getShape();
    long h = shape.get(2);
    long w = shape.get(3);
    NDArray out = x;
    if (hp > h) {
      out = out.concat(out.get(new NDIndex(":, :, {}:{}, :", h - 1, h)).repeat(2, hp - h), 2);
    }
    if (wp > w) {
      out = out.concat(out.get(new NDIndex(":, :, :, {}:{}", w - 1, w)).repeat(3, wp - w), 3);
    }
    return out;
  }
}
