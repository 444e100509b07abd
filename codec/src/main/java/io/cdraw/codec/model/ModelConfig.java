package io.cdraw.codec.model;

import java.util.Locale;
import java.util.Properties;

/**
 * Hyperparameters of a convolutional DRAW network (paper section 2 and 4). They are saved in every
 * model file, so a file alone says how to rebuild the network.
 *
 * @param channels image channels (3 for RGB, 1 for grey or binary)
 * @param likelihood the output distribution of the final canvas
 * @param steps T, the number of DRAW iterations
 * @param layers 1 (equations 1-11) or 2 (equations 12-22)
 * @param lstmMaps feature maps of each first-layer LSTM
 * @param latentMaps feature maps of the first-layer latent z
 * @param kernel size of every convolution (odd)
 * @param stride stride of the convolutions between the image and the first-layer hidden maps
 * @param layer2LstmMaps feature maps of the second-layer LSTMs (when layers == 2)
 * @param layer2LatentMaps feature maps of the second-layer latent (when layers == 2)
 * @param layer2Stride resolution reduction from the first to the second layer (when layers == 2)
 * @param fixedPosteriorWidth posterior standard deviation is a learned per-channel constant (section 3)
 * @param beta the input-cost scale of equation (11)
 * @param discreteRate use the codec's rate: rate = −ln of the prior's mass over z's bin of width Δ
 *     (the fixed posterior width) in place of KL(q||p), with z = mu_q + Δu, u uniform, in training
 *     and the codec's z = mu_p + round((mu_q − mu_p) / Δ) Δ in evaluation (needs a fixed width)
 */
