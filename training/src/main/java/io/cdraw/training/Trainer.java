package io.cdraw.training;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import io.cdraw.codec.CdrawException;
import io.cdraw.codec.model.ModelConfig;
import io.cdraw.codec.model.ModelFile;
import io.cdraw.training.data.Dataset;
import io.cdraw.training.data.ImageSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.function.Predicate;

/**
 * Trains a {@link ConvDrawNetwork} with Adam on the bound of eq. (11), reverting to recent
 * parameters when the loss spikes (section 4), checkpointing atomically every few minutes and at
 * the end of the time budget. The parts: the loop here; {@link RevertBuffer} and
 * {@link LossSpikeGuard} (what to revert to, and when); {@link TrainingState} (the counters a
 * checkpoint stores); the {@link Listener}s outside the loop ({@link TrainingLog} writes the
 * curve). The output folder holds {@code checkpoint.ckpt} (the latest weights, Adam state,
 * counters) and {@code model.cdm} (the weights of the checkpoint with the best validation so
 * far, since a long run can slowly drift up; judged by the objective trained, eq. 11 at the
 * model's beta, as a model trained at beta < 1 trades bound for cleaner images). With a
 * {@link WeightAverage} both files hold the averaged weights, and the checkpoint also the trained
 * ones.
 */
public final class Trainer implements AutoCloseable {
  public static final String CHECKPOINT = "checkpoint.ckpt";
  public static final String MODEL = "model.cdm";
  public static final String LOG = "training.csv";
  public static final String CURVE = "training.png";
  private static final int SNAPSHOT_EVERY = 100;
  /** Batches in a row with non-finite gradients after which the weights are reverted. */
  static final int SKIPS_BEFORE_REVERT = 3;
  private static final int MAX_CONSECUTIVE_REVERTS = 20;
  private static final int LOG_EVERY = 10;
  private static final double CLIP_FACTOR = 3;

  /**
   * @param maxSteps stop after this many optimiser steps in total (0: no limit)
   * @param hours stop after this much wall time in this run (0: no limit)
   * @param validationImages validation images evaluated at each checkpoint
   * @param rateWarmupSteps the rate term's weight rises linearly from 1/warmup to 1 over this many
   *     steps (0: always 1), so that latents become useful before they become expensive; the
   *     logged loss is always the full bound
   * @param weightAverage the decay of the weights' moving average that is validated and saved
   *     ({@link WeightAverage}; 0: none, the trained weights themselves)
   * @param partialStepWeight weight of one partial step's RD term per batch
   *     ({@link TrainableModel.LossWeights#partialStep}; 0: none)
   * @param imageBalance the cap of the per-image error balance
   *     ({@link TrainableModel.LossWeights#imageBalance}; 0: none)
   */
  public record Options(int batchSize, double learningRate, long seed, long maxSteps, double hours,
      double checkpointMinutes, int validationImages, Path outDir, int rateWarmupSteps,
      LearningRateSchedule schedule, double weightAverage, double partialStepWeight,
      double imageBalance) {

    public Options {
      if (!(partialStepWeight >= 0)) {
        throw new IllegalArgumentException(
            "--partial-step-weight must be 0 (none) or positive: " + partialStepWeight);
      }
      if (!(imageBalance == 0 || imageBalance >= 1)) {
        throw new IllegalArgumentException(
            "--image-balance must be 0 (none) or a cap of at least 1: " + imageBalance);
      }
    }

    /** Options without a weight average. */
    public Options(int batchSize, double learningRate, long seed, long maxSteps, double hours,
        double checkpointMinutes, int validationImages, Path outDir, int rateWarmupSteps,
        LearningRateSchedule schedule) {
      this(batchSize, learningRate, seed, maxSteps, hours, checkpointMinutes, validationImages,
          outDir, rateWarmupSteps, schedule, 0, 0, 0);
    }
  }

  /** Where training reports to: the command line's progress bar, the {@link TrainingLog}. */
  public interface Listener {
    /**
     * The run begins at {@code step}; {@code resumed} when it continues a checkpoint (whose run
     * may have gone on after it before it was stopped).
     */
    default void onStart(String description, String unit, boolean resumed, long step) {}

