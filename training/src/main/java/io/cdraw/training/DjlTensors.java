package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import io.cdraw.codec.net.ParameterSpec;
import io.cdraw.codec.net.Tensors;
import java.util.List;

/**
 * The DJL backend of the layer vocabulary: batched (N, C, H, W) arrays, differentiable, for
 * training and evaluation. Weights come from a {@link Parameters} store filled from a network
 * definition's {@link ParameterSpec}s.
 */
final class DjlTensors implements Tensors<NDArray> {
  private final Parameters params;
  private final int batch;

  /** The backend for batches of {@code batch} images over the weights in {@code params}. */
  DjlTensors(Parameters params, int batch) {
    this.params = params;
    this.batch = batch;
  }

  /** Looks up (or, in a fresh store, creates from their initialisers) every weight in specs. */
  static void declare(Parameters params, List<ParameterSpec> specs) {
    for (ParameterSpec s : specs) {
      params.get(s.name(), new Shape(s.shape()), s.init());
    }
  }

  private NDArray weight(String name) {
    NDArray w = params.asMap().get(name);
    if (w == null) {
      throw new IllegalStateException("undeclared weight " + name);
    }
    return w;
  }

  @Override
  public NDArray constant(String name, int height, int width) {
    NDArray c = weight(name);
    long channels = c.size();
    return c.reshape(1, channels, 1, 1).broadcast(batch, channels, height, width);
  }

  @Override
  public NDArray conv(String name, List<NDArray> inputs) {
    NDArray w = weight(name + ".w");
    long k = w.getShape().get(2);
    return Conv2d.conv2d(concat(inputs), w, weight(name + ".b"), new Shape(1, 1),
        new Shape(k / 2, k / 2), new Shape(1, 1), 1).singletonOrThrow();
  }

  @Override
  public NDArray convGroups(String name, List<List<NDArray>> groups, int[] strides) {
    NDArray sum = null;
    for (int g = 0; g < groups.size(); g++) {
      NDArray w = weight(name + ".w" + g);
      long k = w.getShape().get(2);
      NDArray conv = Conv2d.conv2d(concat(groups.get(g)), w, g == 0 ? weight(name + ".b") : null,
          new Shape(strides[g], strides[g]), new Shape(k / 2, k / 2), new Shape(1, 1), 1)
          .singletonOrThrow();
      sum = sum == null ? conv : sum.add(conv);
    }
    return sum;
  }

  @Override
  public NDArray concat(List<NDArray> parts) {
    return parts.size() == 1 ? parts.get(0) : NDArrays.concat(new NDList(parts), 1);
  }

  @Override
  public NDArray add(NDArray a, NDArray b) {
    return a.add(b);
  }

  @Override
  public NDArray sub(NDArray a, NDArray b) {
    return a.sub(b);
  }

  @Override
  public NDArray relu(NDArray a) {
    return Activation.relu(a);
  }

  @Override
  public NDArray sigmoid(NDArray a) {
    return a.getNDArrayInternal().sigmoid();
  }

  @Override
  public NDArray upsample(NDArray a, int f) {
    return f == 1 ? a : a.repeat(2, f).repeat(3, f);
  }

  @Override
  public NDArray spaceToDepth(NDArray a, int f) {
    Shape s = a.getShape();
    long n = s.get(0);
    long c = s.get(1);
    long h = s.get(2) / f;
    long w = s.get(3) / f;
    return a.reshape(n, c, h, f, w, f).transpose(0, 1, 3, 5, 2, 4).reshape(n, c * f * f, h, w);
  }

  @Override
  public NDArray depthToSpace(NDArray a, int f) {
    Shape s = a.getShape();
    long n = s.get(0);
    long c = s.get(1) / (f * f);
    long h = s.get(2);
    long w = s.get(3);
    return a.reshape(n, c, f, f, h, w).transpose(0, 1, 4, 2, 5, 3).reshape(n, c, h * f, w * f);
  }

  @Override
  public NDArray channels(NDArray a, int from, int to) {
    return a.get(new NDIndex(":, {}:{}", from, to));
  }

  @Override
  public NDArray[] lstm(NDArray gates, NDArray cell) {
    return lstmUpdate(gates, cell);
  }

  /** c' = σ(f) c + σ(i) tanh(g), h = σ(o) tanh(c'); gates in the order i, f, o, g. */
  private static NDArray[] lstmUpdate(NDArray gates, NDArray c) {
    NDList split = gates.split(4, 1);
    NDArray in = split.get(0).getNDArrayInternal().sigmoid();
    NDArray forget = split.get(1).getNDArrayInternal().sigmoid();
    NDArray out = split.get(2).getNDArrayInternal().sigmoid();
    NDArray cand = split.get(3).tanh();
    NDArray newC = c == null ? in.mul(cand) : forget.mul(c).add(in.mul(cand));
    return new NDArray[] {out.mul(newC.tanh()), newC};
  }
}
