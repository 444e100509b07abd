package io.cdraw.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LikelihoodsTest {
  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void gaussianKlMatchesMonteCarloEstimate() {
    double muQ = 0.7;
    double lvQ = Math.log(0.3 * 0.3);
    double muP = -0.2;
    double lvP = Math.log(1.4 * 1.4);
    NDArray kl = Likelihoods.gaussianKl(
        manager.create(new float[] {(float) muQ}, new Shape(1, 1)),
        manager.create(new float[] {(float) lvQ}, new Shape(1, 1)),
        manager.create(new float[] {(float) muP}, new Shape(1, 1)),
        manager.create(new float[] {(float) lvP}, new Shape(1, 1)));
    // E_q[log q(z) - log p(z)] by sampling z ~ q.
    Random random = new Random(7);
    int samples = 2_000_000;
    double sum = 0;
    double sq = Math.exp(0.5 * lvQ);
    double sp = Math.exp(0.5 * lvP);
    for (int i = 0; i < samples; i++) {
      double z = muQ + sq * random.nextGaussian();
      sum += logNormal(z, muQ, sq) - logNormal(z, muP, sp);
    }
    double estimate = sum / samples;
    assertEquals(estimate, kl.getFloat(0), 0.005, "KL vs Monte Carlo " + estimate);
  }

  @Test
  void gaussianKlIsZeroForEqualDistributionsAndSumsOverDimensions() {
    NDArray mu = manager.create(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, new Shape(2, 2));
    NDArray lv = manager.create(new float[] {-1f, 0f, 1f, 2f}, new Shape(2, 2));
    assertArrayEquals(new float[] {0f, 0f}, Likelihoods.gaussianKl(mu, lv, mu, lv).toFloatArray(),
        1e-7f);
    // Two independent dimensions: the KL is the sum of the 1-D KLs.
    NDArray zero = manager.zeros(new Shape(1, 2));
    NDArray muQ = manager.create(new float[] {1f, 2f}, new Shape(1, 2));
    float kl = Likelihoods.gaussianKl(muQ, zero, zero, zero).getFloat(0);
    assertEquals(0.5 * (1 + 4), kl, 1e-6);
  }

  @Test
  void dequantisedGaussianMatchesHandComputation() {
    double x = 0.40234375;
    double mean = 0.45;
    double sigma = 0.1;
    NDArray nll = Likelihoods.dequantisedGaussianNll(
        manager.create(new float[] {(float) x}, new Shape(1, 1, 1, 1)),
        manager.create(new float[] {(float) mean}, new Shape(1, 1, 1, 1)),
        manager.create(new float[] {(float) Math.log(sigma * sigma)}, new Shape(1, 1, 1, 1)));
    // log(q/p) with q = U(x - s/2, x + s/2), density 1/s, and p the Gaussian density at x.
    double density = Math.exp(-0.5 * Math.pow((x - mean) / sigma, 2)) / (sigma * Math.sqrt(2 * Math.PI));
    double expected = Math.log(256) - Math.log(density);
    assertEquals(expected, nll.getFloat(0), 1e-4);
  }

  @Test
  void bernoulliMatchesHandComputation() {
    float[] logits = {2f, -1f, 0.5f};
    float[] x = {1f, 0f, 0f};
    NDArray nll = Likelihoods.bernoulliNll(manager.create(x, new Shape(1, 3)),
        manager.create(logits, new Shape(1, 3)));
    double expected = 0;
    for (int i = 0; i < 3; i++) {
      double p = 1 / (1 + Math.exp(-logits[i]));
      expected -= x[i] == 1 ? Math.log(p) : Math.log(1 - p);
    }
    assertEquals(expected, nll.getFloat(0), 1e-5);
  }

  @Test
  void discreteRateIsMinusLogOfTheBinMassFlooredLikeTheCoder() {
    double step = 0.5;
    double sigma = 0.8;
    double[] offsets = {0.0, 0.3, -1.7, 2.9, 6.0};
    float[] z = new float[offsets.length];
    for (int i = 0; i < z.length; i++) {
      z[i] = (float) offsets[i];
    }
    for (int i = 0; i < z.length; i++) {
      NDArray rate = Likelihoods.discreteRate(
          manager.create(new float[] {z[i]}, new Shape(1, 1)),
          manager.zeros(new Shape(1, 1)),
          manager.create(new float[] {(float) Math.log(sigma * sigma)}, new Shape(1, 1)),
          manager.create(new float[] {(float) step}, new Shape(1, 1)));
      double mass = io.cdraw.codec.entropy.GaussianBinTableTestAccess.cdf((z[i] + step / 2) / sigma)
          - io.cdraw.codec.entropy.GaussianBinTableTestAccess.cdf((z[i] - step / 2) / sigma);
      double expected = -Math.log(Math.max(mass, Likelihoods.MIN_BIN_MASS));
      assertEquals(expected, rate.getFloat(0), 2e-3 * Math.max(1, expected),
          "offset " + offsets[i]);
    }
  }

  private static double logNormal(double z, double mu, double sigma) {
    double d = (z - mu) / sigma;
    return -0.5 * d * d - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
  }
}