    default void onProgress(Progress progress) {}

    default void onMessage(String message) {}

    /** A point of the training curve: a mean training loss, or a validation. */
    default void onCurvePoint(CurvePoint point) {}

    /** Both listeners, this one first. */
    default Listener and(Listener other) {
      Listener first = this;
      return new Listener() {
        @Override
        public void onStart(String description, String unit, boolean resumed, long step) {
          first.onStart(description, unit, resumed, step);
          other.onStart(description, unit, resumed, step);
        }

        @Override
        public void onProgress(Progress progress) {
          first.onProgress(progress);
          other.onProgress(progress);
        }

        @Override
        public void onMessage(String message) {
          first.onMessage(message);
          other.onMessage(message);
        }

        @Override
        public void onCurvePoint(CurvePoint point) {
          first.onCurvePoint(point);
          other.onCurvePoint(point);
        }
      };
    }
  }

  /**
   * One row of the curve: the mean training loss of the last {@value #LOG_EVERY} steps (and the
   * images per second), or a validation; the other fields NaN.
   */
  public record CurvePoint(long step, double seconds, double imagesPerSecond, double trainLoss,
      double validation) {}

  /** A snapshot of progress after one step. */
  public record Progress(long step, long maxSteps, double elapsedSeconds, double budgetSeconds,
      double imagesPerSecond, double loss, String unit, long reverts) {}

  private final NDManager manager;
  private final TrainableModel net;
  private final Adam adam;
  private final Dataset data;
  private final Options options;
  private final Listener listener;
  private final TrainingState state;
  private final LossSpikeGuard guard = new LossSpikeGuard();
  private final RevertBuffer snapshot;
  /** The averaged weights, null without {@code --weight-average}. */
  private final WeightAverage average;
  private final double priorSeconds;
  private double gradientNormMean;

  /** A weight average (with {@code --weight-average}) starts at the network's current weights. */
  private Trainer(NDManager manager, TrainableModel net, Adam adam, Dataset data, Options options,
      Listener listener, TrainingState state, boolean resumed) {
    if ((options.partialStepWeight() > 0 || options.imageBalance() > 0)
        && !net.hasRdObjective()) {
      throw new CdrawException(CdrawException.Kind.BAD_INPUT,
          "partial steps and the image balance are part of the rd-draw objective only, not of "
          + net.describe());
    }
    this.manager = manager;
    this.net = net;
    this.adam = adam;
    this.data = data;
    this.options = options;
    this.listener = listener;
    this.state = state;
    this.priorSeconds = state.seconds;
    this.snapshot = new RevertBuffer(manager);
    this.average = options.weightAverage() == 0 ? null : new WeightAverage(manager,
        options.weightAverage(), net.parameters().toNDList());
    state.weightAverage = options.weightAverage();
    listener.onStart(net.describe(), net.unit(), resumed, state.step);
  }

  /** A new run; refuses to overwrite an existing checkpoint. */
  public static Trainer start(ModelConfig config, Dataset data, Options options,
      Listener listener) throws IOException {
    return start(config, data, options, listener, null);
  }

  /**
   * A new run whose weights start from {@code initialWeights} (a model file or checkpoint with
   * the same shapes, e.g. to fine-tune at another β) instead of the seeded initialisation; the
   * optimiser starts afresh.
   */
  public static Trainer start(ModelConfig config, Dataset data, Options options,
      Listener listener, Path initialWeights) throws IOException {
    return start(params -> new ConvDrawNetwork(config, params), config.describe(), data, options,
        listener, initialWeights);
  }

  /** Builds a network on a parameter store (fresh or filled from a file). */
  @FunctionalInterface
  public interface ModelFactory {
    TrainableModel build(Parameters params);
  }

  /**
   * A new run of the network {@code factory} builds, from the seeded initialisation or from
   * {@code initialWeights} (same names and shapes, except that weights the file lacks start from
   * the seed; the optimiser starts afresh).
   */
  public static Trainer start(ModelFactory factory, String description, Dataset data,
      Options options, Listener listener, Path initialWeights) throws IOException {
    return start(factory, description, name -> false, data, options, listener, initialWeights);
  }

