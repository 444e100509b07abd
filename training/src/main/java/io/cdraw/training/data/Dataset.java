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
   * This data set with its training crops' saturation raised by a random factor up to
   * {@code max} ({@link SaturationBoost}); validation and test unchanged. 1: this data set.
   */
  public Dataset withSaturationBoost(double max) {
    if (max == 1) {
      return this;
    }
    return new Dataset(name + " (saturation x1-" + max + ")", new SaturationBoost(train, max),
        validation, test);
  }
}
