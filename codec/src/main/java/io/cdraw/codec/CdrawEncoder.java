package io.cdraw.codec;

import io.cdraw.codec.CdrawException.Kind;
import io.cdraw.codec.engine.CodingEngine;
import io.cdraw.codec.engine.FeatureMaps;
import io.cdraw.codec.entropy.RangeEncoder;
import io.cdraw.codec.format.CdrawFormat;
import io.cdraw.codec.format.ContainerWriter;
import io.cdraw.codec.format.StreamHeader;
import io.cdraw.codec.io.ImageFiles.Planar;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Encodes images to .cdraw streams with one model (sections 3 and 4.5 of the paper): the latents
 * of the first t steps, quantised on the prior-centred grid of the posterior's fixed width and
 * range-coded with the prior's bin probabilities ({@link LatentCoder}). Everything that sets a
 * probability runs on the deterministic engine, so {@link CdrawDecoder} reproduces it anywhere.
 */
public final class CdrawEncoder {
  private final CdrawModel model;
  private final CodingEngine engine;
  private final LatentCoder latents;

  public CdrawEncoder(CdrawModel model) {
    this.model = model;
    this.engine = model.engine;
    this.latents = new LatentCoder(engine);
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
    model.checkImage(image);
    int width = image.width();
    int height = image.height();
    int total = model.totalSteps();
    int limit = Math.min(maxSteps, total);
    long budgetBits = maxBitsPerPixel > 0
        ? (long) Math.floor(maxBitsPerPixel * width * height) : Long.MAX_VALUE;
    int flags = greySource ? CdrawFormat.FLAG_GREY_SOURCE : 0;
    Header header = new Header(width, height, flags, new int[limit]);

    byte[] empty = ContainerWriter.write(header.of(0, 0), new byte[0]);
    if (empty.length * 8L > budgetBits) {
      throw new CdrawException(Kind.BAD_INPUT, String.format(Locale.ROOT,
          "%.4f bpp is below the smallest file possible for a %dx%d image (%d bytes of header)",
          maxBitsPerPixel, width, height, empty.length));
    }
    CodingEngine.State state = engine.start(height, width);
    FeatureMaps x = engine.input(state, image.pixels());
    RangeEncoder coder = new RangeEncoder();
    EncodeResult best = new EncodeResult(empty, 0, 0, total, 0, 0, 0, width, height);
    double modelRate = 0;
    double ideal = 0;
    for (int t = 0; t < limit; t++) {
      FeatureMaps prior = engine.prior(state);
      LatentCoder.Step step = latents.quantise(prior, engine.posteriorMean(state, x), t);
      RangeEncoder before = coder.copy();
      header.stepCrcs[t] = LatentCoder.encode(coder, step, step.size());
      byte[] payload = coder.copy().finish();
      byte[] stream = ContainerWriter.write(header.of(t + 1, 0), payload);
      if (stream.length * 8L > budgetBits) {
        best = fillWithPartialStep(best, before, step, budgetBits, header, t, modelRate, ideal);
        break;
      }
      modelRate += step.modelBits(step.size());
      ideal += step.idealBits(step.size());
      best = new EncodeResult(stream, t + 1, 0, total, modelRate, ideal, payload.length * 8L,
          width, height);
      engine.decode(state, step.latents());
      if (progress != null) {
        progress.accept(t + 1);
      }
    }
    return best;
  }

  /**
   * The file with the most symbols of step {@code t} (0-based) that fits the budget after the
   * {@code t} whole steps coded in {@code before}, or {@code whole} when not one symbol fits.
   */
  private EncodeResult fillWithPartialStep(EncodeResult whole, RangeEncoder before,
      LatentCoder.Step step, long budgetBits, Header header, int t, double modelRate,
      double ideal) {
    PartialStepSearch.Fit<EncodeResult> fit = PartialStepSearch.largest(step.size(), n -> {
      RangeEncoder coder = before.copy();
      header.stepCrcs[t] = LatentCoder.encode(coder, step, n);
      byte[] payload = coder.finish();
      byte[] stream = ContainerWriter.write(header.of(t, n), payload);
      return new EncodeResult(stream, t, n, model.totalSteps(), modelRate + step.modelBits(n),
          ideal + step.idealBits(n), payload.length * 8L, header.width, header.height);
    }, r -> r.fileBits() <= budgetBits);
    return fit.symbols() > 0 ? fit.file() : whole;
  }

  /** The header fields fixed for one image, and the CRC32C of each coded step's symbols. */
  private final class Header {
    final int width;
    final int height;
    final int flags;
    final int[] stepCrcs;

    Header(int width, int height, int flags, int[] stepCrcs) {
      this.width = width;
      this.height = height;
      this.flags = flags;
      this.stepCrcs = stepCrcs;
    }

    StreamHeader of(int stored, int partial) {
      int coded = partial > 0 ? stored + 1 : stored;
      int[] stepChecks = new int[coded];
      for (int i = 0; i < coded; i++) {
        stepChecks[i] = StreamHeader.stepCheck(stepCrcs[i]);
      }
      return new StreamHeader(CdrawFormat.VERSION, model.modelId(), width, height, flags, stored,
          model.totalSteps(), partial, LatentCoder.check(stepCrcs, coded), stepChecks);
    }
  }
}
