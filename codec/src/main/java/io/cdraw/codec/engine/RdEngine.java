package io.cdraw.codec.engine;

import io.cdraw.codec.net.RdConfig;
import io.cdraw.codec.net.RdDrawNetwork;
import java.io.IOException;

/** The rate–distortion conv DRAW model ({@link RdDrawNetwork}) on {@link EngineTensors}. */
public final class RdEngine implements CodingEngine {
  private final RdConfig config;
  private final EngineTensors ops;
  private final QuantisationSteps quantSteps;

  RdEngine(EngineWeights w) throws IOException {
    try {
      config = RdConfig.fromProperties(w.metadata());
      ops = new EngineTensors(w.arrays(), RdDrawNetwork.parameters(config));
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
    int widths = config.widthPerStep() ? config.steps() : 1;
    float[] logVar = w.get("q.logvar", (long) widths * config.latentMaps());
    quantSteps = new QuantisationSteps(logVar, config.latentMaps());
  }

  /** One image's state: the network's, and the sizes before and after padding. */
  private final class Image implements State {
    final PixelMapping.Frame frame;
    final RdDrawNetwork.State<FeatureMaps> net;

    Image(int height, int width) {
      frame = new PixelMapping.Frame(height, width, config.paddingStride());
      net = RdDrawNetwork.start(ops, config, frame.paddedHeight(), frame.paddedWidth());
    }

    private Image(Image other) {
      frame = other.frame;
      net = other.net.copy();
    }

    @Override
    public State copy() {
      return new Image(this);
    }

    @Override
    public int latentPositions(int t) {
      return RdDrawNetwork.latentPositions(config, net, t);
    }
  }

  @Override
  public int steps() {
    return config.steps();
  }

  @Override
  public int channels() {
    return RdConfig.CHANNELS;
  }

  @Override
  public int latentMaps() {
    return config.latentMaps();
  }

  @Override
  public boolean discreteRate() {
    return true;
  }

  @Override
  public float quantStep(int t, int c) {
    return quantSteps.step(t, c);
  }

  @Override
  public double logQuantStep(int t, int c) {
    return quantSteps.logStep(t, c);
  }

  @Override
  public double bytesPerPixel() {
    // canvas, input, error and their space-to-depth copies; read maps at stride 4 and their
    // convolution planes; the write network's widest maps
    return 4.0 * (6 * RdConfig.CHANNELS + 3.0 * config.featureMaps() / 16 + 16);
  }

  @Override
  public State start(int height, int width) {
    return new Image(height, width);
  }

  @Override
  public FeatureMaps prior(State s) {
    return RdDrawNetwork.prior(ops, config, ((Image) s).net);
  }

  @Override
  public FeatureMaps posteriorMean(State s, FeatureMaps x) {
    return RdDrawNetwork.posteriorMean(ops, config, ((Image) s).net, x);
  }

  @Override
  public void decode(State s, FeatureMaps z) {
    RdDrawNetwork.decode(ops, config, ((Image) s).net, z);
  }

  @Override
  public FeatureMaps input(State s, byte[] planar) {
    return PixelMapping.input(((Image) s).frame, planar, RdConfig.CHANNELS, true);
  }

  @Override
  public byte[] pixels(State s) {
    Image image = (Image) s;
    return PixelMapping.pixels(image.frame, RdDrawNetwork.reconstruction(ops, config, image.net),
        RdConfig.CHANNELS, true);
  }
}
