package io.cdraw.codec;

import io.cdraw.codec.CdrawException.Kind;
import io.cdraw.codec.engine.CodingEngine;
import io.cdraw.codec.engine.DrawEngine;
import io.cdraw.codec.engine.FeatureMaps;
import io.cdraw.codec.entropy.AnsStack;
import io.cdraw.codec.entropy.BernoulliBins;
import io.cdraw.codec.entropy.ContinuousBins;
import io.cdraw.codec.entropy.QuantisedCdf;
import io.cdraw.codec.entropy.StandardNormal;
import io.cdraw.codec.io.ImageFiles.Planar;
import io.cdraw.codec.model.ModelConfig.Likelihood;
import java.util.ArrayList;
import java.util.List;

/**
 * Bits-back coding of one image with a likelihood conv DRAW model of one or two layers (paper
 * section 3; BB-ANS), both directions on one {@link AnsStack}. Encoding pops every step's latents
 * with the discretised posterior (steps 1 … T; per step layer 2's, then layer 1's; each in
 * channel, row, column order), pushes the pixels with p(x | z),
 * then pushes the latents with the prior in exactly the reverse order; decoding pops the latents
 * with the prior, the pixels with the likelihood, recomputes the posterior from the decoded image
 * and pushes the latents back with it, leaving the stack as the encoder found it. Latents lie on
 * the grid k · δ_c with δ_c = Δ_c / 2^m (Δ_c the posterior width, m = {@code binsPerWidthLog2});
 * the posterior is N(μ_q, Δ²) for models trained on the KL and uniform over a width Δ for those
 * trained on the discrete rate (the noise they were trained with); every probability is
 * computed on the deterministic engine and {@link io.cdraw.codec.entropy.StandardNormal}.
 * docs/format.md ("Lossless streams") specifies it.
 */
public final class BitsBackCoder {
  /** Precision of every coded symbol. */
  static final int PRECISION = 24;
  /** Half-width of a posterior's or prior's window of bins, in its own σ. */
  static final double WINDOW_SIGMAS = 8;
  /** Most bins on each side of a prior's mean; latents beyond are escaped. */
  static final long MAX_HALF_BINS = 1L << 20;
  /** Latent bins beyond this magnitude cannot be coded (the raw escape holds 32 bits). */
  static final long MAX_BIN = Integer.MAX_VALUE;

  private final DrawEngine engine;
  private final int binsPerWidthLog2;
  private final boolean gaussian;

  /**
   * What one image costs, in bits.
   *
   * @param klBits the latents' term of the bound: Σ KL(q || p) (eq. 7), or for a model trained
   *     on the discrete rate that rate at the latents coded
   * @param sampledLatentBits log2 q(z) / p(z) at the latents coded: the latents' term of the
   *     single-sample bound, whose mean over images is the KL (p convolved with the uniform width
   *     Δ for a discrete-rate model, where this equals the rate without its 2^−16 floor)
   * @param pixelBits −log2 p(x | z) of eqs. 8-10 at the latents coded (dequantised density)
   * @param netBits the code's information: −log2 of every pushed symbol's quantised probability
   *     minus that of every popped one (what the stack grows by when the pops find bits to take),
   *     close to sampledLatentBits plus the pixels' discretised −log2 p(x | z)
   */
  public record Costs(double klBits, double sampledLatentBits, double pixelBits, double netBits) {
    /** The variational bound of the image (at the latents coded): KL plus −log2 p(x | z). */
    public double boundBits() {
      return klBits + pixelBits;
    }
  }

  public BitsBackCoder(DrawEngine engine, int binsPerWidthLog2) {
    this.engine = engine;
    this.binsPerWidthLog2 = binsPerWidthLog2;
    this.gaussian = engine.config().likelihood() == Likelihood.GAUSSIAN;
  }

  /**
   * One step's latents of one layer: its prior (μ then log σ² maps), its posterior mean (when
   * known) and the bins coded. Per step the groups are coded in the network's order: layer 2
   * (with two layers), then layer 1.
   */
  private static final class Group {
    final int layer;
    final float[] prior;
    float[] mean;
    final long[] bins;
    final FeatureMaps latents;

    Group(int layer, FeatureMaps prior) {
      this.layer = layer;
      this.prior = prior.data();
      this.bins = new long[this.prior.length / 2];
      this.latents = new FeatureMaps(prior.channels() / 2, prior.height(), prior.width());
    }

    int plane() {
      return latents.height() * latents.width();
    }
  }

