package io.cdraw.codec.net;

import java.util.Locale;
import java.util.Properties;

/**
 * Hyperparameters of the rate–distortion conv DRAW network ({@link RdDrawNetwork}), saved in its
 * model files under {@code architecture=rd-draw}.
 *
 * @param steps T, DRAW iterations; each codes one group of latents
 * @param lstmMaps H, maps of the encoder and decoder ConvLSTMs (at the latent stride)
 * @param latentMaps Z, latent maps per step
 * @param featureMaps F, maps of the read and write networks
 * @param latentStride image pixels per latent position along a side: 8, 16 or 32
 * @param lambdaFirst λ_1 of the anytime objective (distortion weight of the 1-step prefix)
 * @param lambdaLast λ_T (of the full prefix); λ_t is geometric in between
 * @param widthPerStep a posterior width Δ per step and latent channel (q.logvar of shape T x Z)
 *     instead of one per channel shared by all steps (files without the key: shared)
 * @param straightThrough trained with the codec's grid latents in the decoder (gradient passed
 *     straight through the rounding) and uniform noise only in the rate; training only
 * @param writeReadsLatents the write network reads the step's latents beside the decoder state
 *     ([h_d, z] instead of h_d), a direct path from a step's code to its canvas update
 * @param fineMaps maps of an extra write level at stride 2, so that the write is nonlinear down
 *     to 2x2 pixel blocks (0: none, the write ends at stride 4; files without the key: 0)
 * @param stepWrites every step has its own write network (same shape, weights named
 *     {@code write…_t<t>}) instead of one shared by all steps: the same multiply-adds, T times the
 *     write weights (files without the key: shared)
 * @param coarseSteps the first steps code their latents at twice the latent stride (a quarter
 *     of the positions), so that the first groups are cheap (files without the key: 0)
 * @param canvasMaps the canvas holds this many feature maps at stride 4 instead of the image,
 *     and one output network (weights {@code out…}) turns it into the reconstruction: the steps
 *     add features, and the nonlinear synthesis runs once per reconstruction instead of once per
 *     step (0: the canvas is the image; files without the key: 0)
 * @param fineLatentSteps the last steps code their latents at half the latent stride (four
 *     times the positions), and the write network adds them at that stride: a direct path from
 *     the late steps' code to fine detail (files without the key: 0)
 * @param posteriorReads the posterior mean of the steps on the latent grid also reads the read
 *     network's features (μ_q = q(h_e) + qRead(read)): a path from the canvas's error to the code
 *     that does not pass through the encoder LSTM's H squashed maps; that of the fine steps
 *     reads the canvas's error itself, linearly, at the fine grid (files without the key: false)
 * @param priorReadsCanvas the prior of the fine steps also reads the canvas at the fine grid
 *     (fineLatent.pCanvas), so that where the reconstruction has edges and texture can set the
 *     scale of the detail latents; the decoder state alone has H maps per S x S block (files
 *     without the key: false)
 * @param filterMaps maps of a residual filter the reconstruction passes through once, after the
 *     steps: x̂ = r + d2s4(filter3(relu(filter2(relu(filter1(s2d4(r))))))), a nonlinear view of
 *     the whole canvas that the additive per-step writes lack (0: none; files without the key: 0)
 *
 * <p>Build one with {@link #builder}: only the shape and λ are required, the switches default to
 * off, so a new switch touches this class and the option that sets it.
 */
