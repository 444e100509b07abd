package io.cdraw.codec;

import io.cdraw.codec.CdrawException.Kind;
import io.cdraw.codec.engine.CodingEngine;
import io.cdraw.codec.engine.FeatureMaps;
import io.cdraw.codec.entropy.GaussianBinTable;
import io.cdraw.codec.entropy.PriorScaleTable;
import io.cdraw.codec.entropy.RangeDecoder;
import io.cdraw.codec.entropy.RangeEncoder;
import io.cdraw.codec.entropy.StandardNormal;
import java.util.zip.CRC32C;

/**
 * The one place where a step's latents become symbols and back, for both directions (the role of
 * CompressAI's GaussianConditional): the prior's mean and log-variance pick a table
 * ({@link PriorScaleTable}), a latent is the symbol k of the grid μ_p + kΔ with Δ the posterior's
 * fixed width, and the symbols of a step feed a CRC32C whose per-step values make the stream's
 * symbol check (docs/format.md).
 */
final class LatentCoder {
  private static final PriorScaleTable SCALES = PriorScaleTable.instance();

  private final CodingEngine engine;

  LatentCoder(CodingEngine engine) {
    if (engine.layers() != 1) {
      throw new CdrawException(Kind.BAD_INPUT, "a two-layer model codes only losslessly"
          + " (encode --lossless): .cdraw streams hold one layer of latents");
    }
    this.engine = engine;
  }

  /**
   * One step quantised by the encoder.
   *
   * @param symbols the grid index k of each latent, in coding order
   * @param latents the dequantised latents μ_p + kΔ, which the decoder will reproduce
   * @param idealBits −log2 P(k) under the coded table, per symbol
   * @param modelBits the model's own rate per symbol (reporting only)
   */
  record Step(int[] symbols, GaussianBinTable[] tables, FeatureMaps latents, double[] idealBits,
      double[] modelBits) {
    int size() {
      return symbols.length;
    }

    double idealBits(int n) {
      return sum(idealBits, n);
    }

    double modelBits(int n) {
      return sum(modelBits, n);
    }
  }

  /** Quantises the posterior mean of step t (0-based) on the prior-centred grid. */
  Step quantise(FeatureMaps prior, FeatureMaps posteriorMean, int t) {
    int z = engine.latentMaps();
    int plane = posteriorMean.height() * posteriorMean.width();
    int n = z * plane;
    int[] ks = new int[n];
    GaussianBinTable[] tables = new GaussianBinTable[n];
    double[] ideal = new double[n];
    double[] model = new double[n];
    FeatureMaps latents = new FeatureMaps(z, posteriorMean.height(), posteriorMean.width());
    float[] p = prior.data();
    float[] mq = posteriorMean.data();
    boolean discrete = engine.discreteRate();
    for (int c = 0; c < z; c++) {
      float step = engine.quantStep(t, c);
      double logStep = engine.logQuantStep(t, c);
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        float mu = p[i];
        float lv = p[n + i];
        int k = Math.round((mq[i] - mu) / step);
        ks[i] = k;
        tables[i] = table(lv, logStep);
        ideal[i] = tables[i].bits(k);
        model[i] = discrete ? binBits(k * (double) step, step, lv)
            : klBits(mq[i], 2 * logStep, mu, lv);
        latents.data()[i] = dequantise(mu, k, step);
      }
    }
    return new Step(ks, tables, latents, ideal, model);
  }

  /** Codes the first {@code n} symbols of a step; returns their CRC32C. */
  static int encode(RangeEncoder coder, Step step, int n) {
    CRC32C crc = new CRC32C();
    for (int i = 0; i < n; i++) {
      step.tables()[i].encode(coder, step.symbols()[i]);
      update(crc, step.symbols()[i]);
    }
    return (int) crc.getValue();
  }

  /** A decoded step: its latents, the CRC32C of its symbols and their bits (0 if not asked). */
  record Decoded(FeatureMaps latents, int crc, double idealBits) {}

  /**
   * Decodes the first {@code n} symbols of a step; the latents a partial step leaves out are the
   * prior mean.
   *
   * @param t the 0-based step
   * @param countBits sum −log2 P(k) of the symbols (a logarithm per symbol: reporting only)
   */
  Decoded decode(RangeDecoder decoder, FeatureMaps prior, int n, int t, boolean countBits) {
    int z = engine.latentMaps();
    int plane = prior.height() * prior.width();
    FeatureMaps latents = new FeatureMaps(z, prior.height(), prior.width());
    float[] p = prior.data();
    CRC32C crc = new CRC32C();
    double bits = 0;
    for (int i = 0; i < z * plane; i++) {
      int c = i / plane;
      int k = 0;
      if (i < n) {
        GaussianBinTable table = table(p[z * plane + i], engine.logQuantStep(t, c));
        try {
          k = table.decode(decoder);
        } catch (IllegalStateException e) {
          throw new CdrawException(Kind.CORRUPT_STREAM, "corrupt payload in step " + (t + 1));
        }
        if (countBits) {
          bits += table.bits(k);
        }
        update(crc, k);
      }
      latents.data()[i] = dequantise(p[i], k, engine.quantStep(t, c));
    }
    return new Decoded(latents, (int) crc.getValue(), bits);
  }

  /** CRC32C over the first {@code n} per-step CRC32Cs, big-endian: the header's symbol check. */
  static int check(int[] stepCrcs, int n) {
    CRC32C crc = new CRC32C();
    for (int i = 0; i < n; i++) {
      int v = stepCrcs[i];
      crc.update(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }
    return (int) crc.getValue();
  }

  private static GaussianBinTable table(float priorLogVar, double logStep) {
    return SCALES.table(PriorScaleTable.index(priorLogVar, logStep));
  }

  private static float dequantise(float mu, int k, float step) {
    return mu + k * step;
  }

  private static void update(CRC32C crc, int k) {
    crc.update(k >>> 24);
    crc.update(k >>> 16);
    crc.update(k >>> 8);
    crc.update(k);
  }

  private static double sum(double[] values, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += values[i];
    }
    return s;
  }

  /**
   * −log2 of the N(0, e^lvp) mass over [d − Δ/2, d + Δ/2], in its lower tail, floored at one count
   * of the coder's tables as in training; reporting only.
   */
  private static double binBits(double d, double step, float lvp) {
    double sigma = Math.exp(0.5 * lvp);
    double a = -Math.abs(d);
    double mass = StandardNormal.cdf((a + step / 2) / sigma)
        - StandardNormal.cdf((a - step / 2) / sigma);
    return -Math.log(Math.max(mass, 1.0 / (1 << GaussianBinTable.PRECISION_BITS))) / Math.log(2);
  }

  /** KL(N(mq, e^lvq) || N(mp, e^lvp)) in bits; reporting only, so Math is fine here. */
  private static double klBits(float mq, double lvq, float mp, float lvp) {
    double d = mq - mp;
    return 0.5 * (lvp - lvq + Math.exp(lvq - lvp) + d * d * Math.exp(-lvp) - 1) / Math.log(2);
  }
}
