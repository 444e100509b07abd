package io.cdraw.codec.engine;

import io.cdraw.codec.model.ModelConfig;
import java.io.IOException;
import java.util.stream.IntStream;

/**
 * Single-layer convolutional DRAW (eqs. 1-7) in pure Java float32 with a fixed order of
 * operations: the decoder recurrence, prior, canvas and pixels that a {@code .cdraw} decoder
 * computes, and the encoder LSTM and posterior the encoder runs beside them. The same code runs at
 * both ends, so both see bit-identical priors on every machine. Mirrors
 * {@code model.ConvDrawNetwork}, the DJL training-side implementation.
 */
public final class DrawEngine {
  private final ModelConfig config;
  private final Convolution encX;
  private final Convolution encH;
  private final Convolution decCanvas;
  private final Convolution decH;
  private final Convolution posterior;
  private final Convolution prior;
  private final Convolution write;
  private final float[] hEnc0;
  private final float[] hDec0;
  private final float[] canvas0;
  private final float[] posteriorLogVar;
  private final float[] quantStep;
  private final double[] logQuantStep;

  public DrawEngine(EngineWeights w) throws IOException {
    config = w.config();
    if (config.layers() != 1) {
      throw new IOException("the codec supports single-layer models; this one has "
          + config.layers() + " layers");
    }
    if (!config.fixedPosteriorWidth()) {
      throw new IOException("the codec needs a model trained with a fixed posterior width");
    }
    int c = config.channels();
    int cc = config.canvasChannels();
    int l = config.lstmMaps();
    int z = config.latentMaps();
    int k = config.kernel();
    int s = config.stride();
    int kk = k * k;
    encX = new Convolution(w.get("enc1.w0", 4L * l * 2 * c * kk), w.get("enc1.b", 4L * l),
        4 * l, 2 * c, k, s);
    encH = new Convolution(w.get("enc1.w1", 4L * l * 2 * l * kk), null, 4 * l, 2 * l, k, 1);
    decCanvas = new Convolution(w.get("dec1.w0", 4L * l * cc * kk), w.get("dec1.b", 4L * l),
        4 * l, cc, k, s);
    decH = new Convolution(w.get("dec1.w1", 4L * l * (z + l) * kk), null, 4 * l, z + l, k, 1);
    posterior = new Convolution(w.get("q1.w", (long) z * l * kk), w.get("q1.b", z), z, l, k, 1);
    prior = new Convolution(w.get("p1.w", 2L * z * l * kk), w.get("p1.b", 2L * z), 2 * z, l, k, 1);
    write = new Convolution(w.get("write.w", (long) cc * s * s * l * kk),
        w.get("write.b", (long) cc * s * s), cc * s * s, l, k, 1);
    hEnc0 = w.get("enc1.h0", l);
    hDec0 = w.get("dec1.h0", l);
    canvas0 = w.get("canvas0", cc);
    posteriorLogVar = w.get("q1.logvar", z);
    quantStep = new float[z];
    logQuantStep = new double[z];
    for (int i = 0; i < z; i++) {
      // Δ = σ_q, the posterior's fixed standard deviation (section 3).
      quantStep[i] = DeterministicMath.exp(0.5f * posteriorLogVar[i]);
      logQuantStep[i] = 0.5 * posteriorLogVar[i];
    }
  }

  public ModelConfig config() {
    return config;
  }

  /** Quantisation step Δ of latent channel {@code c}. */
  public float quantStep(int c) {
    return quantStep[c];
  }

  /** log Δ of latent channel {@code c}, for the prior scale table. */
  public double logQuantStep(int c) {
    return logQuantStep[c];
  }

  /** The recurrent state of one image. */
  public final class State {
    final int height;
    final int width;
    final int paddedHeight;
    final int paddedWidth;
    FeatureMaps canvas;
    FeatureMaps hDec;
    FeatureMaps cDec;
    FeatureMaps hEnc;
    FeatureMaps cEnc;

    State(int height, int width) {
      this.height = height;
      this.width = width;
      int m = config.sizeMultiple();
      paddedHeight = (height + m - 1) / m * m;
      paddedWidth = (width + m - 1) / m * m;
      int hh = paddedHeight / config.stride();
      int hw = paddedWidth / config.stride();
      canvas = FeatureMaps.broadcast(canvas0, paddedHeight, paddedWidth);
      hDec = FeatureMaps.broadcast(hDec0, hh, hw);
      hEnc = FeatureMaps.broadcast(hEnc0, hh, hw);
      cDec = new FeatureMaps(config.lstmMaps(), hh, hw);
      cEnc = new FeatureMaps(config.lstmMaps(), hh, hw);
    }

    public int latentHeight() {
      return hDec.height;
    }

    public int latentWidth() {
      return hDec.width;
    }
  }

