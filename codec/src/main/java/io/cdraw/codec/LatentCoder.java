package io.cdraw.codec;

import io.cdraw.codec.CdrawException.Kind;
import io.cdraw.codec.engine.CodingEngine;
import io.cdraw.codec.engine.FeatureMaps;
import io.cdraw.codec.entropy.GaussianBinTable;
import io.cdraw.codec.entropy.PriorScaleTable;
import io.cdraw.codec.entropy.RangeDecoder;
import io.cdraw.codec.entropy.RangeEncoder;
import io.cdraw.codec.entropy.StandardNormal;
import io.cdraw.codec.format.CdrawFormat;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The one place where a step's latents become symbols and back, for both directions (the role of
 * CompressAI's GaussianConditional): the prior's mean and log-variance pick a table
 * ({@link PriorScaleTable}), a latent is the symbol k of the grid μ_p + kΔ with Δ the posterior's
 * fixed width, and the symbols of a step feed a CRC32C whose per-step values make the stream's
 * symbol check (docs/format.md). Since version 4 a step's symbols are coded from the largest
 * prior scale σ_p / Δ down ({@link #codingOrder}), so that a partial step holds the latents the
 * prior is least sure of: they carry most of the step's information. Since version 5 the partial
 * step may use a wider grid, Δ · 2^(w/4) for its width code w: with fewer bits than a whole step,
 * more latents on a coarser grid give a better picture than fewer on the model's.
 */
final class LatentCoder {
  private static final PriorScaleTable SCALES = PriorScaleTable.instance();
  private static final double LN2 = StrictMath.log(2);

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
   * @param symbols the grid index k of each latent, in the order of the latents (channel, row,
   *     column)
   * @param scales the table index of each latent ({@link PriorScaleTable#index})
   * @param order the coding order: the latent indices, first coded first
   * @param latents the dequantised latents μ_p + kΔ, which the decoder will reproduce
   * @param idealBits −log2 P(k) under the coded table, per latent
   * @param modelBits the model's own rate per latent (reporting only)
   */
  record Step(int[] symbols, int[] scales, int[] order, FeatureMaps latents, double[] idealBits,
      double[] modelBits) {
    int size() {
      return symbols.length;
    }

    /** The ideal bits of the first {@code n} symbols in coding order. */
    double idealBits(int n) {
      return sum(idealBits, order, n);
    }

    double modelBits(int n) {
      return sum(modelBits, order, n);
    }
  }

  /**
   * Quantises the posterior mean of step t (0-based) on the prior-centred grid of width
   * Δ · 2^(w/4), w = {@code widthCode} (0 for every whole step).
   */
  Step quantise(FeatureMaps prior, FeatureMaps posteriorMean, int t, int widthCode) {
    int z = engine.latentMaps();
    int plane = posteriorMean.height() * posteriorMean.width();
    int n = z * plane;
    int[] ks = new int[n];
    int[] scales = scales(prior, t, widthCode);
    double[] ideal = new double[n];
    double[] model = new double[n];
    FeatureMaps latents = new FeatureMaps(z, posteriorMean.height(), posteriorMean.width());
    float[] p = prior.data();
    float[] mq = posteriorMean.data();
    boolean discrete = engine.discreteRate();
    for (int c = 0; c < z; c++) {
      float step = quantStep(t, c, widthCode);
      double logStep = logQuantStep(t, c, widthCode);
      for (int i = c * plane; i < (c + 1) * plane; i++) {
        float mu = p[i];
        float lv = p[n + i];
        int k = Math.round((mq[i] - mu) / step);
        ks[i] = k;
        ideal[i] = SCALES.table(scales[i]).bits(k);
        model[i] = discrete ? binBits(k * (double) step, step, lv)
            : klBits(mq[i], 2 * logStep, mu, lv);
        latents.data()[i] = dequantise(mu, k, step);
      }
    }
    return new Step(ks, scales, codingOrder(scales, CdrawFormat.VERSION), latents, ideal, model);
  }

  /** Δ of channel c in step t on the grid of width code w: fl32(Δ_c · fl32(2^(w/4))). */
  private float quantStep(int t, int c, int widthCode) {
    return engine.quantStep(t, c) * CdrawFormat.partialWidthScale(widthCode);
  }

  /** ln Δ for the prior scale table: ℓ_c / 2 + w · ln(2) / 4, in double. */
  private double logQuantStep(int t, int c, int widthCode) {
    return engine.logQuantStep(t, c) + widthCode * LN2 / 4;
  }

  /** The table index of each latent of step t (0-based) under this prior: both ends' tables. */
  private int[] scales(FeatureMaps prior, int t, int widthCode) {
    int z = engine.latentMaps();
    int plane = prior.height() * prior.width();
    float[] p = prior.data();
    int[] scales = new int[z * plane];
    for (int i = 0; i < scales.length; i++) {
      scales[i] = PriorScaleTable.index(p[z * plane + i], logQuantStep(t, i / plane, widthCode));
    }
    return scales;
  }

  /**
   * The latents the decoder gets from the first {@code n} symbols of a step in coding order
   * (what the encoder judges a partial step by): those latents, and the prior mean elsewhere.
   */
  FeatureMaps partialLatents(FeatureMaps prior, Step step, int n, int t, int widthCode) {
    FeatureMaps latents = priorMeans(prior, t, widthCode);
    for (int i = 0; i < n; i++) {
      int j = step.order()[i];
      latents.data()[j] = step.latents().data()[j];
    }
    return latents;
  }

  /** Every latent of a step at its prior mean, as a latent left out decodes. */
  private FeatureMaps priorMeans(FeatureMaps prior, int t, int widthCode) {
    int z = engine.latentMaps();
    int plane = prior.height() * prior.width();
    FeatureMaps latents = new FeatureMaps(z, prior.height(), prior.width());
    float[] p = prior.data();
    for (int i = 0; i < z * plane; i++) {
      // μ + 0·Δ rather than μ: the float format 3 gave a latent left out (−0.0 becomes +0.0)
      latents.data()[i] = dequantise(p[i], 0, quantStep(t, i / plane, widthCode));
    }
    return latents;
  }

  /** Codes the first {@code n} symbols of a step in coding order; returns their CRC32C. */
  static int encode(RangeEncoder coder, Step step, int n) {
    CRC32C crc = new CRC32C();
    for (int i = 0; i < n; i++) {
      int j = step.order()[i];
      SCALES.table(step.scales()[j]).encode(coder, step.symbols()[j]);
      update(crc, step.symbols()[j]);
    }
    return (int) crc.getValue();
  }

  /**
   * The order in which a stream of {@code version} codes the latents of a step with these table
   * indices ({@link PriorScaleTable#index}): before version 4 the latents' own order; since, the
   * largest index first and the latents' order among equal ones (a stable counting sort, exact on
   * every machine because the indices are).
   */
  static int[] codingOrder(int[] scales, int version) {
    int[] order = new int[scales.length];
    if (version < CdrawFormat.FIRST_VERSION_CODING_BY_SCALE) {
      Arrays.setAll(order, i -> i);
      return order;
    }
    // Bucket b holds index SIZE − 1 − b; next[b] is where its next latent goes
    int[] next = new int[PriorScaleTable.SIZE];
    for (int s : scales) {
      next[PriorScaleTable.SIZE - 1 - s]++;
    }
    for (int b = 0, at = 0; b < next.length; b++) {
      int count = next[b];
      next[b] = at;
      at += count;
    }
    for (int i = 0; i < scales.length; i++) {
      order[next[PriorScaleTable.SIZE - 1 - scales[i]]++] = i;
    }
    return order;
  }

  /** A decoded step: its latents, the CRC32C of its symbols and their bits (0 if not asked). */
  record Decoded(FeatureMaps latents, int crc, double idealBits) {}

  /**
   * Decodes the first {@code n} symbols of a step in the coding order of the stream's version;
   * the latents a partial step leaves out are the prior mean.
   *
   * @param t the 0-based step
   * @param widthCode the step's grid width code (0 but for a partial step of version 5)
   * @param countBits sum −log2 P(k) of the symbols (a logarithm per symbol: reporting only)
   */
  Decoded decode(RangeDecoder decoder, FeatureMaps prior, int n, int t, int version,
      int widthCode, boolean countBits) {
    int plane = prior.height() * prior.width();
    float[] p = prior.data();
    int[] scales = scales(prior, t, widthCode);
    FeatureMaps latents = priorMeans(prior, t, widthCode);
    int[] order = codingOrder(scales, version);
    CRC32C crc = new CRC32C();
    double bits = 0;
    for (int i = 0; i < n; i++) {
      int j = order[i];
      GaussianBinTable table = SCALES.table(scales[j]);
      int k;
      try {
        k = table.decode(decoder);
      } catch (IllegalStateException e) {
        throw new CdrawException(Kind.CORRUPT_STREAM, "corrupt payload in step " + (t + 1));
      }
      if (countBits) {
        bits += table.bits(k);
      }
      update(crc, k);
      latents.data()[j] = dequantise(p[j], k, quantStep(t, j / plane, widthCode));
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

  private static float dequantise(float mu, int k, float step) {
    return mu + k * step;
  }

  private static void update(CRC32C crc, int k) {
    crc.update(k >>> 24);
    crc.update(k >>> 16);
    crc.update(k >>> 8);
    crc.update(k);
  }

  private static double sum(double[] values, int[] order, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += values[order[i]];
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