public record ModelConfig(
    int channels,
    Likelihood likelihood,
    int steps,
    int layers,
    int lstmMaps,
    int latentMaps,
    int kernel,
    int stride,
    int layer2LstmMaps,
    int layer2LatentMaps,
    int layer2Stride,
    boolean fixedPosteriorWidth,
    double beta,
    boolean discreteRate) {

  /** The distribution of pixels given the final canvas. */
  public enum Likelihood {
    /** Gaussian with uniform dequantisation, equations (8)-(10), for 8-bit images. */
    GAUSSIAN,
    /** Bernoulli, for binary images. */
    BERNOULLI
  }

  public ModelConfig {
    require(channels == 1 || channels == 3, "channels must be 1 or 3");
    require(steps >= 1 && steps <= 256, "steps must be in 1..256");
    require(layers == 1 || layers == 2, "layers must be 1 or 2");
    require(lstmMaps >= 1 && latentMaps >= 1, "lstmMaps and latentMaps must be positive");
    require(kernel >= 1 && kernel % 2 == 1, "kernel must be odd");
    require(stride >= 1 && stride <= 8, "stride must be in 1..8");
    if (layers == 2) {
      require(layer2LstmMaps >= 1 && layer2LatentMaps >= 1, "layer-2 maps must be positive");
      require(layer2Stride >= 1 && layer2Stride <= 8, "layer2Stride must be in 1..8");
    }
    require(beta > 0 && beta <= 10, "beta must be in (0, 10]");
    require(!discreteRate || fixedPosteriorWidth, "the discrete rate needs a fixed posterior width");
  }

  /** The paper's CIFAR-10 architecture scaled to the given LSTM width (section 4). */
  public static ModelConfig natural(int lstmMaps, int steps) {
    return new ModelConfig(3, Likelihood.GAUSSIAN, steps, 1, lstmMaps, 12, 5, 2, 0, 0, 1, true, 1.0,
        false);
  }

  /** Binary images (MNIST, Omniglot). */
  public static ModelConfig binary(int lstmMaps, int steps) {
    return new ModelConfig(1, Likelihood.BERNOULLI, steps, 1, lstmMaps, 12, 5, 2, 0, 0, 1, true, 1.0,
        false);
  }

  public ModelConfig withLayers(int layers, int layer2LstmMaps, int layer2LatentMaps, int layer2Stride) {
    return new ModelConfig(channels, likelihood, steps, layers, lstmMaps, latentMaps, kernel, stride,
        layer2LstmMaps, layer2LatentMaps, layer2Stride, fixedPosteriorWidth, beta, discreteRate);
  }

  public ModelConfig withDiscreteRate(boolean discrete) {
    return new ModelConfig(channels, likelihood, steps, layers, lstmMaps, latentMaps, kernel, stride,
        layer2LstmMaps, layer2LatentMaps, layer2Stride, fixedPosteriorWidth, beta, discrete);
  }

  public ModelConfig withBeta(double newBeta) {
    return new ModelConfig(channels, likelihood, steps, layers, lstmMaps, latentMaps, kernel, stride,
        layer2LstmMaps, layer2LatentMaps, layer2Stride, fixedPosteriorWidth, newBeta, discreteRate);
  }

  public ModelConfig withShape(int newKernel, int newLatentMaps, int newStride, boolean fixedWidth) {
    return new ModelConfig(channels, likelihood, steps, layers, lstmMaps, newLatentMaps, newKernel,
        newStride, layer2LstmMaps, layer2LatentMaps, layer2Stride, fixedWidth, beta, discreteRate);
  }

  /** Channels of the canvas r: mean and log-variance per colour for Gaussian, logits for Bernoulli. */
  public int canvasChannels() {
    return likelihood == Likelihood.GAUSSIAN ? 2 * channels : channels;
  }

  /** Image sides are padded to a multiple of this so every stride divides evenly. */
  public int sizeMultiple() {
    return layers == 2 ? stride * layer2Stride : stride;
  }

  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("channels", Integer.toString(channels));
    p.setProperty("likelihood", likelihood.name().toLowerCase(Locale.ROOT));
    p.setProperty("steps", Integer.toString(steps));
    p.setProperty("layers", Integer.toString(layers));
    p.setProperty("lstmMaps", Integer.toString(lstmMaps));
    p.setProperty("latentMaps", Integer.toString(latentMaps));
    p.setProperty("kernel", Integer.toString(kernel));
    p.setProperty("stride", Integer.toString(stride));
    p.setProperty("layer2LstmMaps", Integer.toString(layer2LstmMaps));
    p.setProperty("layer2LatentMaps", Integer.toString(layer2LatentMaps));
    p.setProperty("layer2Stride", Integer.toString(layer2Stride));
    p.setProperty("fixedPosteriorWidth", Boolean.toString(fixedPosteriorWidth));
    p.setProperty("beta", Double.toString(beta));
    p.setProperty("discreteRate", Boolean.toString(discreteRate));
    return p;
  }

  public static ModelConfig fromProperties(Properties p) {
    try {
      return new ModelConfig(
          intProp(p, "channels"),
          Likelihood.valueOf(stringProp(p, "likelihood").toUpperCase(Locale.ROOT)),
          intProp(p, "steps"),
          intProp(p, "layers"),
          intProp(p, "lstmMaps"),
          intProp(p, "latentMaps"),
          intProp(p, "kernel"),
          intProp(p, "stride"),
          intProp(p, "layer2LstmMaps"),
          intProp(p, "layer2LatentMaps"),
          intProp(p, "layer2Stride"),
          Boolean.parseBoolean(stringProp(p, "fixedPosteriorWidth")),
          Double.parseDouble(stringProp(p, "beta")),
          Boolean.parseBoolean(p.getProperty("discreteRate", "false").trim()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad model configuration: " + e.getMessage(), e);
    }
  }

  /** One line for logs and model cards. */
  public String describe() {
    String base = String.format(Locale.ROOT,
        "%s T=%d lstm=%d latent=%d kernel=%d stride=%d %s beta=%s",
        likelihood.name().toLowerCase(Locale.ROOT), steps, lstmMaps, latentMaps, kernel, stride,
        fixedPosteriorWidth ? (discreteRate ? "discrete-rate" : "fixed-width") : "free-width",
        beta);
    return layers == 1 ? base : base + String.format(Locale.ROOT,
        " layer2(lstm=%d latent=%d stride=%d)", layer2LstmMaps, layer2LatentMaps, layer2Stride);
  }

  private static String stringProp(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("missing '" + key + "'");
    }
    return v.trim();
  }

  private static int intProp(Properties p, String key) {
    return Integer.parseInt(stringProp(p, key));
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
