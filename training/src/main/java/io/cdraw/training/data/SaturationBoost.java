package io.cdraw.training.data;

import java.util.Random;

/**
 * Training crops with their colour saturation raised: each crop's chroma is scaled by a random
 * factor s in [1, max] around the luma of every pixel, x' = Y + s (x − Y) with Y = 0.299 R +
 * 0.587 G + 0.114 B, rounded and clipped to [0, 255]. The photos we train on have about two
 * thirds of the chroma of McMaster's (mean |CbCr| 19 and 14 against 29, docs/rd-model.md),
 * and a model fitted to them spends too few bits on colour. Evaluation copies (no random) are
 * left as they are, so validation stays comparable.
 */
final class SaturationBoost implements ImageSet {
  private final ImageSet images;
  private final double max;

  SaturationBoost(ImageSet images, double max) {
    if (images.channels() != 3 || images.binary()) {
      throw new IllegalArgumentException("a saturation boost needs 8-bit RGB images");
    }
    if (!(max >= 1)) {
      throw new IllegalArgumentException("the largest saturation factor must be at least 1");
    }
    this.images = images;
    this.max = max;
  }

  @Override
  public int size() {
    return images.size();
  }

  @Override
  public int channels() {
    return 3;
  }

  @Override
  public int height() {
    return images.height();
  }

  @Override
  public int width() {
    return images.width();
  }

  @Override
  public boolean binary() {
    return false;
  }

  @Override
  public void copy(int index, Random random, byte[] dst, int offset) {
    images.copy(index, random, dst, offset);
    if (random == null) {
      return;
    }
    double s = 1 + random.nextDouble() * (max - 1);
    int plane = height() * width();
    for (int i = offset; i < offset + plane; i++) {
      int r = dst[i] & 0xff;
      int g = dst[i + plane] & 0xff;
      int b = dst[i + 2 * plane] & 0xff;
      double y = 0.299 * r + 0.587 * g + 0.114 * b;
      dst[i] = scaled(y, r, s);
      dst[i + plane] = scaled(y, g, s);
      dst[i + 2 * plane] = scaled(y, b, s);
    }
  }

  private static byte scaled(double luma, int value, double s) {
    long v = Math.round(luma + s * (value - luma));
    return (byte) Math.max(0, Math.min(255, v));
  }
}