public record RdConfig(int steps, int lstmMaps, int latentMaps, int featureMaps,
    int latentStride, double lambdaFirst, double lambdaLast, boolean widthPerStep,
    boolean straightThrough, boolean writeReadsLatents, int fineMaps, boolean stepWrites,
    int coarseSteps, int canvasMaps, int fineLatentSteps, boolean posteriorReads,
    boolean priorReadsCanvas, int filterMaps) {
  public static final String ARCHITECTURE = "rd-draw";
  public static final int CHANNELS = 3;

  public RdConfig {
    check(steps >= 1 && steps <= 64, "steps must be in 1..64");
    check(lstmMaps >= 1 && latentMaps >= 1 && featureMaps >= 1, "maps must be positive");
    check(fineMaps >= 0, "fineMaps must not be negative");
    check(coarseSteps >= 0 && coarseSteps <= steps, "coarseSteps must be in 0..steps");
    check(canvasMaps >= 0, "canvasMaps must not be negative");
    check(fineLatentSteps >= 0 && coarseSteps + fineLatentSteps <= steps,
        "fineLatentSteps must be in 0..steps - coarseSteps");
    check(!(posteriorReads && fineLatentSteps > 0 && canvasMaps > 0),
        "the fine steps' posterior reads the image canvas's error: canvasMaps must be 0");
    check(!priorReadsCanvas || (fineLatentSteps > 0 && canvasMaps == 0),
        "the fine steps' prior reads the image canvas: needs fineLatentSteps and canvasMaps 0");
    check(filterMaps >= 0 && (filterMaps == 0 || canvasMaps == 0),
        "the residual filter reads the image canvas: filterMaps needs canvasMaps 0");
    check(canvasMaps == 0 || fineMaps == 0,
        "a feature canvas has its own stride-2 output level: fineMaps must be 0");
    check(latentStride == 8 || latentStride == 16 || latentStride == 32,
        "latentStride must be 8, 16 or 32");
    check(lambdaFirst > 0 && lambdaLast >= lambdaFirst, "need 0 < lambdaFirst <= lambdaLast");
  }

  /** λ_t for t = 1 … T, geometric from λ_1 to λ_T. */
  public double lambda(int t) {
    if (steps == 1) {
      return lambdaLast;
    }
    return lambdaFirst * Math.pow(lambdaLast / lambdaFirst, (t - 1) / (double) (steps - 1));
  }

  /** Image sides are padded to a multiple of this: the stride of the coarsest latents. */
  public int paddingStride() {
    return coarseSteps > 0 ? 2 * latentStride : latentStride;
  }

  /** Whether a model file's metadata describes this architecture. */
  public static boolean describes(Properties p) {
    return ARCHITECTURE.equals(p.getProperty("architecture", "").trim());
  }

  public Properties toProperties() {
    Properties p = new Properties();
    p.setProperty("architecture", ARCHITECTURE);
    p.setProperty("channels", Integer.toString(CHANNELS));
    p.setProperty("steps", Integer.toString(steps));
    p.setProperty("lstmMaps", Integer.toString(lstmMaps));
    p.setProperty("latentMaps", Integer.toString(latentMaps));
    p.setProperty("featureMaps", Integer.toString(featureMaps));
    p.setProperty("latentStride", Integer.toString(latentStride));
    p.setProperty("lambdaFirst", Double.toString(lambdaFirst));
    p.setProperty("lambdaLast", Double.toString(lambdaLast));
    if (widthPerStep) {
      p.setProperty("widthPerStep", "true");
    }
    if (straightThrough) {
      p.setProperty("straightThrough", "true");
    }
    if (writeReadsLatents) {
      p.setProperty("writeReadsLatents", "true");
    }
    if (fineMaps > 0) {
      p.setProperty("fineMaps", Integer.toString(fineMaps));
    }
    if (stepWrites) {
      p.setProperty("stepWrites", "true");
    }
    if (coarseSteps > 0) {
      p.setProperty("coarseSteps", Integer.toString(coarseSteps));
    }
    if (canvasMaps > 0) {
      p.setProperty("canvasMaps", Integer.toString(canvasMaps));
    }
    if (fineLatentSteps > 0) {
      p.setProperty("fineLatentSteps", Integer.toString(fineLatentSteps));
    }
    if (posteriorReads) {
      p.setProperty("posteriorReads", "true");
    }
    if (priorReadsCanvas) {
      p.setProperty("priorReadsCanvas", "true");
    }
    if (filterMaps > 0) {
      p.setProperty("filterMaps", Integer.toString(filterMaps));
    }
    return p;
  }

  public static RdConfig fromProperties(Properties p) {
    try {
      return builder(integer(p, "steps"), integer(p, "lstmMaps"), integer(p, "latentMaps"),
          integer(p, "featureMaps"), integer(p, "latentStride"), real(p, "lambdaFirst"),
          real(p, "lambdaLast"))
          .widthPerStep(flag(p, "widthPerStep"))
          .straightThrough(flag(p, "straightThrough"))
          .writeReadsLatents(flag(p, "writeReadsLatents"))
          .fineMaps(count(p, "fineMaps"))
          .stepWrites(flag(p, "stepWrites"))
          .coarseSteps(count(p, "coarseSteps"))
          .canvasMaps(count(p, "canvasMaps"))
          .fineLatentSteps(count(p, "fineLatentSteps"))
          .posteriorReads(flag(p, "posteriorReads"))
          .priorReadsCanvas(flag(p, "priorReadsCanvas"))
          .filterMaps(count(p, "filterMaps"))
          .build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad model configuration: " + e.getMessage(), e);
    }
  }

  /** A configuration of this shape and these λ, every switch off until set. */
  public static Builder builder(int steps, int lstmMaps, int latentMaps, int featureMaps,
      int latentStride, double lambdaFirst, double lambdaLast) {
    return new Builder(steps, lstmMaps, latentMaps, featureMaps, latentStride, lambdaFirst,
        lambdaLast);
  }

  /** The optional switches of {@link RdConfig}, named; {@link #build} checks them together. */
  public static final class Builder {
    private final int steps;
    private final int lstmMaps;
    private final int latentMaps;
    private final int featureMaps;
    private final int latentStride;
    private final double lambdaFirst;
    private final double lambdaLast;
    private boolean widthPerStep;
    private boolean straightThrough;
    private boolean writeReadsLatents;
    private int fineMaps;
    private boolean stepWrites;
    private int coarseSteps;
    private int canvasMaps;
    private int fineLatentSteps;
    private boolean posteriorReads;
    private boolean priorReadsCanvas;
    private int filterMaps;

    private Builder(int steps, int lstmMaps, int latentMaps, int featureMaps, int latentStride,
        double lambdaFirst, double lambdaLast) {
      this.steps = steps;
      this.lstmMaps = lstmMaps;
      this.latentMaps = latentMaps;
      this.featureMaps = featureMaps;
      this.latentStride = latentStride;
      this.lambdaFirst = lambdaFirst;
      this.lambdaLast = lambdaLast;
    }

    public Builder widthPerStep(boolean on) {
      widthPerStep = on;
      return this;
    }

    public Builder straightThrough(boolean on) {
      straightThrough = on;
      return this;
    }

    public Builder writeReadsLatents(boolean on) {
      writeReadsLatents = on;
      return this;
    }

    public Builder fineMaps(int maps) {
      fineMaps = maps;
      return this;
    }

    public Builder stepWrites(boolean on) {
      stepWrites = on;
      return this;
    }

    public Builder coarseSteps(int count) {
      coarseSteps = count;
      return this;
    }

    public Builder canvasMaps(int maps) {
      canvasMaps = maps;
      return this;
    }

    public Builder fineLatentSteps(int count) {
      fineLatentSteps = count;
      return this;
    }

    public Builder posteriorReads(boolean on) {
      posteriorReads = on;
      return this;
    }

    public Builder priorReadsCanvas(boolean on) {
      priorReadsCanvas = on;
      return this;
    }

    public Builder filterMaps(int maps) {
      filterMaps = maps;
      return this;
    }

    /** @throws IllegalArgumentException if the switches do not go together */
    public RdConfig build() {
      return new RdConfig(steps, lstmMaps, latentMaps, featureMaps, latentStride, lambdaFirst,
          lambdaLast, widthPerStep, straightThrough, writeReadsLatents, fineMaps, stepWrites,
          coarseSteps, canvasMaps, fineLatentSteps, posteriorReads, priorReadsCanvas,
          filterMaps);
    }
  }

  public String describe() {
    return String.format(Locale.ROOT,
        "rd-draw T=%d lstm=%d latent=%d features=%d stride=%d lambda=%s..%s%s%s%s%s%s%s%s%s%s%s%s",
        steps,
        lstmMaps, latentMaps, featureMaps, latentStride, lambdaFirst, lambdaLast,
        widthPerStep ? " width-per-step" : "", straightThrough ? " straight-through" : "",
        writeReadsLatents ? " write-reads-latents" : "",
        fineMaps > 0 ? " fine=" + fineMaps : "", stepWrites ? " step-writes" : "",
        coarseSteps > 0 ? " coarse-steps=" + coarseSteps : "",
        canvasMaps > 0 ? " canvas=" + canvasMaps : "",
        fineLatentSteps > 0 ? " fine-latent-steps=" + fineLatentSteps : "",
        posteriorReads ? " posterior-reads" : "", priorReadsCanvas ? " prior-reads-canvas" : "",
        filterMaps > 0 ? " filter=" + filterMaps : "");
  }

  private static String text(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("missing '" + key + "'");
    }
    return v.trim();
  }

  private static boolean flag(Properties p, String key) {
    return Boolean.parseBoolean(p.getProperty(key, "false").trim());
  }

  /** An optional count, 0 when absent. */
  private static int count(Properties p, String key) {
    return Integer.parseInt(p.getProperty(key, "0").trim());
  }

  private static int integer(Properties p, String key) {
    return Integer.parseInt(text(p, key));
  }

  private static double real(Properties p, String key) {
    return Double.parseDouble(text(p, key));
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}
