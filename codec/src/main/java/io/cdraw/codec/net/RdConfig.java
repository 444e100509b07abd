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
 */
public record RdConfig(int steps, int lstmMaps, int latentMaps, int featureMaps,
    int latentStride, double lambdaFirst, double lambdaLast, boolean widthPerStep,
    boolean straightThrough, boolean writeReadsLatents) {
  public static final String ARCHITECTURE = "rd-draw";
  public static final int CHANNELS = 3;

  public RdConfig {
    check(steps >= 1 && steps <= 64, "steps must be in 1..64");
    check(lstmMaps >= 1 && latentMaps >= 1 && featureMaps >= 1, "maps must be positive");
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
    return p;
  }

  public static RdConfig fromProperties(Properties p) {
    try {
      return new RdConfig(integer(p, "steps"), integer(p, "lstmMaps"), integer(p, "latentMaps"),
          integer(p, "featureMaps"), integer(p, "latentStride"), real(p, "lambdaFirst"),
          real(p, "lambdaLast"), flag(p, "widthPerStep"), flag(p, "straightThrough"),
          flag(p, "writeReadsLatents"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad model configuration: " + e.getMessage(), e);
    }
  }

  public String describe() {
    return String.format(Locale.ROOT,
        "rd-draw T=%d lstm=%d latent=%d features=%d stride=%d lambda=%s..%s%s%s%s", steps,
        lstmMaps, latentMaps, featureMaps, latentStride, lambdaFirst, lambdaLast,
        widthPerStep ? " width-per-step" : "", straightThrough ? " straight-through" : "",
        writeReadsLatents ? " write-reads-latents" : "");
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
