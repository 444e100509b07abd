package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.cdraw.codec.CdrawException;
import io.cdraw.codec.net.RdConfig;
import io.cdraw.codec.net.RdDrawNetwork;
import io.cdraw.training.data.ImageSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;

/**
 * The rate–distortion conv DRAW network ({@link RdDrawNetwork}) on DJL, with its anytime
 * objective: for every prefix t of the T steps an RD cost R_{≤t} + λ_t D_t, weighted by
 * λ_T / λ_t so that each prefix is judged at its own slope:
 * L = (1/T) Σ_t [(λ_T / λ_t) R_{≤t} + λ_T D_t], R in bits per pixel, D the MSE in 8-bit units².
 * The rate is the codec's: −log2 of the prior's mass over the latent's bin of width Δ, with
 * z = μ_q + Δu (u uniform) in training and the codec's prior-centred grid in validation; the
 * decoder is fed the same z, or with {@link RdConfig#straightThrough} the grid latent. Training
 * may add the prefix that ends in a {@link PartialStep}, the codec's way to every rate between
 * two whole prefixes.
 */
public final class RdDrawModel implements TrainableModel {
  private final RdConfig config;
  private final Parameters params;

  /** Builds the network; weights absent from {@code params} are initialised from its seed. */
  public RdDrawModel(RdConfig config, Parameters params) {
    this.config = config;
    this.params = params;
    DjlTensors.declare(params, RdDrawNetwork.parameters(config));
  }

  public RdConfig config() {
    return config;
  }

  @Override
  public Parameters parameters() {
    return params;
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
    return "loss";
  }

  @Override
  public String criterionName() {
    return "validation RD loss";
  }

  @Override
  public boolean clipsGradients() {
    return true;
  }

  @Override
  public void checkData(ImageSet set) {
    if (set.channels() != RdConfig.CHANNELS || set.binary()) {
      throw new CdrawException(CdrawException.Kind.BAD_INPUT,
          "the rd-draw model trains on 8-bit RGB images");
    }
    int stride = config.paddingStride();
    if (set.height() % stride != 0 || set.width() % stride != 0) {
      throw new CdrawException(CdrawException.Kind.BAD_INPUT,
          "crops must be a multiple of the coarsest latent stride " + stride);
    }
  }

  /**
   * Per-image rates (bits, cumulative over steps) and squared errors of every prefix; with a
   * {@link PartialStep}, also those of the prefix that ends in it (else null).
   */
  public record Pass(NDArray[] cumulativeBits, NDArray[] mse, PartialStep partial,
      NDArray partialBits, NDArray partialMse) {}

  /**
   * The codec's partial step (LatentCoder): of step {@code step} (0-based) the {@code fraction}
   * of the latents with the widest prior σ_p / Δ is coded, the others are the prior mean. The
   * codec serves every rate between two whole prefixes so; training on it teaches the encoder to
   * put a step's information where the prior is widest and the decoder to read such a mix.
   */
  public record PartialStep(int step, double fraction) {
    public PartialStep {
      if (step < 0 || !(fraction >= 0 && fraction <= 1)) {
        throw new IllegalArgumentException("need step >= 0 and fraction in [0, 1]");
      }
    }
  }

  /**
   * Runs all T steps on x (N, 3, H, W in [0, 1], H and W multiples of the padding stride).
   *
   * @param quantise the codec's grid latents (validation) instead of uniform noise (training)
   */
  public Pass run(NDArray x, NDManager manager, boolean quantise) {
    return run(x, manager, quantise, null);
  }