  /** Codes {@code image} (with the model's channels) onto the stack; returns its bound's terms. */
  public Costs encode(AnsStack stack, Planar image) {
    checkPixels(image);
    CodingEngine.State state = engine.start(image.height(), image.width());
    FeatureMaps x = engine.input(state, image.pixels());
    List<Group> groups = new ArrayList<>();
    double[] sums = new double[3]; // KL (or discrete rate), sampled log q/p, net bits
    for (int t = 0; t < engine.steps(); t++) {
      FeatureMaps mean1 = engine.posteriorMean(state, x);
      if (engine.layers() == 2) {
        FeatureMaps mean2 = engine.posterior2(state, mean1);
        Group g = popPosterior(stack, new Group(2, engine.prior2(state)), mean2.data(), sums);
        groups.add(g);
        engine.decode2(state, g.latents);
      }
      Group g = popPosterior(stack, new Group(1, engine.prior(state)), mean1.data(), sums);
      groups.add(g);
      engine.decode(state, g.latents);
    }
    FeatureMaps canvas = engine.canvas(state);
    double pixelBits = 0;
    byte[] v = image.pixels();
    for (int i = v.length - 1; i >= 0; i--) {
      QuantisedCdf p = pixel(canvas, image, i);
      int symbol = symbolOfPixel(v[i] & 0xFF);
      stack.push(p, symbol);
      sums[2] += bits(p, symbol);
      pixelBits += boundBits(canvas, image, i, v[i] & 0xFF);
    }
    for (int k = groups.size() - 1; k >= 0; k--) {
      Group g = groups.get(k);
      int n = g.bins.length;
      for (int i = n - 1; i >= 0; i--) {
        sums[2] += pushPrior(stack, prior(g.prior[i], g.prior[n + i], g.layer, i / g.plane()),
            g.bins[i]);
      }
    }
    return new Costs(sums[0], sums[1], pixelBits, sums[2]);
  }

  /** Pops a group's latents with the posterior of means {@code mean}; adds to the sums. */
  private Group popPosterior(AnsStack stack, Group g, float[] mean, double[] sums) {
    int n = g.bins.length;
    for (int i = 0; i < n; i++) {
      int c = i / g.plane();
      ContinuousBins q = posterior(mean[i], g.layer, c);
      int symbol = stack.pop(q);
      sums[2] -= bits(q, symbol);
      g.bins[i] = q.binOf(symbol);
      float z = latent(g.bins[i], g.layer, c);
      g.latents.data()[i] = z;
      double ratio = sampledLatentBits(mean[i], z, g.layer, c, g.prior[i], g.prior[n + i]);
      sums[1] += ratio;
      // the training objective's latent term: the discrete rate (floored at 2^−16) or the KL
      sums[0] += engine.discreteRate() ? Math.min(ratio, 16)
          : klBits(mean[i], g.layer, c, g.prior[i], g.prior[n + i]);
    }
    return g;
  }

  /** Pops a group's latents with the prior. */
  private Group popPrior(AnsStack stack, Group g) {
    int n = g.bins.length;
    for (int i = 0; i < n; i++) {
      int c = i / g.plane();
      g.bins[i] = popPrior(stack, prior(g.prior[i], g.prior[n + i], g.layer, c));
      g.latents.data()[i] = latent(g.bins[i], g.layer, c);
    }
    return g;
  }

  /** Takes an image of this size off the stack and gives back the bits its latents borrowed. */
  public Planar decode(AnsStack stack, int width, int height) {
    CodingEngine.State state = engine.start(height, width);
    List<Group> groups = new ArrayList<>();
    for (int t = 0; t < engine.steps(); t++) {
      if (engine.layers() == 2) {
        Group g = popPrior(stack, new Group(2, engine.prior2(state)));
        groups.add(g);
        engine.decode2(state, g.latents);
      }
      Group g = popPrior(stack, new Group(1, engine.prior(state)));
      groups.add(g);
      engine.decode(state, g.latents);
    }
    FeatureMaps canvas = engine.canvas(state);
    Planar image = new Planar(engine.channels(), height, width,
        new byte[engine.channels() * height * width]);
    for (int i = 0; i < image.pixels().length; i++) {
      int symbol = stack.pop(pixel(canvas, image, i));
      image.pixels()[i] = (byte) (gaussian ? symbol : symbol * 255);
    }
    // the posterior needs the image: run the encoder over it with the decoded latents
    CodingEngine.State again = engine.start(height, width);
    FeatureMaps x = engine.input(again, image.pixels());
    for (int k = 0; k < groups.size(); ) {
      FeatureMaps mean1 = engine.posteriorMean(again, x);
      if (engine.layers() == 2) {
        Group g = groups.get(k++);
        g.mean = engine.posterior2(again, mean1).data();
        engine.decode2(again, g.latents);
      }
      Group g = groups.get(k++);
      g.mean = mean1.data();
      engine.decode(again, g.latents);
    }
    for (int k = groups.size() - 1; k >= 0; k--) {
      Group g = groups.get(k);
      for (int i = g.bins.length - 1; i >= 0; i--) {
        ContinuousBins q = posterior(g.mean[i], g.layer, i / g.plane());
        int symbol = q.symbolOf(g.bins[i]);
        if (symbol < 0) {
          throw new CdrawException(Kind.CORRUPT_STREAM, "a decoded latent lies outside its"
              + " posterior: the stream is damaged or the decoder desynchronised");
        }
        stack.push(q, symbol);
      }
    }
    return image;
  }

