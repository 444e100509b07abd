package io.cdraw.training.data;

/**
 * A data set with its three splits.
 *
 * @param name what was opened, for logs and model cards
 * @param train the training split
 * @param validation held out from training, watched during training
 * @param test the split reported in evaluations
 */
public record Dataset(String name, ImageSet train, ImageSet validation, ImageSet test) {}
