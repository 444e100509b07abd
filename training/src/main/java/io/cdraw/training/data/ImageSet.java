package io.cdraw.training.data;

import java.util.Random;

/** A split of a data set: images of one fixed size, as planar bytes. */
public interface ImageSet {
  int size();

  int channels();

  int height();

  int width();

  /** True when pixels are 0 or 1 (binary images), false for 8-bit values. */
  boolean binary();

  /**
   * Copies image {@code index} into {@code dst} at {@code offset} in (channel, row, column) order.
   * With a {@code random}, training augmentation applies (random crop, random horizontal flip);
   * without, the result is deterministic.
   */
  void copy(int index, Random random, byte[] dst, int offset);

  default int pixelsPerImage() {
    return channels() * height() * width();
  }
}
