package io.cdraw.codec.net;

import java.util.List;

/**
 * The layer vocabulary a network definition is written in, implemented once per backend: DJL
 * (training, batched, differentiable) and the pure-Java engine (coding, bit-exact). A network
 * built from these calls is defined once and runs on both.
 *
 * <p>Maps are (channel, row, column) per image; a backend may carry a batch axis in front.
 * Weights are looked up by the names of {@link ParameterSpec}s.
 *
 * @param <T> the backend's tensor type
 */
public interface Tensors<T> {
  /** The learned per-channel constant {@code name} repeated over a height x width grid. */
  T constant(String name, int height, int width);

  /**
   * The k x k convolution {@code name.w} (shape out, in, k, k; padding k / 2, stride 1) plus its
   * bias {@code name.b}, of the channel concatenation of {@code inputs}.
   */
  T conv(String name, List<T> inputs);

  /**
   * The sum over input groups g of the k x k convolution {@code name.w<g>} with stride
   * {@code strides[g]} of group g's channel concatenation, plus the bias {@code name.b}: the gates
   * of an LSTM that reads inputs at different resolutions. Summed in group order, bias first.
   */
  T convGroups(String name, List<List<T>> groups, int[] strides);

  T add(T a, T b);

  T sub(T a, T b);

  T relu(T a);

  /** The logistic function 1 / (1 + e^−a). */
  T sigmoid(T a);

  /** Nearest-neighbour upsampling: each value repeated over an f x f block. */
  T upsample(T a, int f);

  /** (C, H, W) to (C f², H / f, W / f): channel c f² + dy f + dx holds pixel (y f + dy, x f + dx). */
  T spaceToDepth(T a, int f);

  /** The inverse of {@link #spaceToDepth}. */
  T depthToSpace(T a, int f);

  /** The channel concatenation of {@code parts}, in order. */
  T concat(List<T> parts);

  /** Channels [from, to). */
  T channels(T a, int from, int to);

  /**
   * One LSTM update from gate pre-activations in the order i, f, o, g (4 H channels):
   * c' = σ(f) c + σ(i) tanh(g), h = σ(o) tanh(c'); {@code cell} null means c = 0.
   *
   * @return {h, c'}
   */
  T[] lstm(T gates, T cell);
}
