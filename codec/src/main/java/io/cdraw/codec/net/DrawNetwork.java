package io.cdraw.codec.net;

import io.cdraw.codec.model.ModelConfig;
import io.cdraw.codec.model.ModelConfig.Likelihood;
import io.cdraw.codec.net.ParameterSpec.Init;
import java.util.ArrayList;
import java.util.List;

/**
 * The paper's convolutional DRAW (section 2), the likelihood models, defined once for every
 * backend ({@link Tensors}).
 *
 * <p>One step t of layer 1 (eqs. 1-7), with s the stride between image and hidden maps:
 * <pre>
 *   ε    = x − mean(r)                                 mean: the Gaussian μ channels, or σ(logits)
 *   h_e  = ConvLSTM_enc1([x, ε] at stride s, [h_e, h_d])          gates "enc1": w0 + b, then w1
 *   q    = conv_q1(h_e)    (μ; the width is q1.logvar per channel when fixed, else channels Z…2Z)
 *   p    = conv_p1(h_d)    or conv_p1([h_d, up(h2_d)]) with two layers     (μ, log σ²)
 *   h_d  = ConvLSTM_dec1(r at stride s, [z, h_d(, up(h2_d))])           gates "dec1"
 *   r    = r + d2s_s(conv_write(h_d))                                   additive canvas
 * </pre>
 * With two layers (eqs. 12-22), before layer 1's prior: h2_e = ConvLSTM_enc2(μ_q1 at stride s2,
 * [h2_e, h2_d]), q2 = conv_q2(h2_e), p2 = conv_p2(h2_d), h2_d = ConvLSTM_dec2([z2, h2_d]), and
 * up repeats each value of h2_d over an s2 x s2 block. Every convolution is k x k with padding
 * k / 2; an LSTM's input groups are convolved separately (group g by {@code name.w<g>}) and summed
 * in group order, the bias with group 0. Names, shapes and the initialisation order are those of
 * {@link #parameters}.
 */
public final class DrawNetwork {
  private DrawNetwork() {}

  /** The recurrent state of one image (or one batch, for a batched backend). */
  public static final class State<T> {
    public final int latentHeight;
    public final int latentWidth;
    T canvas;
    T hEnc1;
    T cEnc1;
    T hDec1;
    T cDec1;
    T hEnc2;
    T cEnc2;
    T hDec2;
    T cDec2;
    T up;

    State(int latentHeight, int latentWidth) {
      this.latentHeight = latentHeight;
      this.latentWidth = latentWidth;
    }

    /**
     * A copy that goes on apart from this state: the steps replace the tensors they change
     * instead of writing into them, so the copy shares the tensors it starts with.
     */
    public State<T> copy() {
      State<T> s = new State<>(latentHeight, latentWidth);
      s.canvas = canvas;
      s.hEnc1 = hEnc1;
      s.cEnc1 = cEnc1;
      s.hDec1 = hDec1;
      s.cDec1 = cDec1;
      s.hEnc2 = hEnc2;
      s.cEnc2 = cEnc2;
      s.hDec2 = hDec2;
      s.cDec2 = cDec2;
      s.up = up;
      return s;
    }

    /** The canvas r (canvasChannels maps at the padded image size). */
    public T canvas() {
      return canvas;
    }
  }

  /** Every weight, in the order a fresh network initialises them (and model files list them). */
  public static List<ParameterSpec> parameters(ModelConfig c) {
    int ch = c.channels();
    int cc = c.canvasChannels();
    int l1 = c.lstmMaps();
    int z1 = c.latentMaps();
    int k = c.kernel();
    boolean two = c.layers() == 2;
    int l2 = two ? c.layer2LstmMaps() : 0;
    int z2 = two ? c.layer2LatentMaps() : 0;
    int s1 = c.stride() * c.stride();
    List<ParameterSpec> specs = new ArrayList<>();
    lstm(specs, "enc1", l1, k, s1, false, 2 * ch, 2 * l1);
    lstm(specs, "dec1", l1, k, s1, true, cc, z1 + l1 + l2);
    specs.add(state("enc1.h0", l1, false));
    specs.add(state("dec1.h0", l1, true));
    double[] canvas0 = c.likelihood() == Likelihood.GAUSSIAN
        // mean grey with a standard deviation of a quarter of the range: rough data statistics
        ? new double[] {0.5, Math.log(0.0625)}
        : new double[] {-2, -2}; // binary images are mostly background
    specs.add(new ParameterSpec("canvas0", new long[] {1, cc, 1, 1},
        (i, r) -> i < ch ? canvas0[0] : canvas0[1], 0, true));
    head(specs, c, "q1", l1, z1, s1, c.fixedPosteriorWidth());
    head(specs, c, "p1", l1 + l2, z1, s1, false);
    int writeMaps = cc * c.stride() * c.stride();
    specs.add(new ParameterSpec("write.w", new long[] {writeMaps, l1, k, k},
        Init.uniform(0.1 / Math.sqrt(l1 * k * k)), s1, true));
    specs.add(new ParameterSpec("write.b", new long[] {writeMaps}, Init.constant(0), 0, true));
    if (two) {
      int s2 = s1 * c.layer2Stride() * c.layer2Stride();
      lstm(specs, "enc2", l2, k, s2, false, z1, 2 * l2);
      lstm(specs, "dec2", l2, k, s2, true, z2 + l2);
      specs.add(state("enc2.h0", l2, false));
      specs.add(state("dec2.h0", l2, true));
      head(specs, c, "q2", l2, z2, s2, c.fixedPosteriorWidth());
      head(specs, c, "p2", l2, z2, s2, false);
    }
    return specs;
  }

