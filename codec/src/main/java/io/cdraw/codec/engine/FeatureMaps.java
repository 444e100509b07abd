package io.cdraw.codec.engine;

/** A stack of 2-D float maps in (channel, row, column) order. */
public final class FeatureMaps {
  final int channels;
  final int height;
  final int width;
  final float[] data;

  public FeatureMaps(int channels, int height, int width) {
    this(channels, height, width, new float[Math.multiplyExact(channels, height * width)]);
  }

  public FeatureMaps(int channels, int height, int width, float[] data) {
    if (data.length != channels * height * width) {
      throw new IllegalArgumentException("data length does not match the shape");
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.data = data;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  public float[] data() {
    return data;
  }

  int plane() {
    return height * width;
  }

  /** Every channel filled with a per-channel constant (the learned initial states). */
  static FeatureMaps broadcast(float[] perChannel, int height, int width) {
    FeatureMaps m = new FeatureMaps(perChannel.length, height, width);
    int plane = height * width;
    for (int c = 0; c < perChannel.length; c++) {
      java.util.Arrays.fill(m.data, c * plane, (c + 1) * plane, perChannel[c]);
    }
    return m;
  }

  /** Channels [from, to) as a new map. */
  FeatureMaps slice(int from, int to) {
    int plane = plane();
    float[] out = new float[(to - from) * plane];
    System.arraycopy(data, from * plane, out, 0, out.length);
    return new FeatureMaps(to - from, height, width, out);
  }
}