  public State start(int height, int width) {
    return new State(height, width);
  }

  /** Prior mean and log-variance (eq. 4) from the decoder state: channels [0, Z) and [Z, 2Z). */
  public FeatureMaps prior(State s) {
    return prior.apply(s.hDec);
  }

  /**
   * One encoder step (eqs. 1-3) on the padded input {@code x} in [0, 1]; returns the posterior
   * mean and advances the encoder state.
   */
  public FeatureMaps posteriorMean(State s, FeatureMaps x) {
    FeatureMaps error = new FeatureMaps(x.channels, x.height, x.width);
    int n = x.data.length; // the first C canvas channels: the mean, or Bernoulli logits
    boolean gaussian = config.likelihood() == ModelConfig.Likelihood.GAUSSIAN;
    for (int i = 0; i < n; i++) {
      float mean = gaussian ? s.canvas.data[i] : DeterministicMath.sigmoid(s.canvas.data[i]);
      error.data[i] = x.data[i] - mean;
    }
    FeatureMaps gates = encX.apply(x, error);
    encH.accumulate(gates, false, s.hEnc, s.hDec);
    FeatureMaps[] hc = lstm(gates, s.cEnc);
    s.hEnc = hc[0];
    s.cEnc = hc[1];
    return posterior.apply(s.hEnc);
  }

  /** One decoder step (eqs. 5-6) with latent {@code z}: advances h_d and adds W h_d to the canvas. */
  public void decode(State s, FeatureMaps z) {
    FeatureMaps gates = decCanvas.apply(s.canvas);
    decH.accumulate(gates, false, z, s.hDec);
    FeatureMaps[] hc = lstm(gates, s.cDec);
    s.hDec = hc[0];
    s.cDec = hc[1];
    addWrite(s.canvas, write.apply(s.hDec), config.stride());
  }

  /**
   * The padded input for the encoder, edges repeated: (v + 1/2) / 256 for 8-bit values (the centre
   * of the dequantisation bin); for binary models 1 where v >= 128, else 0.
   */
  public FeatureMaps input(State s, byte[] planar) {
    int c = config.channels();
    boolean gaussian = config.likelihood() == ModelConfig.Likelihood.GAUSSIAN;
    FeatureMaps x = new FeatureMaps(c, s.paddedHeight, s.paddedWidth);
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < s.paddedHeight; y++) {
        int srcRow = (ch * s.height + Math.min(y, s.height - 1)) * s.width;
        int dstRow = (ch * s.paddedHeight + y) * s.paddedWidth;
        for (int xx = 0; xx < s.paddedWidth; xx++) {
          int v = planar[srcRow + Math.min(xx, s.width - 1)] & 0xff;
          x.data[dstRow + xx] = gaussian ? (v + 0.5f) / 256f : (v >= 128 ? 1f : 0f);
        }
      }
    }
    return x;
  }

  /**
   * The image the canvas describes, cropped to the original size: round(256 μ − ½) clamped to
   * [0, 255] for Gaussian models, 255 × sigmoid(logit) rounded for Bernoulli.
   */
  public byte[] pixels(State s) {
    int c = config.channels();
    byte[] out = new byte[c * s.height * s.width];
    boolean gaussian = config.likelihood() == ModelConfig.Likelihood.GAUSSIAN;
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < s.height; y++) {
        for (int x = 0; x < s.width; x++) {
          float m = s.canvas.data[(ch * s.paddedHeight + y) * s.paddedWidth + x];
          float v = gaussian ? m * 256f - 0.5f : DeterministicMath.sigmoid(m) * 255f;
          out[(ch * s.height + y) * s.width + x] = (byte) Math.max(0, Math.min(255, Math.round(v)));
        }
      }
    }
    return out;
  }

  /** c' = σ(f) c + σ(i) tanh(g), h = σ(o) tanh(c'); gates in the order i, f, o, g. */
  private FeatureMaps[] lstm(FeatureMaps gates, FeatureMaps c) {
    int l = config.lstmMaps();
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

  /** canvas[c][y s + dy][x s + dx] += w[c s² + dy s + dx][y][x] (depth to space, eq. 6). */
  private static void addWrite(FeatureMaps canvas, FeatureMaps w, int s) {
    int cc = canvas.channels;
    IntStream.range(0, cc).parallel().forEach(c -> {
      for (int dy = 0; dy < s; dy++) {
        for (int dx = 0; dx < s; dx++) {
          int src = (c * s * s + dy * s + dx) * w.plane();
          for (int y = 0; y < w.height; y++) {
            int dst = (c * canvas.height + y * s + dy) * canvas.width + dx;
            int row = src + y * w.width;
            for (int x = 0; x < w.width; x++) {
              canvas.data[dst + x * s] += w.data[row + x];
            }
          }
        }
      }
    });
  }
}
