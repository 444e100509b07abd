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
public final class DrawEngine implements CodingEngine {
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
  private final QuantisationSteps quantSteps;

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
    quantSteps = new QuantisationSteps(w.get("q1.logvar", z));
  }

  public ModelConfig config() {
    return config;
  }

  @Override
  public int steps() {
    return config.steps();
  }

  @Override
  public int channels() {
    return config.channels();
  }

  @Override
  public int latentMaps() {
    return config.latentMaps();
  }

  @Override
  public boolean discreteRate() {
    return config.discreteRate();
  }

  @Override
  public double bytesPerPixel() {
    return 4.0 * (4 * config.canvasChannels()
        + (14.0 * config.lstmMaps() + 6.0 * config.latentMaps())
            / (config.stride() * config.stride()));
  }

  @Override
  public float quantStep(int c) {
    return quantSteps.step(c);
  }

  @Override
  public double logQuantStep(int c) {
    return quantSteps.logStep(c);
  }

  /** The recurrent state of one image. */
  public final class State implements CodingEngine.State {
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

    PixelMapping.Frame frame() {
      return new PixelMapping.Frame(height, width, paddedHeight, paddedWidth);
    }

    @Override
    public int latentHeight() {
      return hDec.height;
    }

    @Override
    public int latentWidth() {
      return hDec.width;
    }
  }

  @Override
  public State start(int height, int width) {
    return new State(height, width);
  }

  /** Prior mean and log-variance (eq. 4) from the decoder state: channels [0, Z) and [Z, 2Z). */
  @Override
  public FeatureMaps prior(CodingEngine.State s) {
    return prior.apply(((State) s).hDec);
  }

  /**
   * One encoder step (eqs. 1-3) on the padded input {@code x} in [0, 1]; returns the posterior
   * mean and advances the encoder state.
   */
  @Override
  public FeatureMaps posteriorMean(CodingEngine.State state, FeatureMaps x) {
    State s = (State) state;
    FeatureMaps error = new FeatureMaps(x.channels, x.height, x.width);
    int n = x.data.length; // the first C canvas channels: the mean, or Bernoulli logits
    boolean gaussian = config.likelihood() == ModelConfig.Likelihood.GAUSSIAN;
    for (int i = 0; i < n; i++) {
      float mean = gaussian ? s.canvas.data[i] : DeterministicMath.sigmoid(s.canvas.data[i]);
      error.data[i] = x.data[i] - mean;
    }
    FeatureMaps gates = encX.apply(x, error);
    encH.accumulate(gates, false, s.hEnc, s.hDec);
    FeatureMaps[] hc = EngineTensors.lstmUpdate(gates, s.cEnc);
    s.hEnc = hc[0];
    s.cEnc = hc[1];
    return posterior.apply(s.hEnc);
  }

  /** One decoder step (eqs. 5-6) with latent {@code z}: advances h_d and adds W h_d to the canvas. */
  @Override
  public void decode(CodingEngine.State state, FeatureMaps z) {
    State s = (State) state;
    FeatureMaps gates = decCanvas.apply(s.canvas);
    decH.accumulate(gates, false, z, s.hDec);
    FeatureMaps[] hc = EngineTensors.lstmUpdate(gates, s.cDec);
    s.hDec = hc[0];
    s.cDec = hc[1];
    addWrite(s.canvas, write.apply(s.hDec), config.stride());
  }

  @Override
  public FeatureMaps input(CodingEngine.State s, byte[] planar) {
    return PixelMapping.input(((State) s).frame(), planar, config.channels(), gaussian());
  }

  @Override
  public byte[] pixels(CodingEngine.State s) {
    State st = (State) s;
    return PixelMapping.pixels(st.frame(), st.canvas, config.channels(), gaussian());
  }

  private boolean gaussian() {
    return config.likelihood() == ModelConfig.Likelihood.GAUSSIAN;
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
