package io.cdraw.codec.engine;

import io.cdraw.codec.model.ModelConfig;
import io.cdraw.codec.net.DrawNetwork;
import java.io.IOException;

/**
 * Single-layer convolutional DRAW (eqs. 1-7) in pure Java float32 with a fixed order of
 * operations: the decoder recurrence, prior, canvas and pixels that a {@code .cdraw} decoder
 * computes, and the encoder LSTM and posterior the encoder runs beside them. The same code runs at
 * both ends, so both see bit-identical priors on every machine. The network is
 * {@link DrawNetwork}, the one definition training runs on DJL.
 */
public final class DrawEngine implements CodingEngine {
  private final ModelConfig config;
  private final EngineTensors ops;
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
    try {
      ops = new EngineTensors(w.arrays(), DrawNetwork.parameters(config));
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    quantSteps = new QuantisationSteps(
        w.get(DrawNetwork.posteriorLogVarianceName(1), config.latentMaps()), config.latentMaps());
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

    /** The canvas r at the padded size. */
    public FeatureMaps canvas() {
      return net.canvas();
    }

    @Override
    public int latentHeight() {
      return net.latentHeight;
    }

    @Override
    public int latentWidth() {
      return net.latentWidth;
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

  private boolean gaussian() {
    return config.likelihood() == ModelConfig.Likelihood.GAUSSIAN;
  }
}