  /** The latent grid's step δ_c = Δ_c / 2^m of a layer's channel. */
  private double binWidth(int layer, int c) {
    return StrictMath.exp(engine.logPosteriorWidth(layer, c)) / (1 << binsPerWidthLog2);
  }

  private float latent(long bin, int layer, int c) {
    return (float) (bin * binWidth(layer, c));
  }

  /**
   * q(z | x) on the grid: N(μ_q, Δ²) for a model trained on the KL, the uniform density on
   * [μ_q − Δ/2, μ_q + Δ/2) for one trained on the discrete rate (its training noise).
   */
  private ContinuousBins posterior(float mean, int layer, int c) {
    double width = StrictMath.exp(engine.logPosteriorWidth(layer, c));
    double bin = binWidth(layer, c);
    if (!engine.discreteRate()) {
      return window(mean, width, 0, bin, Long.MAX_VALUE, false);
    }
    double low = mean - width / 2;
    double high = mean + width / 2;
    if (!(Math.abs(mean / bin) + (1 << binsPerWidthLog2) < MAX_BIN)) {
      throw new CdrawException(Kind.BAD_INPUT, "a latent of mean " + mean
          + " is beyond the lossless coder's grid");
    }
    long lo = (long) Math.floor(low / bin + 0.5);
    long hi = Math.max(lo + 1, (long) Math.floor(high / bin + 0.5));
    return ContinuousBins.uniform(low, high, bin, -bin / 2, lo, hi, PRECISION);
  }

  /**
   * p(z) on the grid: N(μ_p, σ_p²) for a model trained on the KL; for one trained on the
   * discrete rate N(μ_p, σ_p²) convolved with the uniform width Δ, whose density at z is the
   * prior's mass over the width-Δ bin around z divided by Δ: with the uniform posterior the
   * bound is then exactly the training objective.
   */
  private ContinuousBins prior(float mean, float logVariance, int layer, int c) {
    double sigma = StrictMath.exp(0.5 * logVariance);
    double box = engine.discreteRate() ? StrictMath.exp(engine.logPosteriorWidth(layer, c)) : 0;
    return window(mean, sigma, box, binWidth(layer, c), MAX_HALF_BINS, true);
  }

  /**
   * N(mean, σ²), convolved with the uniform width {@code box} when it is positive, over the bins
   * within box / 2 + WINDOW_SIGMAS σ of the mean (at most {@code maxHalf} on each side).
   */
  private static ContinuousBins window(double mean, double sigma, double box, double width,
      long maxHalf, boolean escape) {
    double centre = mean / width;
    double half = Math.min(Math.ceil((box / 2 + WINDOW_SIGMAS * sigma) / width), maxHalf);
    if (!(Math.abs(centre) + half < MAX_BIN) || !(sigma > 0)) {
      throw new CdrawException(Kind.BAD_INPUT, "a latent of mean " + mean + " and σ " + sigma
          + " is beyond the lossless coder's grid");
    }
    long lo = (long) Math.floor(centre - half);
    long hi = (long) Math.ceil(centre + half);
    return box > 0
        ? ContinuousBins.gaussianPlusUniform(mean, sigma, box, width, -width / 2, lo, hi, escape,
            PRECISION)
        : ContinuousBins.gaussian(mean, sigma, width, -width / 2, lo, hi, escape, PRECISION);
  }

  /** Pushes a latent's bin with the prior; returns the bits it costs. */
  private static double pushPrior(AnsStack stack, ContinuousBins prior, long bin) {
    int symbol = prior.symbolOf(bin);
    double escaped = 0;
    if (prior.isEscape(symbol)) {
      // popped in the reverse order: the escape, the high half, the low half
      stack.pushUniform((int) (bin & 0xFFFF), 16);
      stack.pushUniform((int) ((bin >>> 16) & 0xFFFF), 16);
      escaped = 32;
    }
    stack.push(prior, symbol);
    return escaped + bits(prior, symbol);
  }