  /** As {@link #run(NDArray, NDManager, boolean)}, and the prefix that ends in {@code partial}. */
  public Pass run(NDArray x, NDManager manager, boolean quantise, PartialStep partial) {
    if (partial != null && partial.step() >= config.steps()) {
      throw new IllegalArgumentException("no step " + partial.step() + " in " + config.steps());
    }
    long n = x.getShape().get(0);
    int height = (int) x.getShape().get(2);
    int width = (int) x.getShape().get(3);
    DjlTensors ops = new DjlTensors(params, (int) n);
    RdDrawNetwork.State<NDArray> state = RdDrawNetwork.start(ops, config, height, width);
    int z = config.latentMaps();
    NDArray[] bits = new NDArray[config.steps()];
    NDArray[] mse = new NDArray[config.steps()];
    NDArray partialBits = null;
    NDArray partialMse = null;
    NDArray total = null;
    for (int t = 0; t < config.steps(); t++) {
      NDArray prior = RdDrawNetwork.prior(ops, config, state);
      NDArray muP = ops.channels(prior, 0, z);
      // Bounded so that σ_p stays finite in the rate's gradient; the codec's tables clamp
      // σ_p / Δ to [0.02, 256] in any case.
      NDArray logVarP = ops.channels(prior, z, 2 * z).clip(-16, 16);
      NDArray muQ = RdDrawNetwork.posteriorMean(ops, config, state, x);
      NDArray step = posteriorWidth(t, n, (int) muQ.getShape().get(2), (int) muQ.getShape().get(3));
      // the codec's grid, only where it is used: validation, or the straight-through decoder
      NDArray grid = quantise || config.straightThrough()
          ? muQ.sub(muP).div(step).round().mul(step).add(muP) : null;
      NDArray latent = quantise ? grid
          : muQ.add(manager.randomUniform(-0.5f, 0.5f, muQ.getShape()).mul(step));
      NDArray latentBits = Likelihoods.latentRates(latent, muP, logVarP, step).div(Math.log(2));
      // With straightThrough the decoder sees what the codec's decoder will see, the grid
      // latent, and its gradient reaches μ_q as if the rounding were the identity.
      NDArray decoded = quantise ? grid
          : config.straightThrough() ? muQ.add(grid.sub(muQ).stopGradient()) : latent;
      if (partial != null && partial.step() == t) {
        NDArray coded = widestPriors(logVarP.sub(step.log().mul(2)), partial.fraction());
        NDArray codedBits = Likelihoods.sumPerImage(latentBits.mul(coded));
        partialBits = total == null ? codedBits : total.add(codedBits);
        RdDrawNetwork.State<NDArray> branch = state.copy();
        // the codec's left-out latents are the prior mean
        NDArray mixed = decoded.mul(coded).add(muP.mul(coded.neg().add(1)));
        RdDrawNetwork.decode(ops, config, branch, mixed);
        partialMse = squaredError(ops, x, branch);
      }
      NDArray rate = Likelihoods.sumPerImage(latentBits);
      total = total == null ? rate : total.add(rate);
      bits[t] = total;
      RdDrawNetwork.decode(ops, config, state, decoded);
      mse[t] = squaredError(ops, x, state);
    }
    return new Pass(bits, mse, partial, partialBits, partialMse);
  }

  /** The mean squared error per image of the state's reconstruction, in 8-bit units². */
  private NDArray squaredError(DjlTensors ops, NDArray x, RdDrawNetwork.State<NDArray> state) {
    NDArray diff = x.sub(RdDrawNetwork.reconstruction(ops, config, state)).mul(256);
    return Likelihoods.sumPerImage(diff.mul(diff)).div(x.getShape().size() / x.getShape().get(0));
  }

  /**
   * 1 where a latent is among the {@code fraction} of its image's latents with the largest
   * {@code key}, else 0; no gradient. Ties at the threshold are all in (the codec breaks them by
   * position; with continuous keys they are rare).
   */
  static NDArray widestPriors(NDArray key, double fraction) {
    Shape shape = key.getShape();
    long n = shape.get(0);
    long m = shape.size() / n;
    long coded = Math.round(fraction * m);
    if (coded == 0) {
      return key.zerosLike().stopGradient();
    }
    NDArray flat = key.stopGradient().reshape(n, m);
    NDArray threshold = flat.sort(1).get(new NDIndex(":, {}", m - coded)).reshape(n, 1);
    return flat.gte(threshold).toType(DataType.FLOAT32, false).reshape(shape);
  }

  /** Δ of step t (0-based) broadcast to (N, Z, h, w). */
  private NDArray posteriorWidth(int t, long n, int height, int width) {
    NDArray logVar = params.asMap().get("q.logvar");
    if (config.widthPerStep()) {
      logVar = logVar.get(t);
    }
    long z = config.latentMaps();
    return logVar.mul(0.5).exp().reshape(1, z, 1, 1).broadcast(n, z, height, width);
  }

  /**
   * The anytime objective per image (see the class comment), with the rate scaled by
   * {@code weights.rate()}; with a partial step, plus its prefix's RD cost times
   * {@code weights.partialStep()}, at a slope geometric between those of the two whole prefixes
   * around it by the fraction coded; with {@code weights.imageBalance()}, every prefix's error
   * balanced over the batch ({@link #balanced}).
   */
  NDArray objective(Pass pass, double pixels, LossWeights weights) {
    int steps = config.steps();
    double balance = weights.imageBalance();
    NDArray sum = null;
    for (int t = 0; t < steps; t++) {
      NDArray term = prefixCost(pass.cumulativeBits()[t], balanced(pass.mse()[t], balance),
          config.lambda(t + 1), pixels, weights.rate());
      sum = sum == null ? term : sum.add(term);
    }
    PartialStep partial = pass.partial();
    if (partial != null && weights.partialStep() > 0) {
      // config.lambda(0) continues the geometric ladder below λ_1
      double f = partial.fraction();
      double lambda = Math.pow(config.lambda(partial.step()), 1 - f)
          * Math.pow(config.lambda(partial.step() + 1), f);
      sum = sum.add(prefixCost(pass.partialBits(), balanced(pass.partialMse(), balance), lambda,
          pixels, weights.rate()).mul(weights.partialStep()));
    }
    return sum.div(steps);
  }

