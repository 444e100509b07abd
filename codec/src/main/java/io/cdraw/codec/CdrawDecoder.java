package io.cdraw.codec;

import io.cdraw.codec.CdrawException.Kind;
import io.cdraw.codec.engine.CodingEngine;
import io.cdraw.codec.engine.DeterministicMath;
import io.cdraw.codec.engine.FeatureMaps;
import io.cdraw.codec.engine.GaussianNoise;
import io.cdraw.codec.entropy.RangeDecoder;
import io.cdraw.codec.format.ContainerReader;
import io.cdraw.codec.format.StreamHeader;
import io.cdraw.codec.io.ImageFiles.Planar;
import io.cdraw.codec.io.ImageFiles;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Decodes .cdraw streams with one model: the stored steps' latents through {@link LatentCoder},
 * then the steps not stored generated from the prior at a chosen variance (section 4.5 of the
 * paper), all on the deterministic engine.
 */
public final class CdrawDecoder {
  private final CdrawModel model;
  private final CodingEngine engine;
  private final LatentCoder latents;

  public CdrawDecoder(CdrawModel model) {
    this.model = model;
    this.engine = model.engine;
    this.latents = new LatentCoder(engine);
  }

  /** What a stream's header says; checks the container (magic, version, checksum). */
  public static StreamHeader inspect(byte[] stream) {
    return ContainerReader.read(stream).header();
  }

  /** What the decoder does with the steps a stream does not store. */
  public enum MissingSteps {
    /** Generate them from the prior (section 4.5): the paper's conceptual compression. */
    GENERATE,
    /** Stop after the coded steps: the canvas of the stored prefix. */
    STOP
  }

  /**
   * Decodes a stream. Steps not stored are generated from the prior with its variance scaled by
   * {@code variance} (0 = the prior mean), from noise seeded by {@code seed}.
   *
   * @return the image: one channel when the stream says its source was grey, otherwise the
   *     model's channels
   */
  public Planar decode(byte[] stream, double variance, long seed, IntConsumer progress) {
    return decode(stream, MissingSteps.GENERATE, variance, seed, progress);
  }

  /** As {@link #decode(byte[], double, long, IntConsumer)}, choosing what missing steps do. */
  public Planar decode(byte[] stream, MissingSteps missing, double variance, long seed,
      IntConsumer progress) {
    ContainerReader.Parsed parsed = ContainerReader.read(stream);
    Planar image = run(parsed, missing, variance, seed, progress, null);
    return parsed.header().greySource() ? ImageFiles.toGrey(image) : image;
  }

  /**
   * The ideal bits −Σ log2 P(k) of each coded step (the whole ones, then the partial one if any),
   * found by decoding them (no generation): what {@code cdraw info} reports.
   */
  public double[] stepBits(byte[] stream) {
    ContainerReader.Parsed parsed = ContainerReader.read(stream);
    double[] bits = new double[parsed.header().codedSteps()];
    run(parsed, MissingSteps.STOP, 0, 0, null, bits);
    return bits;
  }

