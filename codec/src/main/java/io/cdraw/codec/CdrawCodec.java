package io.cdraw.codec;

import io.cdraw.codec.CdrawException.Kind;
import io.cdraw.codec.engine.DeterministicMath;
import io.cdraw.codec.engine.DrawEngine;
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
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntConsumer;
import java.util.zip.CRC32C;

/**
 * Encodes images to .cdraw streams and back with one model (sections 3 and 4.5 of the paper).
 * Latents of the first t steps are quantised on a grid of spacing Δ (the posterior's fixed width)
 * centred on the prior mean and range-coded with the prior's bin probabilities; the decoder
 * regenerates the remaining steps from the prior with a chosen variance. Everything the decoder
 * computes runs on the deterministic {@link DrawEngine}.
 */
public final class CdrawCodec {
  private static final PriorScaleTable SCALES = PriorScaleTable.instance();

  private final DrawEngine engine;
  private final int modelId;

  private CdrawCodec(DrawEngine engine, int modelId) {
    this.engine = engine;
    this.modelId = modelId;
  }

  public static CdrawCodec open(Path model) {
    try {
      EngineWeights weights = EngineWeights.read(model);
      return new CdrawCodec(new DrawEngine(weights), idOf(weights.sha256()));
    } catch (IOException e) {
      throw new CdrawException(Kind.BAD_INPUT, e.getMessage(), e);
    }
  }

  /** The id a model file would write into streams, without loading it. */
  public static int modelIdOf(Path model) throws IOException {
    return idOf(EngineWeights.sha256(java.nio.file.Files.readAllBytes(model)));
  }

  private static int idOf(byte[] sha) {
    return (sha[0] & 0xFF) << 24 | (sha[1] & 0xFF) << 16 | (sha[2] & 0xFF) << 8 | (sha[3] & 0xFF);
  }

  public int totalSteps() {
    return engine.config().steps();
  }

  public int channels() {
    return engine.config().channels();
  }

  /** The model identity written into streams: the first 4 bytes of its SHA-256. */
  public int modelId() {
    return modelId;
  }

