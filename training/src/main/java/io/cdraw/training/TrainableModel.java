package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.cdraw.training.data.ImageSet;
import java.util.Properties;
import java.util.Random;

/** What {@link Trainer} needs of a network: its weights, its loss, and a validation. */
public interface TrainableModel {
  Parameters parameters();

  /** The configuration saved in model files. */
  Properties properties();

  String describe();

  /** The unit of the reported loss ("bits/dim", "nats", "loss"). */
  String unit();

  /** What model.cdm is judged by, for messages. */
  String criterionName();

  /**
   * Whether gradients are clipped to a few times their running mean norm (an outlier batch
   * then cannot throw the weights far); off for the paper's models, whose recipe predates it.
   */
  default boolean clipsGradients() {
    return false;
  }

  /** Refuses data this model cannot train on. */
  void checkData(ImageSet set);

  /**
   * The loss of one training batch.
   *
   * @param weights what the trainer asks of the objective at this step
   */
  Loss trainingLoss(ImageSet set, int[] indices, Random augment, Random noise,
      NDManager manager, LossWeights weights);

  /**
   * Whether this is the rate–distortion objective, the only one that takes partial steps (the
   * codec's last, partly coded step; {@link LossWeights#partialStep}) and the image balance
   * ({@link LossWeights#imageBalance}).
   */
  default boolean hasRdObjective() {
    return false;
  }

  /**
   * @param rate weight of the rate term during a rate warm-up (1 after it)
   * @param partialStep weight of one partial step's RD term per batch against a whole prefix's
   *     (0: none; {@link #hasRdObjective})
   * @param imageBalance with a value B > 0, each image's squared error is weighted by the batch's
   *     mean over its own, at most B, so that the distortion's gradient is that of the mean log
   *     error (the mean PSNR over images) at the scale of the mean error (0: the plain mean;
   *     rate–distortion network only, like partial steps)
   */
  record LossWeights(double rate, double partialStep, double imageBalance) {
    public static final LossWeights FULL = new LossWeights(1, 0, 0);
  }

  /** Validation on the first {@code limit} images of {@code set}. */
  Validation validate(ImageSet set, int limit, int batchSize, long seed, NDManager manager);

  /**
   * @param objective the scalar to minimise, attached to the step's manager
   * @param reported the loss in {@link #unit()} that the log shows
   * @param optimised the objective's value (what the spike guard watches)
   */
  record Loss(NDArray objective, double reported, double optimised) {}

  /** A validation result. */
  interface Validation {
    /** The value logged and shown, in {@link #headlineUnit()}. */
    double headline();

    String headlineUnit();

    /** Lower is better: the weights with the lowest go to model.cdm. */
    double criterion();

    int images();

    /** Extra detail for the checkpoint message (may be empty). */
    default String detail() {
      return "";
    }
  }
}
