package io.cdraw.codec.engine;

import io.cdraw.codec.net.ParameterSpec;
import io.cdraw.codec.net.Tensors;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The engine backend of the layer vocabulary: one image at a time in float32 with a fixed order
 * of operations ({@link Convolution}, {@link DeterministicMath}), so a network definition run on
 * it gives the same bits on every machine.
 */
public final class EngineTensors implements Tensors<FeatureMaps> {
  private final Map<String, float[]> weights;
  private final Map<String, long[]> shapes = new HashMap<>();
  private final Map<String, Convolution> convolutions = new HashMap<>();

  /**
   * @param weights every weight of {@code specs} by name, each checked against its shape
   */
  public EngineTensors(Map<String, float[]> weights, List<ParameterSpec> specs) {
    for (ParameterSpec s : specs) {
      float[] w = weights.get(s.name());
      if (w == null) {
        throw new IllegalArgumentException("model has no weight '" + s.name() + "'");
      }
      if (w.length != s.size()) {
        throw new IllegalArgumentException("weight '" + s.name() + "' has " + w.length
            + " values, expected " + s.size());
      }
      shapes.put(s.name(), s.shape());
    }
    this.weights = weights;
  }

  @Override
  public FeatureMaps constant(String name, int height, int width) {
    return FeatureMaps.broadcast(weights.get(name), height, width);
  }

  @Override
  public FeatureMaps conv(String name, List<FeatureMaps> inputs) {
    return convolution(name + ".w", name + ".b", 1).apply(inputs.toArray(FeatureMaps[]::new));
  }

  @Override
  public FeatureMaps convGroups(String name, List<List<FeatureMaps>> groups, int[] strides) {
    FeatureMaps out = convolution(name + ".w0", name + ".b", strides[0])
        .apply(groups.get(0).toArray(FeatureMaps[]::new));
    for (int g = 1; g < groups.size(); g++) {
      convolution(name + ".w" + g, null, strides[g])
          .accumulate(out, false, groups.get(g).toArray(FeatureMaps[]::new));
    }
    return out;
  }

  /** The convolution of weight {@code weight} (out, in, k, k), built once. */
  private Convolution convolution(String weight, String bias, int stride) {
    return convolutions.computeIfAbsent(weight, n -> {
      long[] shape = shapes.get(n);
      if (shape == null) {
        throw new IllegalArgumentException("undeclared weight " + n);
      }
      return new Convolution(weights.get(n), bias == null ? null : weights.get(bias),
          (int) shape[0], (int) shape[1], (int) shape[2], stride);
    });
  }

  @Override
  public FeatureMaps concat(List<FeatureMaps> parts) {
    FeatureMaps first = parts.get(0);
    int channels = parts.stream().mapToInt(FeatureMaps::channels).sum();
    FeatureMaps out = new FeatureMaps(channels, first.height, first.width);
    int offset = 0;
    for (FeatureMaps p : parts) {
      System.arraycopy(p.data, 0, out.data, offset, p.data.length);
      offset += p.data.length;
    }
    return out;
  }

  @Override
  public FeatureMaps add(FeatureMaps a, FeatureMaps b) {
    FeatureMaps out = new FeatureMaps(a.channels, a.height, a.width);
    for (int i = 0; i < out.data.length; i++) {
      out.data[i] = a.data[i] + b.data[i];
    }
    return out;
  }

  @Override
  public FeatureMaps sub(FeatureMaps a, FeatureMaps b) {
    FeatureMaps out = new FeatureMaps(a.channels, a.height, a.width);
    for (int i = 0; i < out.data.length; i++) {
      out.data[i] = a.data[i] - b.data[i];
    }
    return out;
  }

  @Override
  public FeatureMaps relu(FeatureMaps a) {
    FeatureMaps out = new FeatureMaps(a.channels, a.height, a.width);
    for (int i = 0; i < out.data.length; i++) {
      out.data[i] = Math.max(0f, a.data[i]);
    }
    return out;
  }

  @Override
  public FeatureMaps sigmoid(FeatureMaps a) {
    FeatureMaps out = new FeatureMaps(a.channels, a.height, a.width);
    for (int i = 0; i < out.data.length; i++) {
      out.data[i] = DeterministicMath.sigmoid(a.data[i]);
    }
    return out;
  }

  @Override
  public FeatureMaps upsample(FeatureMaps a, int f) {
    FeatureMaps out = new FeatureMaps(a.channels, a.height * f, a.width * f);
    for (int c = 0; c < out.channels; c++) {
      for (int y = 0; y < out.height; y++) {
        for (int x = 0; x < out.width; x++) {
          out.data[(c * out.height + y) * out.width + x] =
              a.data[(c * a.height + y / f) * a.width + x / f];
        }
      }
    }
    return out;
  }

  @Override
  public FeatureMaps spaceToDepth(FeatureMaps a, int f) {
    FeatureMaps out = new FeatureMaps(a.channels * f * f, a.height / f, a.width / f);
    for (int c = 0; c < a.channels; c++) {
      for (int y = 0; y < a.height; y++) {
        for (int x = 0; x < a.width; x++) {
          int oc = (c * f + y % f) * f + x % f;
          out.data[(oc * out.height + y / f) * out.width + x / f] =
              a.data[(c * a.height + y) * a.width + x];
        }
      }
    }
    return out;
  }

  @Override
  public FeatureMaps depthToSpace(FeatureMaps a, int f) {
    FeatureMaps out = new FeatureMaps(a.channels / (f * f), a.height * f, a.width * f);
    for (int c = 0; c < out.channels; c++) {
      for (int y = 0; y < out.height; y++) {
        for (int x = 0; x < out.width; x++) {
          int ic = (c * f + y % f) * f + x % f;
          out.data[(c * out.height + y) * out.width + x] =
              a.data[(ic * a.height + y / f) * a.width + x / f];
        }
      }
    }
    return out;
  }

  @Override
  public FeatureMaps channels(FeatureMaps a, int from, int to) {
    return a.slice(from, to);
  }

  @Override
  public FeatureMaps[] lstm(FeatureMaps gates, FeatureMaps cell) {
    int h = gates.channels / 4;
    return lstmUpdate(gates, cell == null ? new FeatureMaps(h, gates.height, gates.width) : cell);
  }

  /** c' = σ(f) c + σ(i) tanh(g), h = σ(o) tanh(c'); gates in the order i, f, o, g. */
  static FeatureMaps[] lstmUpdate(FeatureMaps gates, FeatureMaps c) {
    int l = c.channels;
    int plane = c.plane();
    FeatureMaps h = new FeatureMaps(l, c.height, c.width);
    FeatureMaps next = new FeatureMaps(l, c.height, c.width);
    float[] g = gates.data;
    IntStream.range(0, l).parallel().forEach(ch -> {
      int base = ch * plane;
      for (int p = 0; p < plane; p++) {
        float in = DeterministicMath.sigmoid(g[base + p]);
        float forget = DeterministicMath.sigmoid(g[(l + ch) * plane + p]);
        float out = DeterministicMath.sigmoid(g[(2 * l + ch) * plane + p]);
        float cand = DeterministicMath.tanh(g[(3 * l + ch) * plane + p]);
        float cell = forget * c.data[base + p] + in * cand;
        next.data[base + p] = cell;
        h.data[base + p] = out * DeterministicMath.tanh(cell);
      }
    });
    return new FeatureMaps[] {h, next};
  }
}