  /**
   * As {@link #start(ModelFactory, String, Dataset, Options, Listener, Path)}, and the
   * {@code widenable} weights may be larger than the file's ({@link Parameters#startingFrom}).
   */
  public static Trainer start(ModelFactory factory, String description,
      Predicate<String> widenable, Dataset data, Options options, Listener listener,
      Path initialWeights) throws IOException {
    Path ckpt = options.outDir().resolve(CHECKPOINT);
    if (Files.exists(ckpt)) {
      throw new IOException(ckpt + " exists: resume it with --resume or choose another --out");
    }
    NDManager manager = NDManager.newBaseManager();
    TrainableModel net = initialWeights == null
        ? factory.build(new Parameters(manager, options.seed()))
        : TrainableModels.startingFrom(factory::build,
            DjlModelFile.load(initialWeights, manager).weights(), options.seed(), widenable,
            initialWeights + ": its weights do not fit " + description, manager);
    net.checkData(data.train());
    net.parameters().requireGradients();
    TrainingState state = TrainingState.start(options, data.name(),
        initialWeights == null ? null : initialWeights.getFileName().toString());
    return new Trainer(manager, net, new Adam(options.learningRate(), manager), data, options,
        listener, state, false);
  }

  /** Continues from the checkpoint in {@code options.outDir()}. */
  public static Trainer resume(Dataset data, Options options, Listener listener)
      throws IOException {
    Path ckpt = options.outDir().resolve(CHECKPOINT);
    NDManager manager = NDManager.newBaseManager();
    DjlModelFile file = DjlModelFile.load(ckpt, manager);
    TrainableModel net = TrainableModels.fromFile(file, ckpt.toString(), manager);
    net.checkData(data.train());
    net.parameters().requireGradients();
    TrainingState state = TrainingState.from(file.metadata());
    Adam adam = new Adam(options.learningRate(), manager);
    NDList adamState = new NDList();
    for (NDArray a : file.arrays()) {
      if (!ModelFile.isWeight(a.getName())) {
        adamState.add(a);
      }
    }
    adam.restore(adamState, state.adamUpdates);
    // An averaging run's checkpoint holds the average as its weights and the trained weights
    // apart: the trainer's average starts from the file's weights, then training goes on from
    // the trained ones.
    Map<String, NDArray> trained = WeightAverage.trainedWeights(file.arrays());
    if (!trained.isEmpty() && !trained.keySet().equals(net.parameters().asMap().keySet())) {
      throw new IOException(ckpt + ": its trained weights do not match its weights");
    }
    Trainer t = new Trainer(manager, net, adam, data, options, listener, state, true);
    if (!trained.isEmpty()) {
      try (NDManager tmp = manager.newSubManager()) {
        net.parameters().tempAttach(tmp);
        net.parameters().asMap().forEach((name, w) -> trained.get(name).copyTo(w));
      }
    }
    listener.onMessage(String.format(Locale.ROOT, "resumed %s at step %d (%.2f CPU-hours so far)",
        ckpt, state.step, state.seconds / 3600));
    return t;
  }

  public TrainableModel network() {
    return net;
  }

  /**
   * The best validated objective so far (eq. 11 at the model's beta; the bound when beta = 1), in
   * the headline unit: the one whose weights are in model.cdm.
   */
  public double bestValidation() {
    return state.bestValidation;
  }

  /** What {@link #bestValidation()} measures: the validation bound, or eq. 11 at beta < 1. */
  public String bestCriterion() {
    return net.criterionName();
  }

  /** Optimiser steps taken so far, over all runs. */
  public long step() {
    return state.step;
  }

  /** The step whose weights are in model.cdm. */
  public long bestStep() {
    return state.bestStep;
  }

