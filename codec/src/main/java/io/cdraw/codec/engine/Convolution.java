package io.cdraw.codec.engine;

import java.util.stream.IntStream;

/**
 * A k x k convolution with stride s and padding k/2 over float maps, computed in a fixed order:
 * each output value starts from its bias and adds input channel by input channel, kernel row by
 * row, column by column. Work is split across threads by output rows of output channels, never
 * inside a sum, so the result does not depend on the number of threads or the CPU.
 */
final class Convolution {
  final int outChannels;
  final int inChannels;
  final int kernel;
  final int stride;
  private final float[] weight; // [out][in][k][k]
  private final float[] bias;   // null for none

  Convolution(float[] weight, float[] bias, int outChannels, int inChannels, int kernel,
      int stride) {
    if (weight.length != outChannels * inChannels * kernel * kernel) {
      throw new IllegalArgumentException("weight size does not match its shape");
    }
    this.weight = weight;
    this.bias = bias;
    this.outChannels = outChannels;
    this.inChannels = inChannels;
    this.kernel = kernel;
    this.stride = stride;
  }

  /** out = bias + conv(input); the input's channels are the concatenation of {@code inputs}. */
  FeatureMaps apply(FeatureMaps... inputs) {
    FeatureMaps out = new FeatureMaps(outChannels, inputs[0].height / stride,
        inputs[0].width / stride);
    accumulate(out, true, inputs);
    return out;
  }

  /** out += conv(inputs) (plus the bias when {@code withBias}). */
  void accumulate(FeatureMaps out, boolean withBias, FeatureMaps... inputs) {
    int total = 0;
    for (FeatureMaps in : inputs) {
      total += in.channels;
      if (in.height != out.height * stride || in.width != out.width * stride) {
        throw new IllegalArgumentException("input and output sizes do not match the stride");
      }
    }
    if (total != inChannels) {
      throw new IllegalArgumentException("expected " + inChannels + " input channels, got " + total);
    }
    int rows = out.height;
    IntStream.range(0, outChannels * rows).parallel()
        .forEach(task -> outputRow(out, withBias, inputs, task / rows, task % rows));
  }

  private void outputRow(FeatureMaps out, boolean withBias, FeatureMaps[] inputs, int oc, int oy) {
    float[] o = out.data;
    int outWidth = out.width;
    int rowStart = (oc * out.height + oy) * outWidth;
    if (withBias && bias != null) {
      java.util.Arrays.fill(o, rowStart, rowStart + outWidth, bias[oc]);
    }
    int pad = kernel / 2;
    int ic = 0;
    for (FeatureMaps in : inputs) {
      int inWidth = in.width;
      int inHeight = in.height;
      for (int c = 0; c < in.channels; c++, ic++) {
        int wBase = (oc * inChannels + ic) * kernel * kernel;
        int inPlane = c * inHeight * inWidth;
        for (int ky = 0; ky < kernel; ky++) {
          int iy = oy * stride + ky - pad;
          if (iy < 0 || iy >= inHeight) {
            continue;
          }
          int inRow = inPlane + iy * inWidth;
          for (int kx = 0; kx < kernel; kx++) {
            float w = weight[wBase + ky * kernel + kx];
            int shift = kx - pad;
            // Output columns whose input column ox * stride + shift lies inside the image.
            int first = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
            int last = Math.min(outWidth - 1, (inWidth - 1 - shift) / stride);
            if (stride == 1) {
              int src = inRow + shift;
              for (int ox = first; ox <= last; ox++) {
                o[rowStart + ox] += w * in.data[src + ox];
              }
            } else {
              for (int ox = first; ox <= last; ox++) {
                o[rowStart + ox] += w * in.data[inRow + ox * stride + shift];
              }
            }
          }
        }
      }
    }
  }
}