  /** −log2 of a symbol's quantised probability. */
  private static double bits(QuantisedCdf cdf, int symbol) {
    int f = cdf.cumulative(symbol + 1) - cdf.cumulative(symbol);
    return cdf.precision() - Math.log(f) / Math.log(2);
  }

  private static long popPrior(AnsStack stack, ContinuousBins prior) {
    int symbol = stack.pop(prior);
    if (!prior.isEscape(symbol)) {
      return prior.binOf(symbol);
    }
    int high = stack.popUniform(16);
    int low = stack.popUniform(16);
    return (int) (high << 16 | low);
  }

  /** p(x_i | canvas) for pixel i of the image's planar layout (channel, row, column). */
  private QuantisedCdf pixel(FeatureMaps canvas, Planar image, int i) {
    int channels = engine.channels();
    int at = canvasIndex(canvas, image, i);
    float[] r = canvas.data();
    if (gaussian) {
      double sigma = StrictMath.exp(0.5 * r[at + channels * canvas.height() * canvas.width()]);
      return ContinuousBins.gaussian(r[at], sigma, 1.0 / 256, 0, 0, 255, false, PRECISION);
    }
    return new BernoulliBins(1 / (1 + StrictMath.exp(-(double) r[at])), PRECISION);
  }

  /** Where pixel i of the image's planar layout lies in the padded canvas's first channels. */
  private static int canvasIndex(FeatureMaps canvas, Planar image, int i) {
    int plane = image.height() * image.width();
    int y = i % plane / image.width();
    return ((i / plane) * canvas.height() + y) * canvas.width() + i % image.width();
  }

  /** The dequantised Gaussian or Bernoulli −log2 p(x_i | canvas) of eqs. 8-10 (the bound's). */
  private double boundBits(FeatureMaps canvas, Planar image, int i, int value) {
    int at = canvasIndex(canvas, image, i);
    float[] r = canvas.data();
    double nats;
    if (gaussian) {
      double logVar = r[at + engine.channels() * canvas.height() * canvas.width()];
      double d = (value + 0.5) / 256 - r[at];
      nats = 0.5 * d * d * Math.exp(-logVar) + 0.5 * logVar + 0.5 * Math.log(2 * Math.PI)
          + Math.log(256);
    } else {
      double logit = r[at];
      double softplus = Math.max(logit, 0) + Math.log1p(Math.exp(-Math.abs(logit)));
      nats = softplus - (value >= 128 ? logit : 0);
    }
    return nats / Math.log(2);
  }

  /** KL(q || p) of one latent in bits (eq. 7). */
  private double klBits(float meanQ, int layer, int c, float meanP, float logVarP) {
    double logVarQ = 2 * engine.logPosteriorWidth(layer, c);
    double d = meanQ - meanP;
    return 0.5 * (logVarP - logVarQ + Math.exp(logVarQ - logVarP) + d * d * Math.exp(-logVarP)
        - 1) / Math.log(2);
  }

  /** log2 q(z) / p(z) of one coded latent, with the densities of {@link #posterior}, {@link #prior}. */
  private double sampledLatentBits(float meanQ, float z, int layer, int c, float meanP,
      float logVarP) {
    double logWidth = engine.logPosteriorWidth(layer, c);
    if (engine.discreteRate()) {
      double d = -Math.abs(z - meanP);
      double half = Math.exp(logWidth) / 2;
      double invSigma = Math.exp(-0.5 * logVarP);
      return -Math.log(StandardNormal.cdf((d + half) * invSigma)
          - StandardNormal.cdf((d - half) * invSigma)) / Math.log(2);
    }
    double q = (z - meanQ) * Math.exp(-logWidth);
    double p = (z - meanP) * Math.exp(-0.5 * logVarP);
    return (0.5 * (p * p - q * q) + 0.5 * logVarP - logWidth) / Math.log(2);
  }

  private int symbolOfPixel(int value) {
    return gaussian ? value : value / 255;
  }

  private void checkPixels(Planar image) {
    if (!gaussian) {
      for (byte b : image.pixels()) {
        if (b != 0 && b != (byte) 255) {
          throw new CdrawException(Kind.BAD_INPUT, "a binary model codes only black and white"
              + " pixels (0 and 255) losslessly; this image has the value " + (b & 0xFF));
        }
      }
    }
  }
}
