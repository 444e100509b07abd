package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.cdraw.codec.CdrawException;
import io.cdraw.codec.model.ModelConfig.Likelihood;
import io.cdraw.codec.model.ModelConfig;
import io.cdraw.training.Parameters.Initializer;
import io.cdraw.training.data.ImageSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Random;

/**
 * Convolutional DRAW in DJL, the training-side implementation of the paper's section 2.
 *
 * <p>One layer follows equations (1)-(7): the encoder LSTM reads x and the error x - r (through a
 * stride-s convolution) with its own and the decoder's previous state; q and p are Gaussians whose
 * means and log-variances are convolutions of h_e and h_d; the decoder LSTM reads z, its state and
 * the canvas; W h_d is added to the canvas at image resolution (a convolution followed by a
 * depth-to-space rearrangement, the sub-pixel form of a stride-s transposed convolution).
 *
 * <p>Two layers follow equations (12)-(22): layer 2 reads the posterior mean of layer 1 (stride
 * {@code layer2Stride}), and its decoder state, upsampled, biases layer 1's prior and feeds layer
 * 1's decoder.
 */
public final class ConvDrawNetwork implements TrainableModel {
  private final ModelConfig config;
  private final Parameters params;
  private final Shape padding;

  private final ConvLstmCell enc1;
  private final ConvLstmCell dec1;
  private final NDArray h1e0;
  private final NDArray h1d0;
  private final NDArray canvas0;
  private final GaussianHead posterior1;
  private final GaussianHead prior1;
  private final NDArray writeW;
  private final NDArray writeB;

  private final ConvLstmCell enc2;
  private final ConvLstmCell dec2;
  private final NDArray h2e0;
  private final NDArray h2d0;
  private final GaussianHead posterior2;
  private final GaussianHead prior2;

