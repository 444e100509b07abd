package io.cdraw.codec.engine;

/**
 * Standard normal numbers that are the same on every machine for a given seed: SplitMix64 for
 * uniforms (fully specified integer arithmetic) and the Box-Muller transform with
 * {@link StrictMath}, whose results Java defines exactly.
 */
public final class GaussianNoise {
  private long state;
  private double spare = Double.NaN;

  public GaussianNoise(long seed, int stream) {
    state = seed * 0x9E3779B97F4A7C15L + stream;
  }

  public float next() {
    if (!Double.isNaN(spare)) {
      double v = spare;
      spare = Double.NaN;
      return (float) v;
    }
    double u1 = (nextLong() >>> 11) * 0x1.0p-53;
    double u2 = (nextLong() >>> 11) * 0x1.0p-53;
    double radius = StrictMath.sqrt(-2 * StrictMath.log(1 - u1)); // 1 - u1 is in (0, 1]
    double angle = 2 * StrictMath.PI * u2;
    spare = radius * StrictMath.sin(angle);
    return (float) (radius * StrictMath.cos(angle));
  }

  private long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