  /** The initial state for an image padded to a multiple of {@link ModelConfig#sizeMultiple}. */
  public static <T> State<T> start(Tensors<T> ops, ModelConfig c, int paddedHeight,
      int paddedWidth) {
    int s = c.stride();
    State<T> st = new State<>(paddedHeight / s, paddedWidth / s);
    st.canvas = ops.constant("canvas0", paddedHeight, paddedWidth);
    st.hEnc1 = ops.constant("enc1.h0", st.latentHeight, st.latentWidth);
    st.hDec1 = ops.constant("dec1.h0", st.latentHeight, st.latentWidth);
    if (c.layers() == 2) {
      int s2 = c.layer2Stride();
      st.hEnc2 = ops.constant("enc2.h0", st.latentHeight / s2, st.latentWidth / s2);
      st.hDec2 = ops.constant("dec2.h0", st.latentHeight / s2, st.latentWidth / s2);
    }
    return st;
  }

  /** The pixel values the canvas predicts, in [0, 1]: the Gaussian mean or the probability. */
  public static <T> T canvasMean(Tensors<T> ops, ModelConfig c, T canvas) {
    return c.likelihood() == Likelihood.GAUSSIAN ? ops.channels(canvas, 0, c.channels())
        : ops.sigmoid(canvas);
  }

  /**
   * Eqs. 1-3: the layer-1 encoder step on the padded input x in [0, 1]. Returns q1's head: μ
   * (Z maps) with a fixed width, otherwise μ and log σ² (2Z maps).
   */
  public static <T> T posterior1(Tensors<T> ops, ModelConfig c, State<T> s, T x) {
    T error = ops.sub(x, canvasMean(ops, c, s.canvas));
    T[] hc = ops.lstm(ops.convGroups("enc1", List.of(List.of(x, error),
        List.of(s.hEnc1, s.hDec1)), new int[] {c.stride(), 1}), s.cEnc1);
    s.hEnc1 = hc[0];
    s.cEnc1 = hc[1];
    return ops.conv("q1", List.of(s.hEnc1));
  }

  /** The name of layer {@code layer}'s fixed posterior log-variance (the codec's Δ = e^(v/2)). */
  public static String posteriorLogVarianceName(int layer) {
    return "q" + layer + ".logvar";
  }

  /** Layer {@code layer}'s fixed posterior log-variance over its latent grid. */
  public static <T> T posteriorLogVariance(Tensors<T> ops, ModelConfig c, State<T> s, int layer) {
    int f = layer == 1 ? 1 : c.layer2Stride();
    return ops.constant(posteriorLogVarianceName(layer), s.latentHeight / f, s.latentWidth / f);
  }

  /** Eqs. 15-16: the layer-2 encoder step on layer 1's posterior mean; returns q2's head. */
  public static <T> T posterior2(Tensors<T> ops, ModelConfig c, State<T> s, T mu1) {
    T[] hc = ops.lstm(ops.convGroups("enc2", List.of(List.of(mu1), List.of(s.hEnc2, s.hDec2)),
        new int[] {c.layer2Stride(), 1}), s.cEnc2);
    s.hEnc2 = hc[0];
    s.cEnc2 = hc[1];
    return ops.conv("q2", List.of(s.hEnc2));
  }

