package io.cdraw.cli;

import io.cdraw.codec.model.ModelConfig;
import io.cdraw.codec.net.RdConfig;
import io.cdraw.codec.net.RdDrawNetwork;
import io.cdraw.training.LearningRateSchedule;
import io.cdraw.training.Parameters;
import io.cdraw.training.RdDrawModel;
import io.cdraw.training.TrainableModel;
import io.cdraw.training.Trainer;
import io.cdraw.training.TrainingLog;
import io.cdraw.training.data.Dataset;
import io.cdraw.training.data.Datasets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    header = "Train a convolutional DRAW model (paper eq. 11) on the CPU.",
    description = "Train convolutional DRAW with Adam on the variational bound (paper eq. 11). DATA "
        + "is [kind:]path with kind cifar10 (PNG tar.gz), mnist (binarized idx folder), "
        + "omniglot (npz folder) or folder (images, random --crop squares; folder:PATH@N reads "
        + "them reduced N times by box averaging); detected when omitted; data sets joined by + "
        + "are mixed in equal shares. Writes OUT/checkpoint.ckpt (the latest state, for "
        + "--resume), OUT/model.cdm (the weights with the best validation so far, judged at the "
        + "trained --beta), "
        + "OUT/training.csv and OUT/training.png.")
final class TrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @picocli.CommandLine.Parameters(paramLabel = "DATA", description = "training data")
  String data;

  @Option(names = "--out", required = true, description = "output folder")
  Path out;

  @Option(names = "--resume", description = "continue from OUT/checkpoint.ckpt")
  boolean resume;

  @Option(names = "--init-from", paramLabel = "MODEL", description = "start from this model's"
      + " weights (e.g. to fine-tune at another --beta) with a fresh optimiser; weights of"
      + " options that model lacks start from --seed, and a wider layer (a larger --fine-maps)"
      + " keeps the model's weights with new outputs from --seed and new inputs at zero")
  Path initFrom;

  @Option(names = "--architecture", defaultValue = "draw", description = "draw (the paper's"
      + " likelihood model, eq. 11) or rd-draw (the rate-distortion codec model: latents at"
      + " --latent-stride, read and write networks of --feature-maps, anytime RD objective with"
      + " λ from --lambda-first to --lambda-last) (${DEFAULT-VALUE})")
  String architecture;

  @Option(names = "--feature-maps", defaultValue = "32", description = "rd-draw: maps of the read and write networks (${DEFAULT-VALUE})")
  int featureMaps;

  @Option(names = "--latent-stride", defaultValue = "16", description = "rd-draw: image pixels per latent along a side, 8, 16 or 32 (${DEFAULT-VALUE})")
  int latentStride;

  @Option(names = "--lambda-first", defaultValue = "1e-4", description = "rd-draw: λ of the one-step prefix (${DEFAULT-VALUE})")
  double lambdaFirst;

  @Option(names = "--lambda-last", defaultValue = "0.1", description = "rd-draw: λ of the full prefix (${DEFAULT-VALUE})")
  double lambdaLast;

  @Option(names = "--width-per-step", description = "rd-draw: a posterior width (quantisation step) per step and latent channel instead of one per channel")
  boolean widthPerStep;

  @Option(names = "--straight-through", description = "rd-draw: the decoder trains on the codec's grid latents (gradient straight through the rounding), the rate on uniform noise")
  boolean straightThrough;

  @Option(names = "--write-reads-latents", description = "rd-draw: the write network reads the step's latents beside the decoder state")
  boolean writeReadsLatents;

  @Option(names = "--fine-maps", defaultValue = "0", description = "rd-draw: maps of an extra write level at stride 2 (${DEFAULT-VALUE}: none)")
  int fineMaps;

  @Option(names = "--step-writes", description = "rd-draw: every step has its own write network (same multiply-adds, T times the write weights)")
  boolean stepWrites;

  @Option(names = "--coarse-steps", defaultValue = "0", description = "rd-draw: the first K steps code latents at twice the latent stride (${DEFAULT-VALUE})")
  int coarseSteps;

  @Option(names = "--canvas-maps", defaultValue = "0", description = "rd-draw: the canvas holds this many feature maps at stride 4, turned into the image by one output network (${DEFAULT-VALUE}: the canvas is the image)")
  int canvasMaps;

  @Option(names = "--fine-latent-steps", defaultValue = "0", description = "rd-draw: the last N steps code latents at half the latent stride, added to the write network at that stride (${DEFAULT-VALUE})")
  int fineLatentSteps;

  @Option(names = "--posterior-reads", description = "rd-draw: the posterior mean also reads the read network's features, beside the encoder LSTM, and that of the --fine-latent-steps the canvas's error itself")
  boolean posteriorReads;

  @Option(names = "--prior-reads-canvas", description = "rd-draw: the prior of the --fine-latent-steps also reads the canvas at their grid, beside the decoder state")
  boolean priorReadsCanvas;

  @Option(names = "--filter-maps", defaultValue = "0", description = "rd-draw: maps of a residual filter at stride 4 that the reconstruction passes through once, after the steps (${DEFAULT-VALUE}: none)")
  int filterMaps;

  @Option(names = {"-T", "--time-steps"}, defaultValue = "16", description = "DRAW steps T (${DEFAULT-VALUE})")
  int timeSteps;

  @Option(names = "--layers", defaultValue = "1", description = "1 or 2 stochastic layers (${DEFAULT-VALUE})")
  int layers;

  @Option(names = "--lstm-maps", defaultValue = "64", description = "LSTM feature maps (${DEFAULT-VALUE}; the paper: 320)")
  int lstmMaps;

  @Option(names = "--latent-maps", defaultValue = "12", description = "latent feature maps (${DEFAULT-VALUE})")
  int latentMaps;

  @Option(names = "--kernel", defaultValue = "5", description = "convolution kernel size (${DEFAULT-VALUE})")
  int kernel;

  @Option(names = "--stride", defaultValue = "2", description = "stride between image and hidden maps (${DEFAULT-VALUE})")
  int stride;

  @Option(names = "--layer2-lstm-maps", defaultValue = "32", description = "second-layer LSTM maps (${DEFAULT-VALUE})")
  int layer2LstmMaps;

  @Option(names = "--layer2-latent-maps", defaultValue = "6", description = "second-layer latent maps (${DEFAULT-VALUE})")
  int layer2LatentMaps;

  @Option(names = "--layer2-stride", defaultValue = "2", description = "second-layer resolution reduction (${DEFAULT-VALUE})")
  int layer2Stride;

  @Option(names = "--free-posterior-width", description = "let the posterior variance depend on the input (the codec needs it fixed)")
  boolean freeWidth;

  @Option(names = "--discrete-rate", description = "train against the codec's discrete rate (latents rounded to the prior-centred grid of the posterior width, -log2 of the prior's bin mass) instead of KL")
  boolean discreteRate;

  @Option(names = "--rate-warmup", defaultValue = "0", description = "steps over which the rate's weight rises to 1 (0: none)")
  int rateWarmup;

  @Option(names = "--beta", defaultValue = "1.0", description = "input-cost scale of eq. 11 (${DEFAULT-VALUE})")
  double beta;

  @Option(names = "--batch", defaultValue = "32", description = "images per step (${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--lr", defaultValue = "5e-4", description = "Adam learning rate (${DEFAULT-VALUE})")
  double learningRate;

  @Option(names = "--lr-warmup", defaultValue = "0", description = "steps over which the learning rate rises linearly to --lr (0: none)")
  long lrWarmup;

  @Option(names = "--lr-half-life", defaultValue = "0", description = "steps in which the learning rate halves, counted from step 0 (0: constant)")
  long lrHalfLife;

  @Option(names = "--weight-average", paramLabel = "DECAY", defaultValue = "0", description =
      "validate and save an exponential moving average of the weights with this decay per step"
      + " (e.g. 0.999: about the last 1,000 steps); the checkpoint keeps the trained weights"
      + " apart, so --resume goes on exactly (0: none)")
  double weightAverage;

  @Option(names = "--partial-step-weight", paramLabel = "W", defaultValue = "0", description =
      "rd-draw: add to each batch's objective the RD cost of one partial step as the codec codes"
      + " it (a random step, a random fraction of its latents of widest prior, the rest at the"
      + " prior mean), weighted W against a whole prefix's (${DEFAULT-VALUE}: none)")
  double partialStepWeight;

  @Option(names = "--image-balance", paramLabel = "CAP", defaultValue = "0", description =
      "rd-draw: weight each training image's squared error by the batch's mean error over its"
      + " own, at most CAP, so that the objective follows the mean PSNR over images, where easy"
      + " images count as much as hard ones, instead of the mean error (${DEFAULT-VALUE}: none)")
  double imageBalance;

  @Option(names = "--seed", defaultValue = "1", description = "random seed, recorded in the model (${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--max-steps", defaultValue = "0", description = "stop after this many steps in total (0: no limit)")
  long maxSteps;

  @Option(names = "--hours", defaultValue = "0", description = "stop after this much wall time (0: no limit)")
  double hours;

  @Option(names = "--checkpoint-minutes", defaultValue = "5", description = "minutes between checkpoints (${DEFAULT-VALUE})")
  double checkpointMinutes;

  @Option(names = "--val-images", defaultValue = "1000", description = "validation images per checkpoint (${DEFAULT-VALUE})")
  int validationImages;

  @Option(names = "--crop", defaultValue = "32", description = "crop size for a folder of images (${DEFAULT-VALUE})")
  int crop;

  @Option(names = "--saturation-boost", paramLabel = "MAX", defaultValue = "1", description = "scale each training crop's chroma around its luma by a random factor in [1, MAX], clipped (${DEFAULT-VALUE}: none); validation is left as it is")
  double saturationBoost;

  @Option(names = "--hue-rotation", paramLabel = "DEG", defaultValue = "0", description = "rotate each training crop's chroma about the grey axis by a random angle in [-DEG, DEG] degrees, keeping its luma (${DEFAULT-VALUE}: none); validation is left as it is")
  double hueRotation;

  /** Builds what the options describe; a value they cannot take is a usage error (exit 2). */
  private <T> T usage(java.util.function.Supplier<T> build) {
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  @Override
  public Integer call() throws Exception {
    if (maxSteps <= 0 && hours <= 0) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "give --max-steps or --hours so that training ends");
    }
    if (weightAverage < 0 || weightAverage >= 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--weight-average must be 0 (none) or a decay in (0, 1): " + weightAverage);
    }
    if (!(saturationBoost >= 1)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--saturation-boost must be at least 1 (1: none): " + saturationBoost);
    }
    if (!(hueRotation >= 0 && hueRotation <= 180)) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--hue-rotation must be in [0, 180] degrees (0: none): " + hueRotation);
    }
    // options are checked before the data is read
    LearningRateSchedule schedule = usage(() -> new LearningRateSchedule(lrWarmup, lrHalfLife));
    Trainer.Options options = usage(() -> new Trainer.Options(batch, learningRate, seed,
        maxSteps, hours, checkpointMinutes, validationImages, out, rateWarmup, schedule,
        weightAverage, partialStepWeight, imageBalance));
    Dataset dataset = Datasets.open(data, crop)
        .withColourAugmentation(saturationBoost, hueRotation);
    var err = spec.commandLine().getErr();
    err.printf(Locale.ROOT, "data: %s (%d train, %d validation, %d test images of %dx%dx%d)%n",
        dataset.name(), dataset.train().size(), dataset.validation().size(),
        dataset.test().size(), dataset.train().channels(), dataset.train().height(),
        dataset.train().width());
    ProgressBar bar = new ProgressBar(err);
    Trainer.Listener progress = new Trainer.Listener() {
      @Override
      public void onProgress(Trainer.Progress p) {
        double fraction = -1;
        double eta = Double.NaN;
        if (p.budgetSeconds() > 0) {
          fraction = p.elapsedSeconds() / p.budgetSeconds();
          eta = p.budgetSeconds() - p.elapsedSeconds();
        }
        if (p.maxSteps() > 0) {
          double f = (double) p.step() / p.maxSteps();
          if (f > fraction) {
            fraction = f;
            eta = p.elapsedSeconds() / Math.max(1e-9, f) * (1 - f);
          }
        }
        bar.draw(fraction, String.format(Locale.ROOT,
            "step %d  %.1f img/s  loss %.4f %s  reverts %d  ETA %s", p.step(),
            p.imagesPerSecond(), p.loss(), p.unit(), p.reverts(),
            Double.isNaN(eta) ? "?" : ProgressBar.duration(eta)), false);
      }

      @Override
      public void onMessage(String message) {
        bar.message(message);
      }
    };
    Trainer.Listener listener = progress.and(new TrainingLog(out));
    if (resume && initFrom != null) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--resume continues a run; --init-from starts a new one: choose one");
    }
    Trainer trainer;
    if (resume) {
      trainer = Trainer.resume(dataset, options, listener);
    } else if (architecture.equals(RdConfig.ARCHITECTURE)) {
      RdConfig config = usage(() -> RdConfig.builder(timeSteps, lstmMaps, latentMaps, featureMaps,
          latentStride, lambdaFirst, lambdaLast).widthPerStep(widthPerStep)
          .straightThrough(straightThrough).writeReadsLatents(writeReadsLatents)
          .fineMaps(fineMaps).stepWrites(stepWrites).coarseSteps(coarseSteps)
          .canvasMaps(canvasMaps).fineLatentSteps(fineLatentSteps).posteriorReads(posteriorReads)
          .priorReadsCanvas(priorReadsCanvas).filterMaps(filterMaps).build());
      trainer = Trainer.start((Parameters p) -> new RdDrawModel(config, p), config.describe(),
          RdDrawNetwork.widensWithFineMaps(config), dataset, options, listener, initFrom);
    } else if (architecture.equals("draw")) {
      ModelConfig config = usage(() -> new ModelConfig(dataset.train().channels(),
          dataset.train().binary() ? ModelConfig.Likelihood.BERNOULLI
              : ModelConfig.Likelihood.GAUSSIAN,
          timeSteps, layers, lstmMaps, latentMaps, kernel, stride, layer2LstmMaps,
          layer2LatentMaps, layer2Stride, !freeWidth, beta, discreteRate));
      trainer = Trainer.start(config, dataset, options, listener, initFrom);
    } else {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--architecture must be draw or " + RdConfig.ARCHITECTURE);
    }
    try (trainer) {
      err.printf(Locale.ROOT, "model: %s, %,d parameters%n",
          trainer.network().describe(), trainer.network().parameters().count());
      List<String> created = trainer.network().parameters().created();
      if (initFrom != null && !created.isEmpty()) {
        err.printf(Locale.ROOT, "weights not in %s, initialised from the seed: %s%n", initFrom,
            String.join(", ", created));
      }
      List<String> widened = trainer.network().parameters().widened();
      if (!widened.isEmpty()) {
        err.printf(Locale.ROOT, "weights wider than in %s (new outputs from the seed, new inputs"
            + " zero): %s%n", initFrom, String.join(", ", widened));
      }
      TrainableModel.Validation last = trainer.run();
      bar.finish();
      spec.commandLine().getOut().printf(Locale.ROOT,
          "validation %.4f %s at step %d; %s holds step %d, the best (%s %.4f %s)%n",
          last.headline(), last.headlineUnit(), trainer.step(), out.resolve(Trainer.MODEL),
          trainer.bestStep(), trainer.bestCriterion(), trainer.bestValidation(),
          last.headlineUnit());
    }
    return 0;
  }
}
