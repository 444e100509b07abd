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
 */
public record RdConfig(int steps, int lstmMaps, int latentMaps, int featureMaps,
    int latentStride, double lambdaFirst, double lambdaLast) {
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
    return p;
  }

  public static RdConfig fromProperties(Properties p) {
    try {
      return new RdConfig(integer(p, "steps"), integer(p, "lstmMaps"), integer(p, "latentMaps"),
          integer(p, "featureMaps"), integer(p, "latentStride"), real(p, "lambdaFirst"),
          real(p, "lambdaLast"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad model configuration: " + e.getMessage(), e);
    }
  }

  public String describe() {
    return String.format(Locale.ROOT,
        "rd-draw T=%d lstm=%d latent=%d features=%d stride=%d lambda=%s..%s", steps, lstmMaps,
        latentMaps, featureMaps, latentStride, lambdaFirst, lambdaLast);
  }

  private static String text(Properties p, String key) {
    String v = p.getProperty(key);
    if (v == null) {
      throw new IllegalArgumentException("missing '" + key + "'");
    }
    return v.trim();
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
