package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import io.cdraw.training.Parameters.Initializer;

/**
 * An LSTM whose gates are convolutions of its inputs (section 2). Inputs come in groups that are
 * convolved separately, each with its own stride: a group read from the image resolution uses the
 * stride-s convolution "between the input and the hidden maps", hidden-resolution groups stride 1.
 */
final class ConvLstmCell {
  private final int hiddenMaps;
  private final NDArray[] weights;
  private final int[] strides;
  private final NDArray bias;
  private final Shape padding;

  /**
   * @param groupChannels input channels of each group; the cell's own h belongs to one of them
   * @param groupStrides stride of each group's convolution
   */
  ConvLstmCell(Parameters params, String name, int hiddenMaps, int kernel, int[] groupChannels,
      int[] groupStrides) {
    this.hiddenMaps = hiddenMaps;
    this.strides = groupStrides.clone();
    this.weights = new NDArray[groupChannels.length];
    int fanIn = 0;
    for (int c : groupChannels) {
      fanIn += c * kernel * kernel;
    }
    double scale = Math.sqrt(1.0 / fanIn);
    for (int g = 0; g < groupChannels.length; g++) {
      weights[g] = params.get(name + ".w" + g,
          new Shape(4L * hiddenMaps, groupChannels[g], kernel, kernel), Initializer.uniform(scale));
    }
    // Gate order i, f, o, g; the forget gate starts open (bias 1) so early gradients flow.
    this.bias = params.get(name + ".b", new Shape(4L * hiddenMaps),
        (i, r) -> i >= hiddenMaps && i < 2 * hiddenMaps ? 1 : 0);
    this.padding = new Shape(kernel / 2, kernel / 2);
  }

  /** Returns {h, c} after one step; {@code c} may be null for a zero initial cell state. */
  NDArray[] step(NDArray[] groups, NDArray c) {
    NDArray gates = null;
    for (int g = 0; g < groups.length; g++) {
      NDArray conv = Conv2d.conv2d(groups[g], weights[g], g == 0 ? bias : null,
          new Shape(strides[g], strides[g]), padding, new Shape(1, 1), 1).singletonOrThrow();
      gates = gates == null ? conv : gates.add(conv);
    }
    return DjlTensors.lstmUpdate(gates, c);
  }

  int hiddenMaps() {
    return hiddenMaps;
  }
}
