package io.cdraw.training;

import java.util.Locale;
import java.util.Properties;

/**
 * A run's counters and provenance, kept in the {@code train.*} metadata of its checkpoint and
 * model files: written by {@link #writeTo} and read by {@link #from}, nowhere else.
 */
final class TrainingState {
  private static final String PREFIX = "train.";

  /** Where the run came from (seed, data, batch, ...): set when it starts, carried on resume. */
  final Properties provenance;
  long step;
  long adamUpdates;
  long reverts;
  double seconds;
  double bestValidation = Double.POSITIVE_INFINITY;
  long bestStep = -1;
  /** The decay of the weight average this run validates and saves (0: none). */
  double weightAverage;

  private TrainingState(Properties provenance) {
    this.provenance = provenance;
  }

  /** A new run. */
  static TrainingState start(Trainer.Options options, String dataName, String initialWeights) {
    Properties p = new Properties();
    if (initialWeights != null) {
      p.setProperty(PREFIX + "initialWeights", initialWeights);
    }
    p.setProperty(PREFIX + "seed", Long.toString(options.seed()));
    p.setProperty(PREFIX + "data", dataName);
    p.setProperty(PREFIX + "batch", Integer.toString(options.batchSize()));
    p.setProperty(PREFIX + "learningRate", Double.toString(options.learningRate()));
    p.setProperty(PREFIX + "rateWarmupSteps", Integer.toString(options.rateWarmupSteps()));
    return new TrainingState(p);
  }

  /** The state a checkpoint's metadata holds. */
  static TrainingState from(Properties meta) {
    TrainingState s = new TrainingState(new Properties());
    for (String key : meta.stringPropertyNames()) {
      if (key.startsWith(PREFIX)) {
        s.provenance.setProperty(key, meta.getProperty(key));
      }
    }
    s.step = Long.parseLong(meta.getProperty(PREFIX + "step", "0"));
    s.adamUpdates = Long.parseLong(meta.getProperty(PREFIX + "adamUpdates", "0"));
    s.reverts = Long.parseLong(meta.getProperty(PREFIX + "reverts", "0"));
    s.seconds = Double.parseDouble(meta.getProperty(PREFIX + "seconds", "0"));
    // Checkpoints from before best-model tracking: their model.cdm was simply the latest.
    s.bestValidation = Double.parseDouble(
        meta.getProperty(PREFIX + "bestValidation", "Infinity"));
    s.bestStep = Long.parseLong(meta.getProperty(PREFIX + "bestStep", "-1"));
    return s;
  }

  /** Adds the state to a file's metadata, with the validation of this checkpoint. */
  void writeTo(Properties meta, TrainableModel.Validation validation) {
    meta.putAll(provenance);
    meta.setProperty(PREFIX + "step", Long.toString(step));
    meta.setProperty(PREFIX + "adamUpdates", Long.toString(adamUpdates));
    meta.setProperty(PREFIX + "reverts", Long.toString(reverts));
    meta.setProperty(PREFIX + "seconds", String.format(Locale.ROOT, "%.1f", seconds));
    meta.setProperty(PREFIX + "validation", String.format(Locale.ROOT, "%.4f %s",
        validation.headline(), validation.headlineUnit()));
    meta.setProperty(PREFIX + "bestValidation", Double.toString(bestValidation));
    meta.setProperty(PREFIX + "bestStep", Long.toString(bestStep));
    if (weightAverage > 0) {
      meta.setProperty(PREFIX + "weightAverage", Double.toString(weightAverage));
    } else {
      meta.remove(PREFIX + "weightAverage");
    }
  }
}