  /**
   * Encodes the most steps that fit: at most {@code maxSteps}, and at most
   * {@code maxBitsPerPixel} for the whole file (header included) when that is positive.
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

    DrawEngine.State state = engine.start(height, width);
    FeatureMaps x = engine.input(state, image.pixels());
    int z = engine.config().latentMaps();
    RangeEncoder coder = new RangeEncoder();
    int[] stepCrcs = new int[limit];
    byte[] bestStream = ContainerWriter.write(header(width, height, flags, 0, stepCrcs),
        new byte[0]);
    if (bestStream.length * 8L > budgetBits) {
      throw new CdrawException(Kind.BAD_INPUT, String.format(java.util.Locale.ROOT,
          "%.4f bpp is below the smallest file possible for a %dx%d image (%d bytes of header)",
          maxBitsPerPixel, width, height, bestStream.length));
    }
    int bestSteps = 0;
    double modelRate = 0;
    double ideal = 0;
    double bestModelRate = 0;
    double bestIdeal = 0;
    long bestPayload = 0;
    double lvq = 0;
    boolean discrete = engine.config().discreteRate();
    for (int t = 0; t < limit; t++) {
      FeatureMaps prior = engine.prior(state);
      FeatureMaps mq = engine.posteriorMean(state, x);
      int plane = mq.height() * mq.width();
      FeatureMaps zHat = new FeatureMaps(z, mq.height(), mq.width());
      CRC32C crc = new CRC32C();
      float[] p = prior.data();
      for (int c = 0; c < z; c++) {
        float step = engine.quantStep(c);
        double logStep = engine.logQuantStep(c);
        lvq = 2 * logStep;
        for (int i = c * plane; i < (c + 1) * plane; i++) {
          float mu = p[i];
          float lv = p[z * plane + i];
          int k = Math.round((mq.data()[i] - mu) / step);
          GaussianBinTable table = SCALES.table(PriorScaleTable.index(lv, logStep));
          table.encode(coder, k);
          ideal += table.bits(k);
          modelRate += discrete ? binBits(mq.data()[i] - mu, step, lv)
              : klBits(mq.data()[i], lvq, mu, lv);
          zHat.data()[i] = mu + k * step;
          updateCrc(crc, k);
        }
      }
      stepCrcs[t] = (int) crc.getValue();
      engine.decode(state, zHat);
      byte[] payload = coder.copy().finish();
      byte[] stream = ContainerWriter.write(header(width, height, flags, t + 1, stepCrcs),
          payload);
      if (stream.length * 8L > budgetBits) {
        break;
      }
      bestStream = stream;
      bestSteps = t + 1;
      bestModelRate = modelRate;
      bestIdeal = ideal;
      bestPayload = payload.length * 8L;
      if (progress != null) {
        progress.accept(t + 1);
      }
    }
    return new EncodeResult(bestStream, bestSteps, totalSteps(), bestModelRate, bestIdeal,
        bestPayload,
        width, height);
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
   * The ideal bits −Σ log2 P(k) of each stored step, found by decoding the stored steps (no
   * generation): what {@code cdraw info} reports.
   */
  public double[] stepBits(byte[] stream) {
    StreamHeader h = ContainerReader.read(stream).header();
    double[] bits = new double[h.storedSteps()];
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
    DrawEngine.State state = engine.start(h.height(), h.width());
    RangeDecoder decoder = new RangeDecoder(parsed.bytes(), parsed.payloadOffset(),
        parsed.payloadLength());
    int z = engine.config().latentMaps();
    int[] stepCrcs = new int[h.storedSteps()];
    float sd = (float) Math.sqrt(variance);
    int steps = stepBits != null ? h.storedSteps() : totalSteps();
    for (int t = 0; t < steps; t++) {
      FeatureMaps prior = engine.prior(state);
      int plane = state.latentHeight() * state.latentWidth();
      FeatureMaps zt = new FeatureMaps(z, state.latentHeight(), state.latentWidth());
      float[] p = prior.data();
      if (t < h.storedSteps()) {
        CRC32C crc = new CRC32C();
        for (int c = 0; c < z; c++) {
          float step = engine.quantStep(c);
          double logStep = engine.logQuantStep(c);
          for (int i = c * plane; i < (c + 1) * plane; i++) {
            int k;
            GaussianBinTable table = SCALES.table(PriorScaleTable.index(p[z * plane + i], logStep));
            try {
              k = table.decode(decoder);
            } catch (IllegalStateException e) {
              throw new CdrawException(Kind.CORRUPT_STREAM, "corrupt payload in step " + (t + 1));
            }
            if (stepBits != null) {
              stepBits[t] += table.bits(k);
            }
            zt.data()[i] = p[i] + k * step;
            updateCrc(crc, k);
          }
        }
        stepCrcs[t] = (int) crc.getValue();
        if (t == h.storedSteps() - 1) {
          if (checkOf(stepCrcs, h.storedSteps()) != h.symbolCheck()) {
            throw new CdrawException(Kind.CORRUPT_STREAM,
                "decoded latents fail their check: the stream is damaged or the decoder desynchronised");
          }
        }
      } else {
        GaussianNoise noise = new GaussianNoise(seed, t);
        for (int c = 0; c < z; c++) {
          for (int i = c * plane; i < (c + 1) * plane; i++) {
            float sigma = DeterministicMath.exp(0.5f * p[z * plane + i]);
            zt.data()[i] = sd == 0 ? p[i] : p[i] + sd * sigma * noise.next();
          }
        }
      }
      engine.decode(state, zt);
      if (progress != null) {
        progress.accept(t + 1);
      }
    }
    return new Planar(channels(), h.height(), h.width(), engine.pixels(state));
  }

  private StreamHeader header(int width, int height, int flags, int stored, int[] stepCrcs) {
    return new StreamHeader(modelId, width, height, flags, stored, totalSteps(),
        checkOf(stepCrcs, stored));
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

  /** −log2 of the N(0, e^lvp) mass over [d − Δ/2, d + Δ/2], in its lower tail; reporting only. */
  private static double binBits(double d, double step, float lvp) {
    double sigma = Math.exp(0.5 * lvp);
    double a = -Math.abs(d);
    double mass = StandardNormal.cdf((a + step / 2) / sigma)
        - StandardNormal.cdf((a - step / 2) / sigma);
    return -Math.log(Math.max(mass, 1e-300)) / Math.log(2);
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
    var c = engine.config();
    double perPixel = 4.0 * (4 * c.canvasChannels()
        + (14.0 * c.lstmMaps() + 6.0 * c.latentMaps()) / (c.stride() * c.stride()));
    double need = perPixel * width * height;
    double available = Runtime.getRuntime().maxMemory() * 0.7;
    if (need > available) {
      throw new CdrawException(Kind.BAD_INPUT, String.format(java.util.Locale.ROOT,
          "a %dx%d image needs about %.0f MB, more than the %.0f MB this JVM may use "
              + "(raise it with CDRAW_JAVA_OPTS=-Xmx...)", width, height, need / 1e6,
          available / 1e6));
    }
  }
}
