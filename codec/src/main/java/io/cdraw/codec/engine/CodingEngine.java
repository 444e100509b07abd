package io.cdraw.codec.engine;

import io.cdraw.codec.net.RdConfig;
import java.io.IOException;

/**
 * What the {@code .cdraw} encoder and decoder need of a model on the deterministic engine: the
 * per-step prior, the encoder's posterior mean, the decoder step and the pixel mapping. One
 * implementation per architecture: {@link DrawEngine} (the paper's likelihood models) and
 * {@link RdEngine} (the rate–distortion model).
 */
public interface CodingEngine {
  /** The recurrent state of one image. */
  interface State {
    /** Positions of the latent grid of step t (0-based); each holds one latent per map. */
    int latentPositions(int t);

    /** A copy that steps on apart from this state (the encoder tries partial steps on it). */
    State copy();
  }

  /** The engine for a model file of either architecture. */
  static CodingEngine of(EngineWeights weights) throws IOException {
    return RdConfig.describes(weights.metadata()) ? new RdEngine(weights)
        : new DrawEngine(weights);
  }

  int steps();

  /** Stochastic layers: the .cdraw codec codes one; two code only losslessly. */
  default int layers() {
    return 1;
  }

  int channels();

  int latentMaps();

  /** Whether the model was trained on the codec's discrete rate (reporting only). */
  boolean discreteRate();

  /** Quantisation step Δ of latent channel {@code c} in step {@code t} (0-based). */
  float quantStep(int t, int c);

  /** log Δ of latent channel {@code c} in step {@code t}, for the prior scale table. */
  double logQuantStep(int t, int c);

  /** Bytes of engine state per image pixel while coding (for the memory check). */
  double bytesPerPixel();

  State start(int height, int width);

  /** Prior mean and log-variance of this step's latents: channels [0, Z) and [Z, 2Z). */
  FeatureMaps prior(State s);

  /** One encoder step on the padded input; returns the posterior mean. */
  FeatureMaps posteriorMean(State s, FeatureMaps x);

  /** One decoder step with latents z. */
  void decode(State s, FeatureMaps z);

  /** The padded encoder input of 8-bit planar pixels. */
  FeatureMaps input(State s, byte[] planar);

  /** The image the canvas describes, cropped to the original size. */
  byte[] pixels(State s);
}