  /** Trains until the step limit or time budget, then checkpoints. Returns the final validation. */
  public TrainableModel.Validation run() throws IOException {
    ImageSet train = data.train();
    long seed = options.seed();
    Engine.getInstance().setRandomSeed((int) (seed * 31 + state.step));
    Random sampler = new Random(seed * 1_000_003L + state.step);
    Random noise = new Random(seed * 7_919L + state.step);
    long start = System.nanoTime();
    long lastCheckpoint = start;
    double budget = options.hours() * 3600;
    String unit = net.unit();
    takeSnapshot();
    int consecutiveReverts = 0;
    int consecutiveSkips = 0;
    double logSum = 0;
    int logCount = 0;
    double rate = 0;
    long rateMark = System.nanoTime();
    long rateSteps = 0;
    TrainableModel.Validation last = null;
    while (true) {
      double elapsed = (System.nanoTime() - start) / 1e9;
      boolean outOfTime = budget > 0 && elapsed >= budget;
      boolean outOfSteps = options.maxSteps() > 0 && state.step >= options.maxSteps();
      if (outOfTime || outOfSteps) {
        last = checkpoint(elapsed);
        break;
      }
      if ((System.nanoTime() - lastCheckpoint) / 60e9 >= options.checkpointMinutes()) {
        last = checkpoint(elapsed);
        lastCheckpoint = System.nanoTime();
      }
      int[] indices = new int[options.batchSize()];
      for (int i = 0; i < indices.length; i++) {
        indices[i] = sampler.nextInt(train.size());
      }
      double bound;
      double optimised;
      try (NDManager stepManager = manager.newSubManager()) {
        net.parameters().tempAttach(stepManager);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
          double rateWeight = options.rateWarmupSteps() > 0
              ? Math.min(1, (state.step + 1.0) / options.rateWarmupSteps()) : 1;
          TrainableModel.Loss loss = net.trainingLoss(train, indices, sampler, noise, stepManager,
              new TrainableModel.LossWeights(rateWeight, options.partialStepWeight(),
                  options.imageBalance()));
          collector.backward(loss.objective());
          bound = loss.reported();
          optimised = loss.optimised();
        }
        // The guard watches what is optimised: during a rate warm-up the bound may rise.
        if (guard.isSpike(optimised)) {
          Adam.clearGradients(net.parameters());
          consecutiveReverts = revertCounting("loss spike", bound, unit, consecutiveReverts);
          continue;
        }
        double clip = net.clipsGradients() && gradientNormMean > 0
            ? CLIP_FACTOR * gradientNormMean : 0;
        double norm = adam.step(net.parameters(), stepManager,
            options.schedule().scale(state.step), clip);
        if (Double.isNaN(norm)) {
          // Adam skipped the update, so the weights are as good as before: one such batch (an
          // overflow in a deep recurrence, about one in 100 RD steps) costs nothing more; only
          // a run of them means the weights themselves have gone bad.
          List<String> names = adam.nonFiniteGradients();
          consecutiveSkips++;
          listener.onMessage(String.format(Locale.ROOT, "step %d: non-finite gradients in %d of"
              + " %d parameters (%s); update skipped", state.step, names.size(),
              net.parameters().asMap().size(),
              String.join(", ", names.subList(0, Math.min(6, names.size())))));
          if (consecutiveSkips >= SKIPS_BEFORE_REVERT) {
            consecutiveSkips = 0;
            consecutiveReverts = revertCounting("non-finite gradients " + SKIPS_BEFORE_REVERT
                + " times in a row", bound, unit, consecutiveReverts);
          }
          continue;
        }
        consecutiveSkips = 0;
        consecutiveReverts = 0;
        if (average != null) {
          // A revert leaves the average alone: it moves 1 - decay of the way per step, so the
          // few steps before a detected spike barely touch it.
          average.update(net.parameters(), stepManager);
        }
        double seen = clip > 0 ? Math.min(norm, clip) : norm;
        gradientNormMean = gradientNormMean == 0 ? seen : 0.99 * gradientNormMean + 0.01 * seen;
      }
      guard.accept(optimised);
      state.step++;
      rateSteps++;
      if (state.step == options.rateWarmupSteps()) {
        guard.resetBaseline();
      }
      if (state.step > options.rateWarmupSteps() && guard.isDrifting()) {
        revert("running loss drifted up", bound, unit);
        guard.rewind();
      } else if (state.step % SNAPSHOT_EVERY == 0 && guard.isHealthy()) {
        takeSnapshot();
      }
      logSum += bound;
      logCount++;
      long now = System.nanoTime();
      if (now - rateMark > 5e9) {
        rate = rateSteps * options.batchSize() / ((now - rateMark) / 1e9);
        rateMark = now;
        rateSteps = 0;
      } else if (rate == 0) {
        rate = rateSteps * options.batchSize() / Math.max(1e-9, (now - start) / 1e9);
      }
      if (logCount == LOG_EVERY) {
        listener.onCurvePoint(new CurvePoint(state.step, priorSeconds + (now - start) / 1e9, rate,
            logSum / logCount, Double.NaN));
        logSum = 0;
        logCount = 0;
      }
      listener.onProgress(new Progress(state.step, options.maxSteps(), (now - start) / 1e9,
          budget, rate, bound, unit, state.reverts));
    }
    return last;
  }

  /** Reverts; gives up when this makes more than the allowed reverts in a row. */
  private int revertCounting(String why, double loss, String unit, int consecutive) {
    revert(why, loss, unit);
    if (consecutive + 1 > MAX_CONSECUTIVE_REVERTS) {
      throw new IllegalStateException("training diverged: " + (consecutive + 1)
          + " reverts in a row; try a lower learning rate");
    }
    return consecutive + 1;
  }

  private void revert(String why, double loss, String unit) {
    state.reverts++;
    listener.onMessage(String.format(Locale.ROOT,
        "%s at step %d (%.4f %s): reverted to the parameters of step <= %d (revert #%d)",
        why, state.step, loss, unit, snapshot.adamUpdates(), state.reverts));
    snapshot.restore(net.parameters(), adam, manager);
  }

  private void takeSnapshot() {
    snapshot.take(net.parameters(), adam);
    guard.markSnapshot();
  }

  private TrainableModel.Validation checkpoint(double elapsedSeconds) throws IOException {
    if (average != null) {
      average.swapWith(net.parameters(), manager);
    }
    try {
      return checkpointWeights(elapsedSeconds);
    } finally {
      if (average != null) {
        average.swapWith(net.parameters(), manager);
      }
    }
  }

  /**
   * Validates and saves the parameters' current values: the averaged weights when averaging
   * (the trained ones, then held by the average, go into the checkpoint as training state).
   */
  private TrainableModel.Validation checkpointWeights(double elapsedSeconds) throws IOException {
    TrainableModel.Validation validation = net.validate(data.validation(),
        options.validationImages(), Math.max(options.batchSize(), 16), 12345, manager);
    state.seconds = priorSeconds + elapsedSeconds;
    state.adamUpdates = adam.updates();
    boolean best = validation.criterion() <= state.bestValidation;
    if (best) {
      state.bestValidation = validation.criterion();
      state.bestStep = state.step;
    }
    Properties meta = net.properties();
    state.writeTo(meta, validation);
    NDList all = new NDList();
    all.addAll(net.parameters().toNDList());
    all.addAll(adam.state());
    if (average != null) {
      all.addAll(average.state(WeightAverage.TRAINED));
    }
    new DjlModelFile(meta, all).save(options.outDir().resolve(CHECKPOINT));
    if (best) {
      new DjlModelFile(meta, net.parameters().toNDList()).save(options.outDir().resolve(MODEL));
    }
    listener.onCurvePoint(new CurvePoint(state.step, state.seconds, Double.NaN, Double.NaN,
        validation.headline()));
    listener.onMessage(String.format(Locale.ROOT,
        "checkpoint at step %d: validation %.4f %s%s on %d images, %d reverts so far",
        state.step, validation.headline(), validation.headlineUnit(), validation.detail(),
        validation.images(), state.reverts));
    return validation;
  }

  @Override
  public void close() {
    snapshot.close();
    if (average != null) {
      average.close();
    }
    manager.close();
  }
}
