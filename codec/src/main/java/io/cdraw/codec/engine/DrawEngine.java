package io.cdraw.codec.engine;

import io.cdraw.codec.model.ModelConfig;
import io.cdraw.codec.net.DrawNetwork;
import java.io.IOException;

/**
 * Convolutional DRAW (eqs. 1-7; two layers, eqs. 12-22, for lossless coding) in pure Java float32 with a fixed order of
 * operations: the decoder recurrence, prior, canvas and pixels that a {@code .cdraw} decoder
 * computes, and the encoder LSTM and posterior the encoder runs beside them. The same code runs at
 * both ends, so both see bit-identical priors on every machine. The network is
 * {@link DrawNetwork}, the one definition training runs on DJL.
 */
public final class DrawEngine implements CodingEngine {
  private final ModelConfig config;
  private final EngineTensors ops;
  private final QuantisationSteps quantSteps;
  private final QuantisationSteps quantSteps2;

  public DrawEngine(EngineWeights w) throws IOException {
    config = w.config();
    if (!config.fixedPosteriorWidth()) {
      throw new IOException("the codec needs a model trained with a fixed posterior width");
    }
    try {
      ops = new EngineTensors(w.arrays(), DrawNetwork.parameters(config));
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    quantSteps = new QuantisationSteps(
        w.get(DrawNetwork.posteriorLogVarianceName(1), config.latentMaps()), config.latentMaps());
    quantSteps2 = config.layers() == 2 ? new QuantisationSteps(w.get(
        DrawNetwork.posteriorLogVarianceName(2), config.layer2LatentMaps()),
        config.layer2LatentMaps()) : null;
  }

  @Override
  public int layers() {
    return config.layers();
  }

  /** ln Δ of channel {@code c} of layer 1 or 2: half the fixed posterior log-variance. */
  public double logPosteriorWidth(int layer, int c) {
    return (layer == 1 ? quantSteps : quantSteps2).logStep(0, c);
  }

  /** Layer 2's posterior mean from layer 1's (eqs. 15-16); call after {@link #posteriorMean}. */
  public FeatureMaps posterior2(CodingEngine.State s, FeatureMaps mean1) {
    return DrawNetwork.posterior2(ops, config, ((State) s).net, mean1);
  }

  /** Layer 2's prior, μ and log σ² (eq. 17). */
  public FeatureMaps prior2(CodingEngine.State s) {
    return DrawNetwork.prior2(ops, ((State) s).net);
  }

  /** Layer 2's decoder step (eq. 18); comes before layer 1's prior and decoder step. */
  public void decode2(CodingEngine.State s, FeatureMaps z2) {
    DrawNetwork.decode2(ops, config, ((State) s).net, z2);
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
    double layer2 = config.layers() == 2
        ? (14.0 * config.layer2LstmMaps() + 6.0 * config.layer2LatentMaps())
            / Math.pow(config.stride() * config.layer2Stride(), 2) : 0;
    return 4.0 * (4 * config.canvasChannels()
        + (14.0 * config.lstmMaps() + 6.0 * config.latentMaps())
            / (config.stride() * config.stride()) + layer2);
  }

  @Override
  public float quantStep(int t, int c) {
    return quantSteps.step(t, c);
  }

  @Override
  public double logQuantStep(int t, int c) {
    return quantSteps.logStep(t, c);
  }

  /** One image's state: the network's, and the sizes before and after padding. */
  public final class State implements CodingEngine.State {
    final PixelMapping.Frame frame;
    final DrawNetwork.State<FeatureMaps> net;

    State(int height, int width) {
      frame = new PixelMapping.Frame(height, width, config.sizeMultiple());
      net = DrawNetwork.start(ops, config, frame.paddedHeight(), frame.paddedWidth());
    }

    private State(State other) {
      frame = other.frame;
      net = other.net.copy();
    }

    @Override
    public State copy() {
      return new State(this);
    }

    /** The canvas r at the padded size. */
    public FeatureMaps canvas() {
      return net.canvas();
    }

    @Override
    public int latentPositions(int t) {
      return net.latentHeight * net.latentWidth;
    }
  }

  @Override
  public State start(int height, int width) {
    return new State(height, width);
  }

  @Override
  public FeatureMaps prior(CodingEngine.State s) {
    return DrawNetwork.prior1(ops, ((State) s).net);
  }

  @Override
  public FeatureMaps posteriorMean(CodingEngine.State s, FeatureMaps x) {
    return DrawNetwork.posterior1(ops, config, ((State) s).net, x);
  }

  @Override
  public void decode(CodingEngine.State s, FeatureMaps z) {
    DrawNetwork.decode1(ops, config, ((State) s).net, z);
  }

  @Override
  public FeatureMaps input(CodingEngine.State s, byte[] planar) {
    return PixelMapping.input(((State) s).frame, planar, config.channels(), gaussian());
  }

  @Override
  public byte[] pixels(CodingEngine.State s) {
    State st = (State) s;
    return PixelMapping.pixels(st.frame, st.net.canvas(), config.channels(), gaussian());
  }

  /** The canvas of an image's state at the padded size: the likelihood's parameters. */
  public FeatureMaps canvas(CodingEngine.State s) {
    return ((State) s).net.canvas();
  }

  private boolean gaussian() {
    return config.likelihood() == ModelConfig.Likelihood.GAUSSIAN;
  }
}
