package io.cdraw.codec.net;

import io.cdraw.codec.net.ParameterSpec.Init;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The rate–distortion conv DRAW network, defined once for every backend ({@link Tensors}).
 *
 * <p>One step t (paper eqs. 1-6 with deeper read and write networks):
 * <pre>
 *   ε      = x − r                                     error of the canvas so far
 *   read   = s2d2(relu(conv_readL(… s2d2(relu(conv_read1(s2d4([x, ε])))))))   to the latent stride
 *   h_e    = ConvLSTM_enc(read, h_e, h_d)              conv "enc" over [read, h_e, h_d]
 *   μ_q    = conv_q(h_e);   Δ = exp(q.logvar / 2) per channel, or per step and channel
 *                                                    (fixed posterior width)
 *   μ_p, λ_p = conv_p(h_d)  (before the update: the prior comes from the decoder state)
 *   h_d    = ConvLSTM_dec(z, h_d)                       conv "dec" over [z, h_d]
 *   r      = r + d2s4(conv_writeL+1(… relu(d2s2(conv_write1(h_d))))))   additive canvas
 *            (conv_write1 over [h_d, z] with writeReadsLatents; with fineMaps the stride-4
 *            level feeds relu(d2s2(…)) at stride 2 and the canvas takes the first 3 channels
 *            of d2s2(conv_writeL+2(…)); with stepWrites each step t has its own write weights,
 *            named write…_t<t>)
 * </pre>
 * With coarseSteps K, steps 1 … K code latents at stride 2S: μ_q = conv_coarse.q(s2d2(h_e)),
 * the prior conv_coarse.p(s2d2(h_d)), and the decoder reads d2s2(conv_coarse.z(z)) in place of z.
 * With fineLatentSteps N, the last N steps code latents at stride S/2:
 * μ_q = d2s2(conv_fineLatent.q([s2d2(read), h_e])) (the read before its last space-to-depth is at
 * S/2), the prior d2s2(conv_fineLatent.p(h_d)), the decoder LSTM reads conv_fineLatent.z(s2d2(z))
 * in place of z, and the write adds conv_fineLatent.w(z) to its first level (at S/2) before the
 * ReLU.
 * With posteriorReads, μ_q = conv_q(h_e) + conv_qRead(read) on the steps whose latents are on the
 * latent grid (not the coarse or fine ones), and on the fine ones μ_q gains
 * conv_fineLatent.qError(s2d(S/2)(ε)): a linear view of the canvas's error at the fine grid,
 * which the read network's F rectified maps per 4x4 block cannot pass whole.
 * With priorReadsCanvas the fine steps' prior gains conv_fineLatent.pCanvas(s2d(S/2)(r)): the
 * canvas at the fine grid, which the decoder state sees only through its H maps at stride S.
 * With canvasMaps C the canvas r is C feature maps at stride 4: the last write convolution adds
 * C maps there (no depth-to-space), the reconstruction is the output network
 * d2s2(conv_out3(relu(d2s2(conv_out2(relu(conv_out1(r))))))) (first 3 channels), run once per
 * reconstruction, and the read sees x through relu(conv_read0(s2d4(x))), computed once per image,
 * beside the canvas: read1 runs over [read0, r] in place of s2d4([x, ε]).
 * With filterMaps M the reconstruction of the image canvas passes through a residual filter,
 * once: r + d2s4(conv_filter3(relu(conv_filter2(relu(conv_filter1(s2d4(r))))))), M maps at
 * stride 4; the steps still read and write the canvas r itself.
 * Latents live at stride S = 4 · 2^L (L = 1, 2, 3 for S = 8, 16, 32); every convolution is 3x3
 * with padding 1 and stride 1, resolution changes only by space-to-depth / depth-to-space. The
 * canvas r holds the reconstruction itself (3 channels in [0, 1]); the objective is rate plus
 * MSE of every prefix (docs/rd-model.md). Gate order, concatenation order, names and shapes are
 * those of {@link #parameters}.
 */
public final class RdDrawNetwork {
  private static final int K = 3;
  /**
   * Channels the stride-2 write level makes at full resolution, of which the canvas takes the
   * first 3: its convolution then has 16 outputs, and oneDNN's vector kernels have been seen to
   * return NaN for channel counts that are not a multiple of their vector width (docs/rd-model.md).
   */
  private static final int FINE_OUT = 4;
  /** Names of the write weights of step t end in {@code STEP + t} when steps have their own. */
  private static final String STEP = "_t";
  /** Names of the weights that only coarse steps run start with this. */
  private static final String COARSE = "coarse.";
  /** Names of the weights that only steps with latents at half the stride run start with this. */
  private static final String FINE_LATENT = "fineLatent.";
  /** The posterior mean's convolution over the read features ({@code posteriorReads}). */
  private static final String Q_READ = "qRead";
  /** The fine posterior mean's convolution over the canvas's error ({@code posteriorReads}). */
  private static final String Q_ERROR = "qError";
  /** The fine prior's convolution over the canvas ({@code priorReadsCanvas}). */
  private static final String P_CANVAS = "pCanvas";
  /** The read of the image alone, once per image (feature canvas only). */
  private static final String READ_INPUT = "read0";
  /** Names of the output network's weights (feature canvas only) start with this. */
  private static final String OUTPUT = "out";
  /** Names of the residual filter's weights ({@code filterMaps}) start with this. */
  private static final String FILTER = "filter";

  private RdDrawNetwork() {}

  /** The recurrent state of one image (or one batch, for a batched backend). */
  public static final class State<T> {
    public final int latentHeight;
    public final int latentWidth;
    T canvas;
    T hEnc;
    T cEnc;
    T hDec;
    T cDec;
    /** relu(read0(s2d4(x))) of a feature-canvas model, computed at the first step. */
    T inputFeatures;
    int steps;

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
      s.hEnc = hEnc;
      s.cEnc = cEnc;
      s.hDec = hDec;
      s.cDec = cDec;
      s.inputFeatures = inputFeatures;
      s.steps = steps;
      return s;
    }

    /**
     * The canvas after the steps decoded so far: the reconstruction at the padded size, or the
     * feature maps that {@link #reconstruction} turns into it.
     */
    public T canvas() {
      return canvas;
    }
  }

  /**
   * The weights a network with a larger {@code fineMaps} can start from a narrower one's: the
   * convolution making the stride-2 write level (new maps come after the old ones in
   * depth-to-space order) and the one reading it (new inputs).
   */
  public static Predicate<String> widensWithFineMaps(RdConfig c) {
    int levels = levels(c);
    Pattern names = Pattern.compile(
        "write(" + (levels + 1) + "|" + (levels + 2) + ")(" + STEP + "\\d+)?\\.[wb]");
    return name -> c.fineMaps() > 0 && c.canvasMaps() == 0 && names.matcher(name).matches();
  }

  /** Read/write levels L between stride 4 and the latent stride. */
  static int levels(RdConfig c) {
    return Integer.numberOfTrailingZeros(c.latentStride()) - 2;
  }

  /** Every weight, in the order model files list them. */
  public static List<ParameterSpec> parameters(RdConfig c) {
    int ch = RdConfig.CHANNELS;
    int f = c.featureMaps();
    int h = c.lstmMaps();
    int z = c.latentMaps();
    int s = c.latentStride();
    int levels = levels(c);
    int canvas = c.canvasMaps();
    List<ParameterSpec> specs = new ArrayList<>();
    if (canvas > 0) {
      conv(specs, READ_INPUT, f, ch * 16, 16, false, relu(ch * 16));
      conv(specs, "read1", f, f + canvas, 16, false, relu(f + canvas));
    } else {
      conv(specs, "read1", f, 2 * ch * 16, 16, false, relu(2 * ch * 16));
    }
    for (int i = 2; i <= levels; i++) {
      int res = 1 << (i + 1);
      conv(specs, "read" + i, f, 4 * f, res * res, false, relu(4 * f));
    }
    conv(specs, "enc", 4 * h, 4 * f + 2 * h, s * s, false, lstm(4 * f + 2 * h));
    specs.add(new ParameterSpec("enc.h0", new long[] {h}, Init.constant(0), 0, false));
    conv(specs, "q", z, h, s * s, false, Init.uniform(1 / Math.sqrt(h * K * K)));
    long[] widths = c.widthPerStep() ? new long[] {c.steps(), z} : new long[] {z};
    specs.add(new ParameterSpec("q.logvar", widths, Init.constant(0), 0, true));
    if (c.posteriorReads()) {
      // starts at zero: a model initialised from one without it encodes as before
      conv(specs, Q_READ, z, 4 * f, s * s, false, Init.constant(0));
    }
    conv(specs, "p", 2 * z, h, s * s, true, Init.uniform(0.1 / Math.sqrt(h * K * K)));
    conv(specs, "dec", 4 * h, z + h, s * s, true, lstm(z + h));
    specs.add(new ParameterSpec("dec.h0", new long[] {h}, Init.constant(0), 0, true));
    if (c.coarseSteps() > 0) {
      int cs = 4 * s * s;
      conv(specs, COARSE + "q", z, 4 * h, cs, false, Init.uniform(1 / Math.sqrt(4 * h * K * K)));
      conv(specs, COARSE + "p", 2 * z, 4 * h, cs, true,
          Init.uniform(0.1 / Math.sqrt(4 * h * K * K)));
      conv(specs, COARSE + "z", 4 * z, z, cs, true, Init.uniform(Math.sqrt(3.0 / (z * K * K))));
    }
    if (c.fineLatentSteps() > 0) {
      conv(specs, FINE_LATENT + "q", 4 * z, 4 * f + h, s * s, false,
          Init.uniform(1 / Math.sqrt((4 * f + h) * K * K)));
      conv(specs, FINE_LATENT + "p", 8 * z, h, s * s, true,
          Init.uniform(0.1 / Math.sqrt(h * K * K)));
      conv(specs, FINE_LATENT + "z", z, 4 * z, s * s, true,
          Init.uniform(Math.sqrt(3.0 / (4 * z * K * K))));
      // starts at zero: a model initialised from one without these steps writes as before
      conv(specs, FINE_LATENT + "w", f, z, s * s / 4, true, Init.constant(0));
      if (c.priorReadsCanvas()) {
        // starts at zero too: a model initialised from one without it codes as before
        conv(specs, FINE_LATENT + P_CANVAS, 2 * z, ch * s * s / 4, s * s / 4, true,
            Init.constant(0));
      }
      if (c.posteriorReads()) {
        // starts at zero too: a model initialised from one without it encodes as before
        conv(specs, FINE_LATENT + Q_ERROR, z, ch * s * s / 4, s * s / 4, false,
            Init.constant(0));
      }
    }
    if (c.stepWrites()) {
      for (int t = 1; t <= c.steps(); t++) {
        writeParameters(specs, c, STEP + t);
      }
    } else {
      writeParameters(specs, c, "");
    }
    if (canvas > 0) {
      conv(specs, OUTPUT + "1", canvas, canvas, 16, true, relu(canvas));
      conv(specs, OUTPUT + "2", 4 * f, canvas, 16, true, relu(canvas));
      // the reconstruction starts mid-grey: bias ½ on the inputs of its 3 channels
      conv(specs, OUTPUT + "3", 4 * FINE_OUT, f, 4, true,
          Init.uniform(0.1 / Math.sqrt(f * K * K)), (i, r) -> i < 4 * ch ? 0.5 : 0);
      specs.add(new ParameterSpec("canvas0", new long[] {canvas}, Init.constant(0), 0, true));
    } else {
      specs.add(new ParameterSpec("canvas0", new long[] {ch}, Init.constant(0.5), 0, true));
    }
    int filter = c.filterMaps();
    if (filter > 0) {
      conv(specs, FILTER + "1", filter, ch * 16, 16, true, relu(ch * 16));
      conv(specs, FILTER + "2", filter, filter, 16, true, relu(filter));
      // starts at zero: the reconstruction is the canvas, as in a model without the filter
      conv(specs, FILTER + "3", ch * 16, filter, 16, true, Init.constant(0));
    }
    return specs;
  }

  /** The write network's weights, their names ending in {@code suffix}. */
  private static void writeParameters(List<ParameterSpec> specs, RdConfig c, String suffix) {
    int ch = RdConfig.CHANNELS;
    int f = c.featureMaps();
    int levels = levels(c);
    int s = c.latentStride();
    int h = c.lstmMaps();
    int writeIn = c.writeReadsLatents() ? h + c.latentMaps() : h;
    conv(specs, "write1" + suffix, 4 * f, writeIn, s * s, true, relu(writeIn));
    for (int j = 2; j <= levels; j++) {
      int res = s >> (j - 1);
      conv(specs, "write" + j + suffix, 4 * f, f, res * res, true, relu(f));
    }
    int fine = c.fineMaps();
    if (c.canvasMaps() > 0) {
      conv(specs, "write" + (levels + 1) + suffix, c.canvasMaps(), f, 16, true,
          Init.uniform(1 / Math.sqrt(f * K * K)));
    } else if (fine > 0) {
      conv(specs, "write" + (levels + 1) + suffix, 4 * fine, f, 16, true, relu(f));
      conv(specs, "write" + (levels + 2) + suffix, 4 * FINE_OUT, fine, 4, true,
          Init.uniform(0.1 / Math.sqrt(fine * K * K)));
    } else {
      conv(specs, "write" + (levels + 1) + suffix, 16 * ch, f, 16, true,
          Init.uniform(0.1 / Math.sqrt(f * K * K)));
    }
  }

  /** Multiply-adds per image pixel of all T steps: the encoder's pass (both) or the decoder's. */
  public static double multiplyAddsPerPixel(RdConfig c, boolean decoderOnly) {
    double sum = 0;
    for (ParameterSpec p : parameters(c)) {
      if (!decoderOnly || p.decoder()) {
        sum += p.multiplyAddsPerPixel() * runs(c, p.name());
      }
    }
    return sum;
  }

  /**
   * How many times one pass over the T steps runs the weight {@code name}: the input read and
   * the output network of a feature canvas, and the residual filter, run once (the codec's
   * decoder reconstructs once).
   */
  private static int runs(RdConfig c, String name) {
    if (name.contains(STEP) || name.startsWith(READ_INPUT) || name.startsWith(OUTPUT)
        || name.startsWith(FILTER)) {
      return 1;
    }
    if (name.startsWith(COARSE)) {
      return c.coarseSteps();
    }
    if (name.startsWith(FINE_LATENT)) {
      return c.fineLatentSteps();
    }
    boolean replaced = name.startsWith("q.") || name.startsWith("p.")
        || name.startsWith(Q_READ + ".");
    return replaced ? c.steps() - c.coarseSteps() - c.fineLatentSteps() : c.steps();
  }

  /** The initial state for an image padded to a multiple of the latent stride. */
  public static <T> State<T> start(Tensors<T> ops, RdConfig c, int paddedHeight,
      int paddedWidth) {
    int s = c.latentStride();
    State<T> state = new State<>(paddedHeight / s, paddedWidth / s);
    int canvasStride = c.canvasMaps() > 0 ? 4 : 1;
    state.canvas = ops.constant("canvas0", paddedHeight / canvasStride, paddedWidth / canvasStride);
    state.hEnc = ops.constant("enc.h0", state.latentHeight, state.latentWidth);
    state.hDec = ops.constant("dec.h0", state.latentHeight, state.latentWidth);
    return state;
  }

  /** Whether step t (0-based) codes its latents at twice the latent stride. */
  private static boolean coarse(RdConfig c, int t) {
    return t < c.coarseSteps();
  }

  /** Whether step t (0-based) codes its latents at half the latent stride. */
  private static boolean fineLatent(RdConfig c, int t) {
    return t >= c.steps() - c.fineLatentSteps();
  }

  /** Positions of the latent grid of step t (0-based) for an image whose state is {@code s}. */
  public static int latentPositions(RdConfig c, State<?> s, int t) {
    int positions = s.latentHeight * s.latentWidth;
    return coarse(c, t) ? positions / 4 : fineLatent(c, t) ? 4 * positions : positions;
  }

  /** Prior mean (channels [0, Z)) and log-variance ([Z, 2Z)) of this step's latents. */
  public static <T> T prior(Tensors<T> ops, RdConfig c, State<T> s) {
    T prior = onLatentGrid(ops, c, s.steps, "p", s.hDec, List.of());
    if (c.priorReadsCanvas() && fineLatent(c, s.steps)) {
      T canvas = onFineGrid(ops, c, s.canvas);
      prior = ops.add(prior, ops.conv(FINE_LATENT + P_CANVAS, List.of(canvas)));
    }
    return prior;
  }

  /**
   * The convolution {@code name} from {@code state} (at the latent stride) onto step t's latent
   * grid: {@code coarse.name} over s2d2(state) for a coarse step, d2s2 of {@code fineLatent.name}
   * over [fineInputs, state] for a fine one, else {@code name} over state.
   */
  private static <T> T onLatentGrid(Tensors<T> ops, RdConfig c, int t, String name, T state,
      List<T> fineInputs) {
    if (coarse(c, t)) {
      return ops.conv(COARSE + name, List.of(ops.spaceToDepth(state, 2)));
    }
    if (fineLatent(c, t)) {
      List<T> in = new ArrayList<>(fineInputs);
      in.add(state);
      return ops.depthToSpace(ops.conv(FINE_LATENT + name, in), 2);
    }
    return ops.conv(name, List.of(state));
  }

  /** An image-sized map (the canvas, its error) as channels on the fine steps' latent grid. */
  private static <T> T onFineGrid(Tensors<T> ops, RdConfig c, T image) {
    return ops.spaceToDepth(image, c.latentStride() / 2);
  }

  /** One encoder step on the padded input x in [0, 1]: advances h_e, returns μ_q. */
  public static <T> T posteriorMean(Tensors<T> ops, RdConfig c, State<T> s, T x) {
    T a;
    T error = null;
    if (c.canvasMaps() > 0) {
      if (s.inputFeatures == null) {
        s.inputFeatures = ops.relu(ops.conv(READ_INPUT, List.of(ops.spaceToDepth(x, 4))));
      }
      a = ops.relu(ops.conv("read1", List.of(s.inputFeatures, s.canvas)));
    } else {
      error = ops.sub(x, s.canvas);
      a = ops.relu(ops.conv("read1", List.of(ops.spaceToDepth(ops.concat(List.of(x, error)), 4))));
    }
    for (int i = 2; i <= levels(c); i++) {
      a = ops.relu(ops.conv("read" + i, List.of(ops.spaceToDepth(a, 2))));
    }
    T read = ops.spaceToDepth(a, 2);
    T gates = ops.conv("enc", List.of(read, s.hEnc, s.hDec));
    T[] hc = ops.lstm(gates, s.cEnc);
    s.hEnc = hc[0];
    s.cEnc = hc[1];
    T mean = onLatentGrid(ops, c, s.steps, "q", s.hEnc, List.of(read));
    if (c.posteriorReads() && fineLatent(c, s.steps)) {
      mean = ops.add(mean, ops.conv(FINE_LATENT + Q_ERROR, List.of(onFineGrid(ops, c, error))));
    } else if (c.posteriorReads() && !coarse(c, s.steps)) {
      mean = ops.add(mean, ops.conv(Q_READ, List.of(read)));
    }
    return mean;
  }

  /** One decoder step with latents z: advances h_d and adds the write to the canvas. */
  public static <T> void decode(Tensors<T> ops, RdConfig c, State<T> s, T latents) {
    // coarse and fine latents enter the recurrence at the latent stride
    boolean fine = fineLatent(c, s.steps);
    T z = coarse(c, s.steps) ? ops.depthToSpace(ops.conv(COARSE + "z", List.of(latents)), 2)
        : fine ? ops.conv(FINE_LATENT + "z", List.of(ops.spaceToDepth(latents, 2))) : latents;
    T[] hc = ops.lstm(ops.conv("dec", List.of(z, s.hDec)), s.cDec);
    s.hDec = hc[0];
    s.cDec = hc[1];
    s.steps++;
    String suffix = c.stepWrites() ? STEP + s.steps : "";
    int levels = levels(c);
    List<T> writeIn = c.writeReadsLatents() ? List.of(s.hDec, z) : List.of(s.hDec);
    T w = ops.depthToSpace(ops.conv("write1" + suffix, writeIn), 2);
    if (fine) {
      w = ops.add(w, ops.conv(FINE_LATENT + "w", List.of(latents)));
    }
    w = ops.relu(w);
    for (int j = 2; j <= levels; j++) {
      w = ops.relu(ops.depthToSpace(ops.conv("write" + j + suffix, List.of(w)), 2));
    }
    // a feature canvas (canvasMaps > 0) adds these C maps at stride 4 as they are
    T write = ops.conv("write" + (levels + 1) + suffix, List.of(w));
    if (c.fineMaps() > 0) {
      w = ops.relu(ops.depthToSpace(write, 2));
      write = ops.channels(ops.depthToSpace(ops.conv("write" + (levels + 2) + suffix, List.of(w)),
          2), 0, RdConfig.CHANNELS);
    } else if (c.canvasMaps() == 0) {
      write = ops.depthToSpace(write, 4);
    }
    s.canvas = ops.add(s.canvas, write);
  }

  /** The reconstruction (3 channels in [0, 1] at the padded size) from the steps decoded so far. */
  public static <T> T reconstruction(Tensors<T> ops, RdConfig c, State<T> s) {
    if (c.canvasMaps() > 0) {
      T a = ops.relu(ops.conv(OUTPUT + "1", List.of(s.canvas)));
      a = ops.relu(ops.depthToSpace(ops.conv(OUTPUT + "2", List.of(a)), 2));
      return ops.channels(ops.depthToSpace(ops.conv(OUTPUT + "3", List.of(a)), 2), 0,
          RdConfig.CHANNELS);
    }
    if (c.filterMaps() > 0) {
      T a = ops.relu(ops.conv(FILTER + "1", List.of(ops.spaceToDepth(s.canvas, 4))));
      a = ops.relu(ops.conv(FILTER + "2", List.of(a)));
      return ops.add(s.canvas, ops.depthToSpace(ops.conv(FILTER + "3", List.of(a)), 4));
    }
    return s.canvas;
  }

  private static void conv(List<ParameterSpec> specs, String name, int out, int in,
      int pixelsPerPosition, boolean decoder, Init init) {
    Init bias = name.equals("enc") || name.equals("dec")
        ? (i, r) -> i >= out / 4 && i < out / 2 ? 1 : 0 // forget gate starts open
        : Init.constant(0);
    conv(specs, name, out, in, pixelsPerPosition, decoder, init, bias);
  }

  private static void conv(List<ParameterSpec> specs, String name, int out, int in,
      int pixelsPerPosition, boolean decoder, Init init, Init bias) {
    specs.add(new ParameterSpec(name + ".w", new long[] {out, in, K, K}, init,
        pixelsPerPosition, decoder));
    specs.add(new ParameterSpec(name + ".b", new long[] {out}, bias, 0, decoder));
  }

  /** He-uniform for a convolution followed by a ReLU. */
  private static Init relu(int inMaps) {
    return Init.uniform(Math.sqrt(6.0 / (inMaps * K * K)));
  }

  private static Init lstm(int inMaps) {
    return Init.uniform(Math.sqrt(1.0 / (inMaps * K * K)));
  }
}
