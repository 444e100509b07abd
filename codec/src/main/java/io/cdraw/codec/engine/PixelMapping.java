package io.cdraw.codec.engine;

/**
 * The one rule between 8-bit pixels and the engine's maps, for every architecture: inputs are
 * (v + 1/2) / 256 (the centre of the dequantisation bin; binary models: 1 where v >= 128, else 0)
 * with the last row and column repeated to the padded size; outputs are round(256 μ − 1/2)
 * (binary: round(255 sigmoid(logit))), clamped to [0, 255] and cropped ({@code Math.round} of
 * float32).
 */
public final class PixelMapping {
  private PixelMapping() {}

  /** An image's size and its size padded up to a multiple of {@code multiple}. */
  record Frame(int height, int width, int paddedHeight, int paddedWidth) {
    Frame(int height, int width, int multiple) {
      this(height, width, (height + multiple - 1) / multiple * multiple,
          (width + multiple - 1) / multiple * multiple);
    }
  }

  static FeatureMaps input(Frame f, byte[] planar, int channels, boolean gaussian) {
    FeatureMaps x = new FeatureMaps(channels, f.paddedHeight(), f.paddedWidth());
    for (int ch = 0; ch < channels; ch++) {
      for (int y = 0; y < f.paddedHeight(); y++) {
        int srcRow = (ch * f.height() + Math.min(y, f.height() - 1)) * f.width();
        int dstRow = (ch * f.paddedHeight() + y) * f.paddedWidth();
        for (int xx = 0; xx < f.paddedWidth(); xx++) {
          int v = planar[srcRow + Math.min(xx, f.width() - 1)] & 0xff;
          x.data[dstRow + xx] = gaussian ? (v + 0.5f) / 256f : (v >= 128 ? 1f : 0f);
        }
      }
    }
    return x;
  }

  static byte[] pixels(Frame f, FeatureMaps canvas, int channels, boolean gaussian) {
    byte[] out = new byte[channels * f.height() * f.width()];
    for (int ch = 0; ch < channels; ch++) {
      for (int y = 0; y < f.height(); y++) {
        for (int x = 0; x < f.width(); x++) {
          float m = canvas.data[(ch * f.paddedHeight() + y) * f.paddedWidth() + x];
          out[(ch * f.height() + y) * f.width() + x] =
              pixel(gaussian ? m : DeterministicMath.sigmoid(m), gaussian);
        }
      }
    }
    return out;
  }

  /**
   * The 8-bit value of a predicted pixel: round(256 μ − 1/2) for a Gaussian mean μ, round(255 p)
   * for a Bernoulli probability p, clamped to [0, 255].
   */
  public static byte pixel(float value, boolean gaussian) {
    float v = gaussian ? value * 256f - 0.5f : value * 255f;
    return (byte) Math.max(0, Math.min(255, Math.round(v)));
  }
}
