package io.cdraw.training.data;

import java.util.Random;

/**
 * Training crops with their colours moved: each crop's chroma x − Y (per pixel, Y = 0.299 R +
 * 0.587 G + 0.114 B) is rotated about the grey axis by a random angle in [−maxHue, maxHue] degrees
 * and scaled by a random factor s in [1, maxSaturation]; the luma is kept, the result rounded and
 * clipped to [0, 255]. The photos we train on have about two thirds of the chroma of McMaster's
 * (mean |CbCr| 19 and 14 against 29, docs/rd-model.md) and fewer of its hues, and a model fitted
 * to them spends too few bits on colour. Evaluation copies (no random) are left as they are, so
 * validation stays comparable.
 */
final class ColourAugmentation implements ImageSet {
  private static final double[] LUMA = {0.299, 0.587, 0.114};

  private final ImageSet images;
  private final double maxSaturation;
  private final double maxHueDegrees;

  ColourAugmentation(ImageSet images, double maxSaturation, double maxHueDegrees) {
    if (images.channels() != 3 || images.binary()) {
      throw new IllegalArgumentException("a colour augmentation needs 8-bit RGB images");
    }
    if (!(maxSaturation >= 1)) {
      throw new IllegalArgumentException("the largest saturation factor must be at least 1");
    }
    if (!(maxHueDegrees >= 0 && maxHueDegrees <= 180)) {
      throw new IllegalArgumentException("the largest hue rotation must be in [0, 180] degrees");
    }
    this.images = images;
    this.maxSaturation = maxSaturation;
    this.maxHueDegrees = maxHueDegrees;
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
    // The factor is drawn first and the angle only when rotations are asked for, so that a
    // boost alone draws the random numbers it drew before hue rotations existed
    double s = 1 + random.nextDouble() * (maxSaturation - 1);
    double angle = maxHueDegrees > 0
        ? Math.toRadians((2 * random.nextDouble() - 1) * maxHueDegrees) : 0;
    double[][] m = chromaMap(s, angle);
    int plane = height() * width();
    double[] d = new double[3];
    for (int i = offset; i < offset + plane; i++) {
      double y = 0;
      for (int c = 0; c < 3; c++) {
        d[c] = dst[i + c * plane] & 0xff;
        y += LUMA[c] * d[c];
      }
      for (int c = 0; c < 3; c++) {
        d[c] -= y;
      }
      for (int c = 0; c < 3; c++) {
        long v = Math.round(y + m[c][0] * d[0] + m[c][1] * d[1] + m[c][2] * d[2]);
        dst[i + c * plane] = (byte) Math.max(0, Math.min(255, v));
      }
    }
  }

  /**
   * The map of a pixel's chroma x − Y: s times the rotation by {@code angle} about the grey axis
   * (Rodrigues' formula), followed by the removal of the luma the rotation gave it (the rotation
   * keeps R + G + B, not Y). With no angle it is s times the identity on chroma, whose luma is 0.
   */
  static double[][] chromaMap(double s, double angle) {
    double cos = Math.cos(angle);
    double sin = Math.sin(angle) / Math.sqrt(3);
    double along = (1 - cos) / 3;
    // rotation[r][c] = cos δ + sin [u]x + (1 − cos) u uᵀ, u = (1, 1, 1) / √3
    double[][] rotation = {
        {cos + along, along - sin, along + sin},
        {along + sin, cos + along, along - sin},
        {along - sin, along + sin, cos + along}};
    double[][] m = new double[3][3];
    for (int c = 0; c < 3; c++) {
      double luma = LUMA[0] * rotation[0][c] + LUMA[1] * rotation[1][c] + LUMA[2] * rotation[2][c];
      for (int r = 0; r < 3; r++) {
        m[r][c] = s * (rotation[r][c] - luma);
      }
    }
    return m;
  }
}
