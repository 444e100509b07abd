package io.cdraw.codec;

import io.cdraw.codec.CdrawException.Kind;
import io.cdraw.codec.engine.CodingEngine;
import io.cdraw.codec.engine.FeatureMaps;
import io.cdraw.codec.entropy.RangeEncoder;
import io.cdraw.codec.format.CdrawFormat;
import io.cdraw.codec.format.ContainerReader;
import io.cdraw.codec.format.ContainerWriter;
import io.cdraw.codec.format.StreamHeader;
import io.cdraw.codec.io.ImageFiles.Planar;
import io.cdraw.codec.metrics.Psnr;
import java.util.Arrays;
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
  private final int firstWidthCode;
  private final int lastWidthCode;
  private final boolean fitsFilter;

  /**
   * An encoder that fits a reconstruction filter for the models whose decoder shows the stored
   * prefix by default (the rate–distortion ones), where it pays.
   */
  public CdrawEncoder(CdrawModel model) {
    this(model, model.defaultMissingSteps(0) == CdrawDecoder.MissingSteps.STOP);
  }

  /** @param fitsFilter whether to try a reconstruction filter ({@link ReconstructionFilter}) */
  public CdrawEncoder(CdrawModel model, boolean fitsFilter) {
    this(model, 0, CdrawFormat.MAX_PARTIAL_WIDTH_CODE, fitsFilter);
  }

  /** An encoder whose partial steps try only the grid width codes first … last. */
  CdrawEncoder(CdrawModel model, int firstWidthCode, int lastWidthCode, boolean fitsFilter) {
    this.model = model;
    this.engine = model.engine;
    this.latents = new LatentCoder(engine);
    this.firstWidthCode = firstWidthCode;
    this.lastWidthCode = lastWidthCode;
    this.fitsFilter = fitsFilter;
  }

  /**
   * Encodes the most steps that fit: at most {@code maxSteps}, and at most
   * {@code maxBitsPerPixel} for the whole file (header included) when that is positive. With a
   * size limit the file is filled up with as many symbols of the next step as fit (a partial
   * step; its other latents decode as the prior mean), on the grid width whose picture is
   * closest to the image. With filters ({@link #CdrawEncoder(CdrawModel, boolean)}) the steps
   * are coded again, for each filter size tried, in the budget less the filter's bytes, and the
   * file whose decoded picture is closest to the image is kept.
   *
   * @param progress told how far the encode is, may be null
   */
  public EncodeResult encode(Planar image, boolean greySource, int maxSteps,
      double maxBitsPerPixel, Progress progress) {
    model.checkImage(image);
    int width = image.width();
    int height = image.height();
    long budgetBits = maxBitsPerPixel > 0
        ? (long) Math.floor(maxBitsPerPixel * width * height) : Long.MAX_VALUE;
    int flags = greySource ? CdrawFormat.FLAG_GREY_SOURCE : 0;
    Header header = new Header(width, height, flags, new int[Math.min(maxSteps,
        model.totalSteps())]);
    byte[] empty = header.emptyFile();
    if (empty.length * 8L > budgetBits) {
      throw new CdrawException(Kind.BAD_INPUT, String.format(Locale.ROOT,
          "%.4f bpp is below the smallest file possible for a %dx%d image (%d bytes of header)",
          maxBitsPerPixel, width, height, empty.length));
    }
    Progress told = progress != null ? progress : (fraction, stage) -> { };
    // with filters, the steps take about half of the time and each filter size a share
    double stepShare = fitsFilter ? 0.5 : 1;
    Coded plain = codeSteps(image, header, budgetBits, t -> told.at(stepShare * t
        / header.stepCrcs.length, "step " + t + "/" + header.stepCrcs.length));
    return fitsFilter ? withFilter(plain, image, header, budgetBits, told) : plain.file();
  }

  /** What a long encode tells its caller. */
  @FunctionalInterface
  public interface Progress {
    /**
     * @param fraction of the encode done, in [0, 1]
     * @param stage what is being done ("step 3/8", "5x5 filter")
     */
    void at(double fraction, String stage);
  }

  /**
   * A file and the picture its decoder shows at the stored prefix, before any filter; with a
   * budget that ended the steps, the whole steps it holds (else null), from which the same image
   * is coded again in a smaller budget.
   */
  private record Coded(EncodeResult file, Planar picture, WholeSteps wholeSteps) {}

  /**
   * The file of the whole steps that fit a budget, and where the next, partial step starts:
   * {@code next}, after {@code steps} steps of model rate {@code modelRate} and ideal rate
   * {@code ideal} bits; with the next step quantised on each grid width it was tried on, which
   * every budget tries again.
   */
  private final class WholeSteps {
    final EncodeResult file;
    final Partial next;
    final int steps;
    final double modelRate;
    final double ideal;
    private final LatentCoder.Step[] grids =
        new LatentCoder.Step[CdrawFormat.MAX_PARTIAL_WIDTH_CODE + 1];

    WholeSteps(EncodeResult file, Partial next, int steps, double modelRate, double ideal) {
      this.file = file;
      this.next = next;
      this.steps = steps;
      this.modelRate = modelRate;
      this.ideal = ideal;
      grids[0] = next.modelGrid();
    }

    /** The next step on the grid of width code w. */
    LatentCoder.Step grid(int w) {
      if (grids[w] == null) {
        grids[w] = latents.quantise(next.prior(), next.mean(), steps, w);
      }
      return grids[w];
    }
  }

  /**
   * The file with the reconstruction filter, of each size the encoder tries, whose filtered
   * picture is closest to the image, when it is closer than {@code plain}'s; else {@code plain}.
   */
  private EncodeResult withFilter(Coded plain, Planar image, Header header, long budgetBits,
      Progress progress) {
    EncodeResult best = plain.file();
    long bestError = Psnr.squaredError(plain.picture(), image);
    int[] sizes = ReconstructionFilter.ENCODER_SIZES;
    for (int i = 0; i < sizes.length; i++) {
      int size = sizes[i];
      progress.at(0.5 + 0.5 * i / sizes.length, size + "x" + size + " filter");
      Filtered f = filtered(plain, image, header, budgetBits, size);
      if (f != null && f.error() < bestError) {
        best = f.file();
        bestError = f.error();
      }
    }
    return best;
  }

  /** A filtered file and its filtered picture's squared error. */
  private record Filtered(EncodeResult file, long error) {}

  /**
   * The steps coded again in the budget less the bytes of a k x k filter fitted to {@code
   * plain}'s picture, with the filter refitted to the new picture; null if no filter fits. The
   * refitted filter may take a byte or two more than the first: then the steps are coded once
   * more in a budget that much smaller.
   */
  private Filtered filtered(Coded plain, Planar image, Header header, long budgetBits, int size) {
    boolean guided = ReconstructionFilter.guided(CdrawFormat.VERSION, image.channels());
    ReconstructionFilter filter = ReconstructionFilter.fit(plain.picture(), image, size, guided);
    long reserveBits = filter == null ? 0 : 8L * filterBytes(plain.file(), filter);
    long emptyBits = 8L * header.emptyFile().length;
    for (int attempt = 0; filter != null && attempt < 3; attempt++) {
      if (budgetBits != Long.MAX_VALUE && budgetBits - reserveBits < emptyBits) {
        return null;
      }
      Coded coded = budgetBits == Long.MAX_VALUE ? plain
          : codeStepsWithin(plain, image, header, budgetBits - reserveBits);
      filter = ReconstructionFilter.fit(coded.picture(), image, size, guided);
      if (filter == null) {
        return null;
      }
      EncodeResult file = addFilter(coded.file(), filter);
      if (file.fileBits() <= budgetBits) {
        return new Filtered(file, Psnr.squaredError(filter.apply(coded.picture()), image));
      }
      reserveBits += file.fileBits() - budgetBits;
    }
    return null;
  }

  /** The bytes a filter adds to a file's header. */
  private static int filterBytes(EncodeResult file, ReconstructionFilter filter) {
    return addFilter(file, filter).stream().length - file.stream().length;
  }

  /** The same file with the filter in its header. */
  private static EncodeResult addFilter(EncodeResult file, ReconstructionFilter filter) {
    ContainerReader.Parsed parsed = ContainerReader.read(file.stream());
    StreamHeader h = parsed.header();
    StreamHeader withFilter = new StreamHeader(h.version(), h.modelId(), h.width(), h.height(),
        h.flags(), h.storedSteps(), h.totalSteps(), h.partialSymbols(), h.partialWidthCode(),
        filter.size(), filter.deltas(), h.symbolCheck(), h.stepChecks());
    byte[] payload = Arrays.copyOfRange(parsed.bytes(), parsed.payloadOffset(),
        parsed.payloadOffset() + parsed.payloadLength());
    return new EncodeResult(ContainerWriter.write(withFilter, payload), file.storedSteps(),
        file.partialSymbols(), file.partialWidthCode(), filter.size(), file.totalSteps(),
        file.modelRateBits(), file.idealBits(), file.payloadBits(), file.width(), file.height());
  }

  /**
   * The steps that fit {@code budgetBits}, a smaller budget than {@code coded}'s: from its whole
   * steps when they still fit, which then only need the partial step searched again (filter
   * bytes are a few hundred at most, less than a step), else from the start.
   */
  private Coded codeStepsWithin(Coded coded, Planar image, Header header, long budgetBits) {
    WholeSteps whole = coded.wholeSteps();
    return whole != null && whole.file.fileBits() <= budgetBits
        ? fill(whole, budgetBits, header)
        : codeSteps(image, header, budgetBits, null);
  }

  /** The steps that fit {@code budgetBits} (see {@link #encode}), without a filter. */
  private Coded codeSteps(Planar image, Header header, long budgetBits, IntConsumer progress) {
    int width = image.width();
    int height = image.height();
    int total = model.totalSteps();
    int limit = header.stepCrcs.length;
    byte[] empty = header.emptyFile();
    CodingEngine.State state = engine.start(height, width);
    FeatureMaps x = engine.input(state, image.pixels());
    RangeEncoder coder = new RangeEncoder();
    EncodeResult best = new EncodeResult(empty, 0, 0, 0, 0, total, 0, 0, 0, width, height);
    double modelRate = 0;
    double ideal = 0;
    for (int t = 0; t < limit; t++) {
      FeatureMaps prior = engine.prior(state);
      FeatureMaps mean = engine.posteriorMean(state, x);
      LatentCoder.Step step = latents.quantise(prior, mean, t, 0);
      RangeEncoder before = coder.copy();
      header.stepCrcs[t] = LatentCoder.encode(coder, step, step.size());
      byte[] payload = coder.copy().finish();
      byte[] stream = ContainerWriter.write(header.of(t + 1, 0, 0), payload);
      if (stream.length * 8L > budgetBits) {
        Partial next = new Partial(before, state, prior, mean, step, image);
        return fill(new WholeSteps(best, next, t, modelRate, ideal), budgetBits, header);
      }
      modelRate += step.modelBits(step.size());
      ideal += step.idealBits(step.size());
      best = new EncodeResult(stream, t + 1, 0, 0, 0, total, modelRate, ideal,
          payload.length * 8L, width, height);
      engine.decode(state, step.latents());
      if (progress != null) {
        progress.accept(t + 1);
      }
    }
    return new Coded(best, picture(image, state), null);
  }

  /** The whole steps and as many symbols of the next step as fit {@code budgetBits}. */
  private Coded fill(WholeSteps whole, long budgetBits, Header header) {
    Coded filled = fillWithPartialStep(whole, budgetBits, header);
    Partial next = whole.next;
    return filled != null ? filled
        : new Coded(whole.file, picture(next.image(), next.state()), whole);
  }

  /** The picture of a state, shaped as the image. */
  private Planar picture(Planar image, CodingEngine.State state) {
    return new Planar(image.channels(), image.height(), image.width(), engine.pixels(state));
  }

  /**
   * Where a partial step starts: the coder after the whole steps, the state they left, the
   * step's prior and posterior mean, the step on the model's grid (width code 0, already
   * quantised), and the image the pictures are judged against.
   */
  private record Partial(RangeEncoder before, CodingEngine.State state, FeatureMaps prior,
      FeatureMaps mean, LatentCoder.Step modelGrid, Planar image) {}

  /**
   * The file with the most symbols of the step after the whole ones that fits the budget, or
   * null when not one symbol fits. Each grid width Δ · 2^(w/4),
   * w = 0 … {@link CdrawFormat#MAX_PARTIAL_WIDTH_CODE}, is filled to the budget and decoded; the
   * file whose picture has the least squared error wins (the smaller w on ties). A wider grid
   * codes more latents in the same bits, more coarsely: which pays depends on the image
   * (docs/format.md).
   */
  private Coded fillWithPartialStep(WholeSteps whole, long budgetBits, Header header) {
    Partial at = whole.next;
    int t = whole.steps;
    double modelRate = whole.modelRate;
    double ideal = whole.ideal;
    Coded best = null;
    long bestError = Long.MAX_VALUE;
    for (int w = firstWidthCode; w <= lastWidthCode; w++) {
      int widthCode = w;
      LatentCoder.Step step = whole.grid(widthCode);
      PartialStepSearch.Fit<EncodeResult> fit = PartialStepSearch.largest(step.size(), n -> {
        RangeEncoder coder = at.before().copy();
        header.stepCrcs[t] = LatentCoder.encode(coder, step, n);
        byte[] payload = coder.finish();
        byte[] stream = ContainerWriter.write(header.of(t, n, widthCode), payload);
        return new EncodeResult(stream, t, n, widthCode, 0, model.totalSteps(),
            modelRate + step.modelBits(n), ideal + step.idealBits(n), payload.length * 8L,
            header.width, header.height);
      }, r -> r.fileBits() <= budgetBits);
      if (fit.symbols() == 0) {
        continue;
      }
      CodingEngine.State trial = at.state().copy();
      engine.decode(trial, latents.partialLatents(at.prior(), step, fit.symbols(), t, widthCode));
      Planar picture = picture(at.image(), trial);
      long error = Psnr.squaredError(picture, at.image());
      if (error < bestError) {
        bestError = error;
        best = new Coded(fit.file(), picture, whole);
      }
    }
    return best;
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

    /** The file without coded steps: the smallest there is. */
    byte[] emptyFile() {
      return ContainerWriter.write(of(0, 0, 0), new byte[0]);
    }

    StreamHeader of(int stored, int partial, int partialWidthCode) {
      int coded = partial > 0 ? stored + 1 : stored;
      int[] stepChecks = new int[coded];
      for (int i = 0; i < coded; i++) {
        stepChecks[i] = StreamHeader.stepCheck(stepCrcs[i]);
      }
      return new StreamHeader(CdrawFormat.VERSION, model.modelId(), width, height, flags, stored,
          model.totalSteps(), partial, partialWidthCode, LatentCoder.check(stepCrcs, coded),
          stepChecks);
    }
  }
}
