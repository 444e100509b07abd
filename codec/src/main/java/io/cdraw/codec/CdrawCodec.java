package io.cdraw.codec;

import io.cdraw.codec.CdrawException.Kind;
import io.cdraw.codec.engine.CodingEngine;
import io.cdraw.codec.engine.DeterministicMath;
import io.cdraw.codec.engine.EngineWeights;
import io.cdraw.codec.engine.FeatureMaps;
import io.cdraw.codec.engine.GaussianNoise;
import io.cdraw.codec.entropy.GaussianBinTable;
import io.cdraw.codec.entropy.PriorScaleTable;
import io.cdraw.codec.entropy.RangeDecoder;
import io.cdraw.codec.entropy.RangeEncoder;
import io.cdraw.codec.entropy.StandardNormal;
import io.cdraw.codec.format.CdrawFormat;
import io.cdraw.codec.format.ContainerReader;
import io.cdraw.codec.format.ContainerWriter;
import io.cdraw.codec.format.StreamHeader;
import io.cdraw.codec.io.ImageFiles.Planar;
import io.cdraw.codec.model.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import java.util.zip.CRC32C;

/**
 * Encodes images to .cdraw streams and back with one model (sections 3 and 4.5 of the paper).
 * Latents of the first t steps are quantised on a grid of spacing Δ (the posterior's fixed width)
 * centred on the prior mean and range-coded with the prior's bin probabilities; the decoder
 * regenerates the remaining steps from the prior with a chosen variance. Everything the decoder
 * computes runs on the deterministic {@link CodingEngine}.
 */
public final class CdrawCodec {
  private static final PriorScaleTable SCALES = PriorScaleTable.instance();

  private final CodingEngine engine;
  private final int modelId;

  private CdrawCodec(CodingEngine engine, int modelId) {
    this.engine = engine;
    this.modelId = modelId;
  }

  public static CdrawCodec open(Path model) {
    try {
      EngineWeights weights = EngineWeights.read(model);
      return new CdrawCodec(CodingEngine.of(weights), idOf(weights.sha256()));
    } catch (IOException e) {
      throw new CdrawException(Kind.BAD_INPUT, e.getMessage(), e);
    }
  }

  /** The id a model file would write into streams, without loading it. */
  public static int modelIdOf(Path model) throws IOException {
    return idOf(ModelFile.sha256(Files.readAllBytes(model)));
  }

  private static int idOf(byte[] sha) {
    return (sha[0] & 0xFF) << 24 | (sha[1] & 0xFF) << 16 | (sha[2] & 0xFF) << 8 | (sha[3] & 0xFF);
  }

  public int totalSteps() {
    return engine.steps();
  }

  public int channels() {
    return engine.channels();
  }

  /** The model identity written into streams: the first 4 bytes of its SHA-256. */
  public int modelId() {
    return modelId;
  }

  /**
   * Encodes the most steps that fit: at most {@code maxSteps}, and at most
   * {@code maxBitsPerPixel} for the whole file (header included) when that is positive. With a
   * size limit the file is filled up with as many symbols of the next step as fit (a partial
   * step; its other latents decode as the prior mean).
   *
   * @param progress told the number of steps done so far, may be null
   */
  public EncodeResult encode(Planar image, boolean greySource, int maxSteps,
      double maxBitsPerPixel, IntConsumer progress) {
    checkImage(image);
    int width = image.width();
    int height = image.height();
    int limit = Math.min(maxSteps, totalSteps());
    long budgetBits = maxBitsPerPixel > 0
        ? (long) Math.floor(maxBitsPerPixel * width * height) : Long.MAX_VALUE;
    int flags = greySource ? CdrawFormat.FLAG_GREY_SOURCE : 0;

    CodingEngine.State state = engine.start(height, width);
    FeatureMaps x = engine.input(state, image.pixels());
    int z = engine.latentMaps();
    int symbols = z * state.latentHeight() * state.latentWidth();
    RangeEncoder coder = new RangeEncoder();
    int[] stepCrcs = new int[limit];
    byte[] empty = ContainerWriter.write(header(width, height, flags, 0, 0, stepCrcs),
        new byte[0]);
    if (empty.length * 8L > budgetBits) {
      throw new CdrawException(Kind.BAD_INPUT, String.format(java.util.Locale.ROOT,
          "%.4f bpp is below the smallest file possible for a %dx%d image (%d bytes of header)",
          maxBitsPerPixel, width, height, empty.length));
    }
    EncodeResult best = new EncodeResult(empty, 0, 0, totalSteps(), 0, 0, 0, width, height);
    double modelRate = 0;
    double ideal = 0;
    int[] ks = new int[symbols];
    GaussianBinTable[] tables = new GaussianBinTable[symbols];
    double[] modelBits = new double[symbols];
    double[] idealBits = new double[symbols];
    boolean discrete = engine.discreteRate();
    for (int t = 0; t < limit; t++) {
      FeatureMaps prior = engine.prior(state);
      FeatureMaps mq = engine.posteriorMean(state, x);
      int plane = mq.height() * mq.width();
      FeatureMaps zHat = new FeatureMaps(z, mq.height(), mq.width());
      float[] p = prior.data();
      double lvq = 0;
      for (int c = 0; c < z; c++) {
        float step = engine.quantStep(c);
        double logStep = engine.logQuantStep(c);
        lvq = 2 * logStep;
        for (int i = c * plane; i < (c + 1) * plane; i++) {
          float mu = p[i];
          float lv = p[z * plane + i];
          int k = Math.round((mq.data()[i] - mu) / step);
          ks[i] = k;
          tables[i] = SCALES.table(PriorScaleTable.index(lv, logStep));
          idealBits[i] = tables[i].bits(k);
          modelBits[i] = discrete ? binBits(k * (double) step, step, lv)
              : klBits(mq.data()[i], lvq, mu, lv);
          zHat.data()[i] = mu + k * step;
        }
      }
      RangeEncoder before = coder.copy();
      stepCrcs[t] = codeSymbols(coder, ks, tables, symbols);
      byte[] payload = coder.copy().finish();
      byte[] stream = ContainerWriter.write(header(width, height, flags, t + 1, 0, stepCrcs),
          payload);
      if (stream.length * 8L > budgetBits) {
        best = fillWithPartialStep(best, before, ks, tables, modelBits, idealBits, budgetBits,
            width, height, flags, t, stepCrcs, modelRate, ideal);
        break;
      }
      modelRate += sum(modelBits, symbols);
      ideal += sum(idealBits, symbols);
      best = new EncodeResult(stream, t + 1, 0, totalSteps(), modelRate, ideal,
          payload.length * 8L, width, height);
      engine.decode(state, zHat);
      if (progress != null) {
        progress.accept(t + 1);
      }
    }
    return best;
  }

