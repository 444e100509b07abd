package io.cdraw.training.data;

/**
 * A data set with its three splits.
 *
 * @param name what was opened, for logs and model cards
 * @param train the training split
 * @param validation held out from training, watched during training
 * @param test the split reported in evaluations
 */
public record Dataset(String name, ImageSet train, ImageSet validation, ImageSet test) {
  /**
   * This data set with its training crops' colours moved ({@link ColourAugmentation}): chroma
   * scaled by a random factor up to {@code maxSaturation} and rotated by a random angle up to
   * {@code maxHueDegrees}; validation and test unchanged. 1 and 0: this data set.
   */
  public Dataset withColourAugmentation(double maxSaturation, double maxHueDegrees) {
    if (maxSaturation == 1 && maxHueDegrees == 0) {
      return this;
    }
    String what = "saturation x1-" + maxSaturation
        + (maxHueDegrees > 0 ? ", hue ±" + maxHueDegrees + "°" : "");
    return new Dataset(name + " (" + what + ")",
        new ColourAugmentation(train, maxSaturation, maxHueDegrees), validation, test);
  }
}
