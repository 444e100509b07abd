package io.cdraw.training.data;

import java.util.Random;

/** Equal-sized images held in one byte array, optionally flipped at random when training. */
final class StoredImageSet implements ImageSet {
  private final byte[] pixels;
  private final int count;
  private final int channels;
  private final int height;
  private final int width;
  private final boolean binary;
  private final boolean flips;

  StoredImageSet(byte[] pixels, int count, int channels, int height, int width, boolean binary,
      boolean flips) {
    this.pixels = pixels;
    this.count = count;
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.binary = binary;
    this.flips = flips;
  }

  /** The images at {@code indices} of this set, as a new set. */
  StoredImageSet subset(int[] indices) {
    int n = pixelsPerImage();
    byte[] out = new byte[indices.length * n];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(pixels, indices[i] * n, out, i * n, n);
    }
    return new StoredImageSet(out, indices.length, channels, height, width, binary, flips);
  }

  @Override
  public int size() {
    return count;
  }

  @Override
  public int channels() {
    return channels;
  }

  @Override
  public int height() {
    return height;
  }

  @Override
  public int width() {
    return width;
  }

  @Override
  public boolean binary() {
    return binary;
  }

  @Override
  public void copy(int index, Random random, byte[] dst, int offset) {
    int n = pixelsPerImage();
    if (random == null || !flips || !random.nextBoolean()) {
      System.arraycopy(pixels, index * n, dst, offset, n);
      return;
    }
    int src = index * n;
    for (int row = 0; row < channels * height; row++) {
      int base = row * width;
      for (int x = 0; x < width; x++) {
        dst[offset + base + x] = pixels[src + base + width - 1 - x];
      }
    }
  }
}