  /**
   * Each image's squared error e_i times the constant m / max(e_i, m / cap), m the batch's mean
   * error: the gradient is then m ∇log e_i (capped for near-flat crops), which weights images as
   * the mean PSNR over images does rather than the mean error, where easy images count for
   * little; the values, and so the λ scale, stay those of the mean error. cap 0: unchanged.
   */
  static NDArray balanced(NDArray mse, double cap) {
    if (cap <= 0) {
      return mse;
    }
    float[] errors = mse.toFloatArray();
    double mean = 0;
    for (float e : errors) {
      mean += e;
    }
    mean /= errors.length;
    float[] scale = new float[errors.length];
    for (int i = 0; i < errors.length; i++) {
      scale[i] = (float) (mean / Math.max(errors[i], mean / cap));
    }
    return mse.mul(mse.getManager().create(scale, mse.getShape()));
  }

  /** (λ_T / λ) R + λ_T D of one prefix at slope λ, R in bits per pixel. */
  private NDArray prefixCost(NDArray bits, NDArray mse, double lambda, double pixels,
      double rateWeight) {
    double last = config.lambda(config.steps());
    return bits.mul(rateWeight * last / lambda / pixels).add(mse.mul(last));
  }

  @Override
  public boolean hasRdObjective() {
    return true;
  }

  @Override
  public Loss trainingLoss(ImageSet set, int[] indices, Random augment, Random noise,
      NDManager manager, LossWeights weights) {
    NDArray x = Batches.input(set, indices, augment, null, manager);
    PartialStep partial = weights.partialStep() > 0
        ? new PartialStep(noise.nextInt(config.steps()), noise.nextDouble()) : null;
    Pass pass = run(x, manager, false, partial);
    double pixels = (double) set.height() * set.width();
    NDArray objective = objective(pass, pixels, weights).mean();
    double optimised = objective.getFloat();
    // the log shows the objective at full rate weight and with the plain mean error
    double reported = weights.rate() == 1 && weights.imageBalance() == 0 ? optimised
        : objective(pass, pixels, new LossWeights(1, weights.partialStep(), 0)).mean()
            .getFloat();
    return new Loss(objective, reported, optimised);
  }

  @Override
  public RdValidation validate(ImageSet set, int limit, int batchSize, long seed,
      NDManager manager) {
    int n = limit <= 0 ? set.size() : Math.min(limit, set.size());
    int steps = config.steps();
    double[] bits = new double[steps];
    double[] mse = new double[steps];
    double loss = 0;
    double pixels = (double) set.height() * set.width();
    for (int start = 0; start < n; start += batchSize) {
      int count = Math.min(batchSize, n - start);
      int[] indices = Batches.range(start, count);
      try (NDManager batch = manager.newSubManager()) {
        params.tempAttach(batch);
        NDArray x = Batches.input(set, indices, null, null, batch);
        Pass pass = run(x, batch, true);
        loss += objective(pass, pixels, LossWeights.FULL).sum().getFloat();
        for (int t = 0; t < steps; t++) {
          bits[t] += pass.cumulativeBits()[t].sum().getFloat();
          mse[t] += pass.mse()[t].sum().getFloat();
        }
      }
    }
    double[] bpp = new double[steps];
    double[] psnr = new double[steps];
    for (int t = 0; t < steps; t++) {
      bpp[t] = bits[t] / n / pixels;
      psnr[t] = 10 * Math.log10(255.0 * 255.0 / (mse[t] / n));
    }
    return new RdValidation(n, loss / n, bpp, psnr);
  }

  /**
   * @param bitsPerPixel mean rate of each prefix on the codec's grid
   * @param psnr PSNR of the mean squared error of each prefix (dB)
   */
  public record RdValidation(int images, double loss, double[] bitsPerPixel, double[] psnr)
      implements Validation {
    @Override
    public double headline() {
      return loss;
    }

    @Override
    public String headlineUnit() {
      return "loss";
    }

    @Override
    public double criterion() {
      return loss;
    }

    @Override
    public String detail() {
      StringBuilder sb = new StringBuilder(" [bpp/PSNR per prefix:");
      for (int t = 0; t < psnr.length; t++) {
        sb.append(String.format(Locale.ROOT, " %.3f/%.2f", bitsPerPixel[t], psnr[t]));
      }
      return sb.append(']').toString();
    }
  }
}