  /** With {@code stepBits} (not null), reports the bits of each coded step. */
  private Planar run(ContainerReader.Parsed parsed, MissingSteps missing, double variance,
      long seed, IntConsumer progress, double[] stepBits) {
    StreamHeader h = parsed.header();
    if (h.modelId() != model.modelId()) {
      throw new CdrawException(Kind.UNSUPPORTED_STREAM, String.format(Locale.ROOT,
          "made with another model (id %08x; this model is %08x)", h.modelId(), model.modelId()));
    }
    int total = model.totalSteps();
    if (h.totalSteps() != total) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "header says T = " + h.totalSteps()
          + " but the model has T = " + total);
    }
    if (!(variance >= 0)) {
      throw new CdrawException(Kind.BAD_INPUT, "the variance scale must be >= 0");
    }
    model.checkSize(h.width(), h.height());
    ReconstructionFilter filter = h.filterSize() > 0 ? filter(h) : null;
    CodingEngine.State state = engine.start(h.height(), h.width());
    int z = engine.latentMaps();
    int partialStepSymbols = z * state.latentPositions(h.storedSteps());
    if (h.partialSymbols() >= partialStepSymbols) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "header says " + h.partialSymbols()
          + " symbols of a partial step but the step has " + partialStepSymbols);
    }
    RangeDecoder decoder = new RangeDecoder(parsed.bytes(), parsed.payloadOffset(),
        parsed.payloadLength());
    int coded = h.codedSteps();
    int[] stepCrcs = new int[coded];
    // A stream without coded steps is checked too: its coder wrote nothing (docs/format.md)
    if (coded == 0 && (parsed.payloadLength() != 0
        || h.symbolCheck() != LatentCoder.check(stepCrcs, 0))) {
      throw new CdrawException(Kind.CORRUPT_STREAM,
          "a stream with no coded steps has an empty payload and the empty symbol check");
    }
    float sd = (float) Math.sqrt(variance);
    int steps = missing == MissingSteps.STOP ? coded : total;
    for (int t = 0; t < steps; t++) {
      FeatureMaps prior = engine.prior(state);
      FeatureMaps zt;
      if (t < coded) {
        boolean whole = t < h.storedSteps();
        int n = whole ? z * state.latentPositions(t) : h.partialSymbols();
        LatentCoder.Decoded step = latents.decode(decoder, prior, n, t, h.version(),
            whole ? 0 : h.partialWidthCode(), stepBits != null);
        zt = step.latents();
        stepCrcs[t] = step.crc();
        // Checked as the step ends, before the engine runs it: a forged or garbled payload
        // costs at most one step's symbols, not every step the header claims.
        if (h.hasStepChecks() && StreamHeader.stepCheck(step.crc()) != h.stepChecks()[t]) {
          throw new CdrawException(Kind.CORRUPT_STREAM, "decoded latents of step " + (t + 1)
              + " fail their check: the stream is damaged or the decoder desynchronised");
        }
        if (stepBits != null) {
          stepBits[t] = step.idealBits();
        }
        if (t == coded - 1 && LatentCoder.check(stepCrcs, coded) != h.symbolCheck()) {
          throw new CdrawException(Kind.CORRUPT_STREAM,
              "decoded latents fail their check: the stream is damaged or the decoder desynchronised");
        }
      } else {
        zt = generated(prior, sd, new GaussianNoise(seed, t));
      }
      engine.decode(state, zt);
      if (progress != null) {
        progress.accept(t + 1);
      }
    }
    Planar picture = new Planar(model.channels(), h.height(), h.width(), engine.pixels(state));
    // The filter was fitted to the stored prefix's picture: generated steps go without it.
    return filter != null && steps == coded ? filter.apply(picture) : picture;
  }

  /** The stream's reconstruction filter; its size must fit the model's channels. */
  private ReconstructionFilter filter(StreamHeader h) {
    try {
      return ReconstructionFilter.fromDeltas(model.channels(), h.filterSize(),
          ReconstructionFilter.guided(h.version(), model.channels()), h.filterDeltas());
    } catch (IllegalArgumentException e) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "bad reconstruction filter: " + e.getMessage());
    }
  }

  /** Latents of a step not stored: the prior mean plus sd·σ_p times seeded Gaussian noise. */
  private FeatureMaps generated(FeatureMaps prior, float sd, GaussianNoise noise) {
    int z = engine.latentMaps();
    int plane = prior.height() * prior.width();
    FeatureMaps zt = new FeatureMaps(z, prior.height(), prior.width());
    float[] p = prior.data();
    for (int i = 0; i < z * plane; i++) {
      float sigma = DeterministicMath.exp(0.5f * p[z * plane + i]);
      zt.data()[i] = sd == 0 ? p[i] : p[i] + sd * sigma * noise.next();
    }
    return zt;
  }
}
