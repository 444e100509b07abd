package io.cdraw.codec.net;

import java.util.List;
import java.util.Random;

/**
 * One named weight of a network definition: its shape, how training initialises it, and for a
 * convolution how many image pixels one output position covers, which gives its multiply-adds.
 *
 * @param name the name in model files
 * @param shape dimensions, outermost first
 * @param init initial values (drawn in index order from the trainer's seeded random)
 * @param pixelsPerPosition image pixels per output position of a convolution weight (stride²);
 *     0 for weights that are not convolutions
 * @param decoder true when the decoder runs it (otherwise only the encoder does)
 */
public record ParameterSpec(String name, long[] shape, Init init, int pixelsPerPosition,
    boolean decoder) {

  /** Initial value of element {@code index}. */
  @FunctionalInterface
  public interface Init {
    double value(int index, Random random);

    static Init uniform(double scale) {
      return (i, r) -> (2 * r.nextDouble() - 1) * scale;
    }

    static Init constant(double c) {
      return (i, r) -> c;
    }
  }

  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Multiply-adds per image pixel of one application of every spec (or the decoder's only). */
  public static double multiplyAddsPerPixel(List<ParameterSpec> specs, boolean decoderOnly) {
    double sum = 0;
    for (ParameterSpec p : specs) {
      if (!decoderOnly || p.decoder()) {
        sum += p.multiplyAddsPerPixel();
      }
    }
    return sum;
  }

  /** Multiply-adds per image pixel of one application (0 for a non-convolution). */
  public double multiplyAddsPerPixel() {
    return pixelsPerPosition == 0 ? 0 : (double) size() / pixelsPerPosition;
  }
}