  /** Eq. 17: layer 2's prior, μ (channels [0, Z2)) and log σ² ([Z2, 2 Z2)). */
  public static <T> T prior2(Tensors<T> ops, State<T> s) {
    return ops.conv("p2", List.of(s.hDec2));
  }

  /** Eq. 18: the layer-2 decoder step with latents z2; layer 1 then sees its upsampled state. */
  public static <T> void decode2(Tensors<T> ops, ModelConfig c, State<T> s, T z2) {
    T[] hc = ops.lstm(ops.convGroups("dec2", List.of(List.of(z2, s.hDec2)), new int[] {1}),
        s.cDec2);
    s.hDec2 = hc[0];
    s.cDec2 = hc[1];
    s.up = ops.upsample(s.hDec2, c.layer2Stride());
  }

  /** Eq. 4 / 19: layer 1's prior from the decoder state, μ ([0, Z)) and log σ² ([Z, 2Z)). */
  public static <T> T prior1(Tensors<T> ops, State<T> s) {
    return ops.conv("p1", s.up == null ? List.of(s.hDec1) : List.of(s.hDec1, s.up));
  }

  /** Eqs. 5-6 / 20-21: the layer-1 decoder step with latents z; adds the write to the canvas. */
  public static <T> void decode1(Tensors<T> ops, ModelConfig c, State<T> s, T z) {
    List<T> hidden = s.up == null ? List.of(z, s.hDec1) : List.of(z, s.hDec1, s.up);
    T[] hc = ops.lstm(ops.convGroups("dec1", List.of(List.of(s.canvas), hidden),
        new int[] {c.stride(), 1}), s.cDec1);
    s.hDec1 = hc[0];
    s.cDec1 = hc[1];
    T write = ops.conv("write", List.of(s.hDec1));
    s.canvas = ops.add(s.canvas, c.stride() == 1 ? write : ops.depthToSpace(write, c.stride()));
  }

  /** Multiply-adds per image pixel of all T steps: the encoder's pass (both) or the decoder's. */
  public static double multiplyAddsPerPixel(ModelConfig c, boolean decoderOnly) {
    return ParameterSpec.multiplyAddsPerPixel(parameters(c), decoderOnly) * c.steps();
  }

  /** An LSTM's gate convolutions, one per input group, and its bias (forget gate open). */
  private static void lstm(List<ParameterSpec> specs, String name, int hidden, int k,
      int pixelsPerPosition, boolean decoder, int... groupChannels) {
    int fanIn = 0;
    for (int g : groupChannels) {
      fanIn += g * k * k;
    }
    Init init = Init.uniform(Math.sqrt(1.0 / fanIn));
    for (int g = 0; g < groupChannels.length; g++) {
      specs.add(new ParameterSpec(name + ".w" + g,
          new long[] {4L * hidden, groupChannels[g], k, k}, init, pixelsPerPosition, decoder));
    }
    specs.add(new ParameterSpec(name + ".b", new long[] {4L * hidden},
        (i, r) -> i >= hidden && i < 2 * hidden ? 1 : 0, 0, decoder));
  }

  /** A Gaussian head: μ (and log σ² unless the width is a learned per-channel constant). */
  private static void head(List<ParameterSpec> specs, ModelConfig c, String name, int in,
      int latents, int pixelsPerPosition, boolean fixedWidth) {
    int k = c.kernel();
    int out = fixedWidth ? latents : 2 * latents;
    boolean decoder = name.startsWith("p");
    specs.add(new ParameterSpec(name + ".w", new long[] {out, in, k, k},
        Init.uniform(0.5 / Math.sqrt(in * k * k)), pixelsPerPosition, decoder));
    specs.add(new ParameterSpec(name + ".b", new long[] {out}, Init.constant(0), 0, decoder));
    if (fixedWidth) {
      // The fixed posterior width of section 3. With the KL it starts at the prior's initial
      // width (zero KL for unused latents). With the discrete rate it starts wide, Δ = 4 σ_p,
      // where an unused latent's bin holds 95% of the prior mass (0.07 bits) instead of 38%
      // (1.4 bits) at Δ = σ_p; training narrows it where it pays. The decoder needs it: Δ.
      specs.add(new ParameterSpec(posteriorLogVarianceName(name.charAt(1) - '0'),
          new long[] {1, latents, 1, 1},
          Init.constant(c.discreteRate() ? 2 * Math.log(4) : 0), 0, true));
    }
  }

  private static ParameterSpec state(String name, int maps, boolean decoder) {
    return new ParameterSpec(name, new long[] {1, maps, 1, 1}, Init.constant(0), 0, decoder);
  }
}
