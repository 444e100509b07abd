package io.cdraw.codec.engine;

import java.util.Arrays;
import java.util.stream.IntStream;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A k x k convolution with stride s and padding k/2 over float maps, computed in a fixed order:
 * each output value starts from its bias and adds w * x input channel by input channel, kernel row
 * by row, column by column, each product rounded and then added (no fused multiply-add). The SIMD
 * lanes of the Vector API perform exactly these float operations per element, and the scalar tail
 * the same, so the result is identical for any vector width, thread count or CPU. Work is split
 * across threads by output rows of blocks of output channels, never inside a sum.
 *
 * <p>Inputs are first copied into zero-padded "phase" planes: for stride s, plane (py, px) holds
 * input pixels (y s + py, x s + px), so every kernel tap reads a contiguous row at an offset.
 */
final class Convolution {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final int BLOCK = 4;

  final int outChannels;
  final int inChannels;
  final int kernel;
  final int stride;
  private final float[] weight; // [out][in][k][k]
  private final float[] bias;   // null for none
  private final int margin;     // padding of the phase planes, in output pixels
  private final int[] tapPhase;
  private final int[] tapDy;
  private final int[] tapDx;

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
    int pad = kernel / 2;
    int taps = kernel * kernel;
    tapPhase = new int[taps];
    tapDy = new int[taps];
    tapDx = new int[taps];
    int m = 0;
    for (int ky = 0; ky < kernel; ky++) {
      for (int kx = 0; kx < kernel; kx++) {
        int t = ky * kernel + kx;
        int oy = ky - pad;
        int ox = kx - pad;
        tapPhase[t] = Math.floorMod(oy, stride) * stride + Math.floorMod(ox, stride);
        tapDy[t] = Math.floorDiv(oy, stride);
        tapDx[t] = Math.floorDiv(ox, stride);
        m = Math.max(m, Math.max(Math.abs(tapDy[t]), Math.abs(tapDx[t])));
      }
    }
    margin = m;
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
    Planes planes = new Planes(inputs, out.height, out.width);
    if (withBias && bias != null) {
      int plane = out.height * out.width;
      for (int oc = 0; oc < outChannels; oc++) {
        Arrays.fill(out.data, oc * plane, (oc + 1) * plane, bias[oc]);
      }
    }
    int rows = out.height;
    int blocks = (outChannels + BLOCK - 1) / BLOCK;
    IntStream.range(0, blocks * rows).parallel()
        .forEach(task -> outputRows(out, planes, task / rows * BLOCK, task % rows));
  }

  /** Zero-padded phase planes of all input channels: [channel][phase][row][column]. */
  private final class Planes {
    final float[] data;
    final int rowLength;
    final int planeSize;
    final int channelSize;

    Planes(FeatureMaps[] inputs, int outHeight, int outWidth) {
      rowLength = outWidth + 2 * margin;
      planeSize = (outHeight + 2 * margin) * rowLength;
      channelSize = planeSize * stride * stride;
      data = new float[inChannels * channelSize];
      int ic = 0;
      for (FeatureMaps in : inputs) {
        for (int c = 0; c < in.channels; c++, ic++) {
          int src = c * in.height * in.width;
          for (int y = 0; y < in.height; y++) {
            int phaseRow = (y % stride) * stride;
            int row = y / stride + margin;
            for (int x = 0; x < in.width; x++) {
              data[ic * channelSize + (phaseRow + x % stride) * planeSize + row * rowLength
                  + x / stride + margin] = in.data[src + y * in.width + x];
            }
          }
        }
      }
    }
  }

  /** Output rows oy of channels oc0 … oc0 + 3, added to what {@code out} holds. */
  private void outputRows(FeatureMaps out, Planes planes, int oc0, int oy) {
    int count = Math.min(BLOCK, outChannels - oc0);
    int width = out.width;
    int plane = out.height * width;
    float[] o = out.data;
    int taps = kernel * kernel;
    // Where each (input channel, tap) term of output column 0 reads, in summation order.
    int terms = inChannels * taps;
    int[] offsets = new int[terms];
    for (int ic = 0; ic < inChannels; ic++) {
      for (int t = 0; t < taps; t++) {
        offsets[ic * taps + t] = ic * planes.channelSize + tapPhase[t] * planes.planeSize
            + (oy + margin + tapDy[t]) * planes.rowLength + margin + tapDx[t];
      }
    }
    float[] in = planes.data;
    int vectorEnd = count == BLOCK ? SPECIES.loopBound(width) : 0;
    int x = 0;
    for (; x < vectorEnd; x += SPECIES.length()) {
      strip(in, offsets, x, o, oc0 * plane + oy * width + x, plane, oc0);
    }
    // Columns past the last full vector, and blocks of fewer than four channels: the same
    // operations one element at a time.
    for (int j = 0; j < count; j++) {
      int oc = oc0 + j;
      int w0 = oc * terms;
      for (int xx = count == BLOCK ? x : 0; xx < width; xx++) {
        int idx = oc * plane + oy * width + xx;
        float acc = o[idx];
        for (int term = 0; term < terms; term++) {
          acc = acc + in[offsets[term] + xx] * weight[w0 + term];
        }
        o[idx] = acc;
      }
    }
  }

  /**
   * Four output channels, one vector of columns: o + Σ_ic Σ_tap w * x, in that order (o holds the
   * bias when there is one). One flat loop over the terms: JDK 17's C2 keeps the sums in
   * registers only for a single loop. The sums start from loads, not from a helper choosing
   * between the bias and o: when C2 did not inline such a helper (with the G1 collector it did
   * not), the sums' vector type was unknown, every add and multiply fell back to Java code that
   * allocates, and a decode took 5-7x longer.
   */
  private void strip(float[] in, int[] offsets, int x, float[] o, int base, int plane, int oc0) {
    int terms = offsets.length;
    FloatVector a0 = FloatVector.fromArray(SPECIES, o, base);
    FloatVector a1 = FloatVector.fromArray(SPECIES, o, base + plane);
    FloatVector a2 = FloatVector.fromArray(SPECIES, o, base + 2 * plane);
    FloatVector a3 = FloatVector.fromArray(SPECIES, o, base + 3 * plane);
    int w0 = oc0 * terms;
    for (int j = 0; j < terms; j++) {
      FloatVector v = FloatVector.fromArray(SPECIES, in, offsets[j] + x);
      int wi = w0 + j;
      a0 = a0.add(v.mul(weight[wi]));
      a1 = a1.add(v.mul(weight[wi + terms]));
      a2 = a2.add(v.mul(weight[wi + 2 * terms]));
      a3 = a3.add(v.mul(weight[wi + 3 * terms]));
    }
    a0.intoArray(o, base);
    a1.intoArray(o, base + plane);
    a2.intoArray(o, base + 2 * plane);
    a3.intoArray(o, base + 3 * plane);
  }
}