  /**
   * The file with the most symbols of step {@code t} (0-based) that fits the budget after the
   * {@code t} whole steps coded in {@code before}, or {@code whole} when not one symbol fits.
   * The file size grows with the symbol count, so a bisection finds it.
   */
  private EncodeResult fillWithPartialStep(EncodeResult whole, RangeEncoder before, int[] ks,
      GaussianBinTable[] tables, double[] modelBits, double[] idealBits, long budgetBits,
      int width, int height, int flags, int t, int[] stepCrcs, double modelRate, double ideal) {
    EncodeResult best = whole;
    int fits = 0;
    int tooMany = ks.length;
    while (tooMany - fits > 1) {
      int n = (fits + tooMany) >>> 1;
      RangeEncoder coder = before.copy();
      stepCrcs[t] = codeSymbols(coder, ks, tables, n);
      byte[] payload = coder.finish();
      byte[] stream = ContainerWriter.write(header(width, height, flags, t, n, stepCrcs),
          payload);
      if (stream.length * 8L > budgetBits) {
        tooMany = n;
      } else {
        fits = n;
        best = new EncodeResult(stream, t, n, totalSteps(), modelRate + sum(modelBits, n),
            ideal + sum(idealBits, n), payload.length * 8L, width, height);
      }
    }
    return best;
  }

  /** Codes the first {@code n} symbols of a step; returns the CRC32C of those symbols. */
  private static int codeSymbols(RangeEncoder coder, int[] ks, GaussianBinTable[] tables, int n) {
    CRC32C crc = new CRC32C();
    for (int i = 0; i < n; i++) {
      tables[i].encode(coder, ks[i]);
      updateCrc(crc, ks[i]);
    }
    return (int) crc.getValue();
  }

