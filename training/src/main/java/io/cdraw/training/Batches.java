package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cdraw.training.data.ImageSet;
import java.util.Random;

/** Turns stored images into network inputs in [0, 1]. */
public final class Batches {
  private Batches() {}

  /** The indices start, start + 1, … of {@code count} consecutive images. */
  public static int[] range(int start, int count) {
    int[] indices = new int[count];
    for (int i = 0; i < count; i++) {
      indices[i] = start + i;
    }
    return indices;
  }

  /**
   * Images {@code indices} of {@code set} as an (N, C, H, W) float array. 8-bit pixels v become
   * (v + u) / 256 with u uniform in [0, 1) from {@code noise}: the dequantisation of eq. (8).
   * Binary pixels stay 0 or 1.
   *
   * @param augment random crops and flips when training, null for deterministic views
   * @param noise the dequantisation noise; null for the bin centres (v + 1/2) / 256
   */
  public static NDArray input(ImageSet set, int[] indices, Random augment, Random noise,
      NDManager manager) {
    int per = set.pixelsPerImage();
    byte[] bytes = new byte[indices.length * per];
    for (int i = 0; i < indices.length; i++) {
      set.copy(indices[i], augment, bytes, i * per);
    }
    float[] values = new float[bytes.length];
    if (set.binary()) {
      for (int i = 0; i < bytes.length; i++) {
        values[i] = bytes[i];
      }
    } else {
      for (int i = 0; i < bytes.length; i++) {
        double u = noise == null ? 0.5 : noise.nextDouble();
        values[i] = (float) (((bytes[i] & 0xff) + u) * Likelihoods.BIN_WIDTH);
      }
    }
    return manager.create(values,
        new Shape(indices.length, set.channels(), set.height(), set.width()));
  }
}