  /** Builds the network; parameters absent from {@code params} are initialised from its seed. */
  public ConvDrawNetwork(ModelConfig config, Parameters params) {
    this.config = config;
    this.params = params;
    int k = config.kernel();
    this.padding = new Shape(k / 2, k / 2);
    int c = config.channels();
    int cc = config.canvasChannels();
    int l1 = config.lstmMaps();
    int z1 = config.latentMaps();
    boolean two = config.layers() == 2;
    int l2 = two ? config.layer2LstmMaps() : 0;
    int z2 = two ? config.layer2LatentMaps() : 0;
    int s = config.stride();

    // Eq. (2)/(13): h_e = Rnn(x, eps, h_e, h_d); x and eps come in at image resolution.
    enc1 = new ConvLstmCell(params, "enc1", l1, k, new int[] {2 * c, 2 * l1}, new int[] {s, 1});
    // Eq. (5)/(20): h_d = Rnn(z, h_d, [h2_d,] r); r comes in at image resolution.
    dec1 = new ConvLstmCell(params, "dec1", l1, k, new int[] {cc, z1 + l1 + l2}, new int[] {s, 1});
    h1e0 = params.get("enc1.h0", new Shape(1, l1, 1, 1), Initializer.constant(0));
    h1d0 = params.get("dec1.h0", new Shape(1, l1, 1, 1), Initializer.constant(0));
    canvas0 = params.get("canvas0", new Shape(1, cc, 1, 1), initialCanvas(config));
    posterior1 = new GaussianHead(params, "q1", l1, z1, k, config.fixedPosteriorWidth());
    prior1 = new GaussianHead(params, "p1", l1 + l2, z1, k, false);
    // Eq. (6): r = r + W h_d, W producing cc * s * s maps that depth-to-space to image resolution.
    int writeMaps = cc * s * s;
    writeW = params.get("write.w", new Shape(writeMaps, l1, k, k),
        Initializer.uniform(0.1 / Math.sqrt(l1 * k * k)));
    writeB = params.get("write.b", new Shape(writeMaps), Initializer.constant(0));

    if (two) {
      int s2 = config.layer2Stride();
      // Eq. (15): h2_e = Rnn(mu1(q1), h2_e, h2_d).
      enc2 = new ConvLstmCell(params, "enc2", l2, k, new int[] {z1, 2 * l2}, new int[] {s2, 1});
      // Eq. (18): h2_d = Rnn(z2, h2_d).
      dec2 = new ConvLstmCell(params, "dec2", l2, k, new int[] {z2 + l2}, new int[] {1});
      h2e0 = params.get("enc2.h0", new Shape(1, l2, 1, 1), Initializer.constant(0));
      h2d0 = params.get("dec2.h0", new Shape(1, l2, 1, 1), Initializer.constant(0));
      posterior2 = new GaussianHead(params, "q2", l2, z2, k, config.fixedPosteriorWidth());
      prior2 = new GaussianHead(params, "p2", l2, z2, k, false);
    } else {
      enc2 = null;
      dec2 = null;
      h2e0 = null;
      h2d0 = null;
      posterior2 = null;
      prior2 = null;
    }
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

  /**
   * Pixel values of a canvas as 8-bit planes: the Gaussian mean v = round(256 mu - 1/2) (the
   * inverse of the dequantisation x = (v + u) / 256), or 255 times the Bernoulli probability.
   */
  public byte[] toPixels(NDArray canvas) {
    float[] values = canvasMean(canvas).toFloatArray();
    byte[] out = new byte[values.length];
    boolean gaussian = config.likelihood() == Likelihood.GAUSSIAN;
    for (int i = 0; i < values.length; i++) {
      double v = gaussian ? Math.rint(values[i] * 256 - 0.5) : Math.rint(values[i] * 255);
      out[i] = (byte) Math.max(0, Math.min(255, v));
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
      NDManager manager, double rateWeight) {
    NDArray x = Batches.input(set, indices, augment, noise, manager);
    DrawResult r = run(x, x.getShape(), manager, config.steps(), true, 1);
    NDArray kl = r.totalKl();
    NDArray recon = r.reconstructionNll();
    NDArray objective = recon.mul(config.beta()).add(kl.mul(rateWeight)).mean(); // eq. 11
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
    int s = config.stride();
    int hh = hp / s;
    int hw = wp / s;
    boolean two = config.layers() == 2;
    int steps = config.steps();
    int stored = x == null ? 0 : Math.min(storedSteps, steps);
    NDArray xp = x == null ? null : padEdges(x, hp, wp);

    NDArray canvas = canvas0.broadcast(n, config.canvasChannels(), hp, wp);
    NDArray h1e = h1e0.broadcast(n, config.lstmMaps(), hh, hw);
    NDArray h1d = h1d0.broadcast(n, config.lstmMaps(), hh, hw);
    NDArray c1e = null;
    NDArray c1d = null;
    NDArray h2e = null;
    NDArray h2d = null;
    NDArray c2e = null;
    NDArray c2d = null;
    if (two) {
      int s2 = config.layer2Stride();
      h2e = h2e0.broadcast(n, config.layer2LstmMaps(), hh / s2, hw / s2);
      h2d = h2d0.broadcast(n, config.layer2LstmMaps(), hh / s2, hw / s2);
    }
    NDArray[][] kl = new NDArray[steps][config.layers()];

    for (int t = 0; t < steps; t++) {
      boolean fromPosterior = t < stored;
      NDArray[] q1 = null;
      if (fromPosterior) {
        NDArray error = xp.sub(canvasMean(canvas)); // eq. (1)
        NDArray[] hc = enc1.step(new NDArray[] {xp.concat(error, 1), h1e.concat(h1d, 1)}, c1e);
        h1e = hc[0];
        c1e = hc[1];
        q1 = posterior1.apply(h1e); // eq. (3)
      }
      NDArray up = null;
      if (two) {
        NDArray[] q2 = null;
        if (fromPosterior) {
          NDArray[] hc = enc2.step(new NDArray[] {q1[0], h2e.concat(h2d, 1)}, c2e); // eq. (15)
          h2e = hc[0];
          c2e = hc[1];
          q2 = posterior2.apply(h2e); // eq. (16)
        }
        NDArray[] p2 = prior2.apply(h2d); // eq. (17)
        NDArray z2;
        if (fromPosterior) {
          z2 = posteriorDraw(q2, p2, samplePosterior, manager);
          kl[t][1] = rate(q2, z2, p2);
        } else {
          z2 = draw(p2, priorVarianceScale, manager);
        }
        NDArray[] hc = dec2.step(new NDArray[] {z2.concat(h2d, 1)}, c2d); // eq. (18)
        h2d = hc[0];
        c2d = hc[1];
        up = upsample(h2d, config.layer2Stride());
      }
      NDArray priorInput = two ? h1d.concat(up, 1) : h1d;
      NDArray[] p1 = prior1.apply(priorInput); // eq. (4)/(19)
      NDArray z1;
      if (fromPosterior) {
        z1 = posteriorDraw(q1, p1, samplePosterior, manager);
        kl[t][0] = rate(q1, z1, p1); // eq. (7)
      } else {
        z1 = draw(p1, priorVarianceScale, manager);
      }
      NDArray hidden = two ? z1.concat(h1d, 1).concat(up, 1) : z1.concat(h1d, 1);
      NDArray[] hc = dec1.step(new NDArray[] {canvas, hidden}, c1d); // eq. (5)/(20)
      h1d = hc[0];
      c1d = hc[1];
      canvas = canvas.add(write(h1d)); // eq. (6)/(21)
    }
    NDArray cropped = hp == height && wp == width ? canvas
        : canvas.get(new NDIndex(":, :, :{}, :{}", height, width));
    NDArray reconstructionNll = x == null ? null : reconstructionNll(x, cropped);
    return new DrawResult(cropped, reconstructionNll, kl, stored);
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
    if (config.likelihood() == Likelihood.GAUSSIAN) {
      return canvas.get(new NDIndex(":, :{}", config.channels()));
    }
    return canvas.getNDArrayInternal().sigmoid();
  }

  private NDArray write(NDArray h1d) {
    int s = config.stride();
    NDArray w = conv(h1d, writeW, writeB, 1);
    if (s == 1) {
      return w;
    }
    Shape hs = w.getShape();
    long n = hs.get(0);
    long hh = hs.get(2);
    long hw = hs.get(3);
    int cc = config.canvasChannels();
    return w.reshape(n, cc, s, s, hh, hw).transpose(0, 1, 4, 2, 5, 3).reshape(n, cc, hh * s, hw * s);
  }

  private NDArray conv(NDArray in, NDArray w, NDArray b, int stride) {
    return Conv2d.conv2d(in, w, b, new Shape(stride, stride), padding, new Shape(1, 1), 1)
        .singletonOrThrow();
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

  private static NDArray upsample(NDArray a, int factor) {
    return factor == 1 ? a : a.repeat(2, factor).repeat(3, factor);
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

  private static Initializer initialCanvas(ModelConfig config) {
    int c = config.channels();
    if (config.likelihood() == Likelihood.GAUSSIAN) {
      // Mean grey with a standard deviation of a quarter of the range: the data's rough statistics.
      return (i, r) -> i < c ? 0.5 : Math.log(0.0625);
    }
    return Initializer.constant(-2); // binary images are mostly background
  }

  /** Mean and log-variance of a Gaussian as convolutions of a hidden state (eq. 3, 4). */
  private final class GaussianHead {
    private final NDArray weight;
    private final NDArray bias;
    private final NDArray fixedLogVar;
    private final int latentMaps;

    GaussianHead(Parameters params, String name, int inMaps, int latentMaps, int k, boolean fixed) {
      this.latentMaps = latentMaps;
      int outMaps = fixed ? latentMaps : 2 * latentMaps;
      weight = params.get(name + ".w", new Shape(outMaps, inMaps, k, k),
          Initializer.uniform(0.5 / Math.sqrt(inMaps * k * k)));
      bias = params.get(name + ".b", new Shape(outMaps), Initializer.constant(0));
      // The fixed posterior width of section 3: a learned per-channel log-variance. With the KL
      // it starts at the prior's initial width (zero KL for unused latents). With the discrete
      // rate it starts wide, Δ = 4 σ_p, where an unused latent's bin holds 95% of the prior mass
      // (0.07 bits) instead of 38% (1.4 bits) at Δ = σ_p; training narrows it where it pays.
      double initialLogVar = config.discreteRate() ? 2 * Math.log(4) : 0;
      fixedLogVar = fixed
          ? params.get(name + ".logvar", new Shape(1, latentMaps, 1, 1),
              Initializer.constant(initialLogVar))
          : null;
    }

    NDArray[] apply(NDArray h) {
      NDArray out = conv(h, weight, bias, 1);
      if (fixedLogVar != null) {
        return new NDArray[] {out, fixedLogVar.broadcast(out.getShape())};
      }
      return new NDArray[] {
        out.get(new NDIndex(":, :{}", latentMaps)), out.get(new NDIndex(":, {}:", latentMaps))
      };
    }
  }
}