  private static double sum(double[] values, int n) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += values[i];
    }
    return s;
  }

  /** What a stream's header says, checked against this codec's model. */
  public static StreamHeader inspect(byte[] stream) {
    return ContainerReader.read(stream).header();
  }

  /**
   * Decodes a stream. Steps not stored are generated from the prior with its variance scaled by
   * {@code variance} (0 = the prior mean), from noise seeded by {@code seed}.
   *
   * @return the image with the model's channel count
   */
  public Planar decode(byte[] stream, double variance, long seed, IntConsumer progress) {
    return decode(stream, variance, seed, progress, null);
  }

  /**
   * The ideal bits −Σ log2 P(k) of each coded step (the whole ones, then the partial one if any),
   * found by decoding them (no generation): what {@code cdraw info} reports.
   */
  public double[] stepBits(byte[] stream) {
    StreamHeader h = ContainerReader.read(stream).header();
    double[] bits = new double[h.codedSteps()];
    decode(stream, 0, 0, null, bits);
    return bits;
  }

  private Planar decode(byte[] stream, double variance, long seed, IntConsumer progress,
      double[] stepBits) {
    ContainerReader.Parsed parsed = ContainerReader.read(stream);
    StreamHeader h = parsed.header();
    if (h.modelId() != modelId) {
      throw new CdrawException(Kind.UNSUPPORTED_STREAM, String.format(java.util.Locale.ROOT,
          "made with another model (id %08x; this model is %08x)", h.modelId(), modelId));
    }
    if (h.totalSteps() != totalSteps()) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "header says T = " + h.totalSteps()
          + " but the model has T = " + totalSteps());
    }
    if (!(variance >= 0)) {
      throw new CdrawException(Kind.BAD_INPUT, "the variance scale must be >= 0");
    }
    checkSize(h.width(), h.height());
    CodingEngine.State state = engine.start(h.height(), h.width());
    int z = engine.latentMaps();
    int plane = state.latentHeight() * state.latentWidth();
    if (h.partialSymbols() >= z * plane) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "header says " + h.partialSymbols()
          + " symbols of a partial step but a step has " + z * plane);
    }
    RangeDecoder decoder = new RangeDecoder(parsed.bytes(), parsed.payloadOffset(),
        parsed.payloadLength());
    int coded = h.codedSteps();
    int[] stepCrcs = new int[coded];
    float sd = (float) Math.sqrt(variance);
    int steps = stepBits != null ? coded : totalSteps();
    for (int t = 0; t < steps; t++) {
      FeatureMaps prior = engine.prior(state);
      FeatureMaps zt = new FeatureMaps(z, state.latentHeight(), state.latentWidth());
      float[] p = prior.data();
      if (t < coded) {
        int n = t < h.storedSteps() ? z * plane : h.partialSymbols();
        CRC32C crc = new CRC32C();
        for (int i = 0; i < z * plane; i++) {
          int k = 0; // the latents a partial step leaves out are the prior mean
          if (i < n) {
            int c = i / plane;
            GaussianBinTable table = SCALES.table(
                PriorScaleTable.index(p[z * plane + i], engine.logQuantStep(c)));
            try {
              k = table.decode(decoder);
            } catch (IllegalStateException e) {
              throw new CdrawException(Kind.CORRUPT_STREAM, "corrupt payload in step " + (t + 1));
            }
            if (stepBits != null) {
              stepBits[t] += table.bits(k);
            }
            updateCrc(crc, k);
          }
          zt.data()[i] = p[i] + k * engine.quantStep(i / plane);
        }
        stepCrcs[t] = (int) crc.getValue();
        if (t == coded - 1 && checkOf(stepCrcs, coded) != h.symbolCheck()) {
          throw new CdrawException(Kind.CORRUPT_STREAM,
              "decoded latents fail their check: the stream is damaged or the decoder desynchronised");
        }
      } else {
        GaussianNoise noise = new GaussianNoise(seed, t);
        for (int i = 0; i < z * plane; i++) {
          float sigma = DeterministicMath.exp(0.5f * p[z * plane + i]);
          zt.data()[i] = sd == 0 ? p[i] : p[i] + sd * sigma * noise.next();
        }
      }
      engine.decode(state, zt);
      if (progress != null) {
        progress.accept(t + 1);
      }
    }
    return new Planar(channels(), h.height(), h.width(), engine.pixels(state));
  }

  private StreamHeader header(int width, int height, int flags, int stored, int partial,
      int[] stepCrcs) {
    return new StreamHeader(modelId, width, height, flags, stored, totalSteps(), partial,
        checkOf(stepCrcs, partial > 0 ? stored + 1 : stored));
  }

  /** CRC32C over the first {@code n} per-step CRC32Cs, big-endian. */
  private static int checkOf(int[] stepCrcs, int n) {
    CRC32C crc = new CRC32C();
    for (int i = 0; i < n; i++) {
      int v = stepCrcs[i];
      crc.update(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
    }
    return (int) crc.getValue();
  }

  private static void updateCrc(CRC32C crc, int k) {
    crc.update(k >>> 24);
    crc.update(k >>> 16);
    crc.update(k >>> 8);
    crc.update(k);
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

  private void checkImage(Planar image) {
    if (image.channels() != channels()) {
      throw new CdrawException(Kind.BAD_INPUT, "the model codes " + channels()
          + "-channel images, the input has " + image.channels());
    }
    checkSize(image.width(), image.height());
  }

  /** Refuses images whose engine state would not fit in this JVM's memory. */
  private void checkSize(int width, int height) {
    if (width > CdrawFormat.MAX_SIDE || height > CdrawFormat.MAX_SIDE) {
      throw new CdrawException(Kind.BAD_INPUT, "images are limited to "
          + CdrawFormat.MAX_SIDE + " pixels a side");
    }
    double need = engine.bytesPerPixel() * width * height;
    double available = Runtime.getRuntime().maxMemory() * 0.7;
    if (need > available) {
      throw new CdrawException(Kind.BAD_INPUT, String.format(java.util.Locale.ROOT,
          "a %dx%d image needs about %.0f MB, more than the %.0f MB this JVM may use "
              + "(raise it with CDRAW_JAVA_OPTS=-Xmx...)", width, height, need / 1e6,
          available / 1e6));
    }
  }
}
