package io.cdraw.cli;

import io.cdraw.codec.CdrawDecoder;
import io.cdraw.codec.CdrawEncoder;
import io.cdraw.codec.CdrawException;
import io.cdraw.codec.CdrawModel;
import io.cdraw.codec.EncodeResult;
import io.cdraw.codec.format.StreamHeader;
import io.cdraw.codec.io.ImageFiles;
import io.cdraw.codec.metrics.Psnr;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "encode",
    mixinStandardHelpOptions = true,
    header = "Compress images to .cdraw files at a bits-per-pixel budget.",
    description = "Compress images to .cdraw files: the latents of the first t DRAW steps, "
        + "range-coded with the prior's probabilities. --bpp B stores the most steps whose "
        + "whole file (header included) fits in B bits per pixel; --steps t stores exactly "
        + "t. Reads PNG, JPEG, BMP, TIFF and GIF; alpha is ignored, grey images are coded "
        + "as RGB and decoded grey, 16-bit samples are reduced to 8 bits. '-' reads "
        + "standard input.")
final class EncodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelOption modelOption;

  @Mixin PixelLimitOption pixelLimit;

  @ArgGroup(exclusive = true)
  RateTarget rate = new RateTarget();

  static final class RateTarget {
    @Option(names = "--bpp", paramLabel = "B", description = "bits per pixel of the whole file, never exceeded (a finite number > 0)")
    Double bpp;

    @Option(names = "--steps", paramLabel = "t", description = "store exactly t steps, 1 to the model's T (default: all)")
    Integer steps;
  }

  @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "output file (one input only; '-' for standard output); default IN with .cdraw")
  String output;

  @Option(names = {"-f", "--force"}, description = "replace existing output files")
  boolean force;

  @Option(names = {"-q", "--quiet"}, description = "print nothing but errors (no report, no progress; --json still prints)")
  boolean quiet;

  @Option(names = "--accept-damaged", description = "code a damaged image (a truncated or garbled"
      + " JPEG, whose missing part the reader fills with grey) instead of refusing it")
  boolean acceptDamaged;

  @Option(names = "--json", description = "print one JSON object per image")
  boolean json;

  @Option(names = "--no-filter", description = "do not fit a reconstruction filter (rate-"
      + "distortion models fit one and keep it when its picture is closer; docs/format.md)")
  boolean noFilter;

  @Option(names = "--pick-model", description = "encode with every installed model for the image's"
      + " channels (models/NAME/model.cdm) and keep the stream whose reconstruction (prior mean for"
      + " the steps not stored) has the highest PSNR: the paper's section 4.5, where a lower beta"
      + " wins at low rates. Needs --bpp; decoding finds the model by the stream's id.")
  boolean pickModel;

  @Option(names = "--lossless", description = "code the images exactly, all into one stream, by"
      + " bits-back coding with a likelihood model (paper section 3; docs/format.md; default "
      + ModelOption.DEFAULT_LIKELIHOOD_MODEL + "): the decoded pixels equal the input's, checked"
      + " before the file is written. Several inputs need -o.")
  boolean lossless;

  @Parameters(paramLabel = "IN", arity = "1..*", description = "images to encode")
  List<String> inputs;

  @Override
  public Integer call() throws Exception {
    if (lossless) {
      return encodeLossless();
    }
    Streams.checkSingleOutput(spec.commandLine(), output, inputs);
    if (rate.bpp != null && !(Double.isFinite(rate.bpp) && rate.bpp > 0)) {
      throw new ParameterException(spec.commandLine(),
          "--bpp must be a finite number greater than 0, not " + rate.bpp);
    }
    if (pickModel && (modelOption.model != null || rate.bpp == null)) {
      throw new ParameterException(spec.commandLine(), "--pick-model needs --bpp and no --model");
    }
    long maxPixels = pixelLimit.value(spec.commandLine());
    List<Path> modelPaths = pickModel ? ModelOption.installed() : List.of(modelOption.resolve());
    List<CdrawModel> codecs = new ArrayList<>();
    for (Path p : modelPaths) {
      CdrawModel codec = CdrawModel.open(p).withMaxPixels(maxPixels);
      if (rate.steps != null && (rate.steps < 1 || rate.steps > codec.totalSteps())) {
        throw new ParameterException(spec.commandLine(), "--steps must be in 1.."
            + codec.totalSteps() + " (the model's T), not " + rate.steps);
      }
      codecs.add(codec);
    }
    int worst = Batch.forEach(spec.commandLine(), inputs, in -> {
      String out = Streams.outputFor(in, output, ".cdraw");
      // The report goes to stdout unless the stream itself does.
      PrintWriter report = quiet && !json ? new PrintWriter(java.io.Writer.nullWriter())
          : "-".equals(out) ? spec.commandLine().getErr() : spec.commandLine().getOut();
      byte[] file = Streams.read(in);
      Map<Integer, ImageFiles.Loaded> byChannels = new HashMap<>(); // read once per channel count
      long started = System.nanoTime();
      EncodeResult best = null;
      ImageFiles.Loaded bestLoaded = null;
      String bestModel = null;
      double bestPsnr = Double.NEGATIVE_INFINITY;
      for (int m = 0; m < codecs.size(); m++) {
        CdrawModel codec = codecs.get(m);
        ImageFiles.Loaded loaded = byChannels.get(codec.channels());
        if (loaded == null) {
          loaded = ImageFiles.readForCodec(file, codec.channels(), in, acceptDamaged,
              codec::checkSize);
          byChannels.put(codec.channels(), loaded);
        }
        if (pickModel && (codec.channels() == 1) != (loaded.grey() && isBinary(loaded.image()))) {
          continue; // binary models for black-and-white images, natural ones for the rest
        }
        String name = ModelOption.name(modelPaths.get(m));
        ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), quiet);
        int maxSteps = rate.steps != null ? rate.steps : codec.totalSteps();
        CdrawEncoder encoder = noFilter ? new CdrawEncoder(codec, false) : new CdrawEncoder(codec);
        EncodeResult r = encoder.encode(loaded.image(), loaded.grey(), maxSteps,
            rate.bpp == null ? 0 : rate.bpp,
            (fraction, stage) -> bar.draw(fraction, in + ": " + name + " " + stage, false));
        bar.finish();
        // the decoder writes a grey source grey: compare like with like
        double psnr = codecs.size() == 1 ? 0 : Psnr.of(
            loaded.grey() ? ImageFiles.toGrey(loaded.image()) : loaded.image(),
            new CdrawDecoder(codec).decode(r.stream(), 0, 0, null));
        if (best == null || psnr > bestPsnr) {
          best = r;
          bestLoaded = loaded;
          bestModel = name;
          bestPsnr = psnr;
        }
      }
      if (best == null) {
        throw new CdrawException(CdrawException.Kind.BAD_INPUT, in + ": no installed model codes "
            + "this kind of image");
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      Streams.write(out, best.stream(), force);
      report.println(json ? json(in, out, best, seconds, bestLoaded, bestModel)
          : text(in, out, best, seconds, bestLoaded, bestModel));
      report.flush();
    });
    return worst;
  }

  private int encodeLossless() throws Exception {
    if (rate.bpp != null || rate.steps != null || pickModel) {
      throw new ParameterException(spec.commandLine(),
          "--lossless codes every bit: no --bpp, --steps or --pick-model");
    }
    if (output == null && inputs.size() > 1) {
      throw new ParameterException(spec.commandLine(),
          "--lossless puts all inputs into one stream: give it a name with -o");
    }
    CdrawModel codec = CdrawModel.open(modelOption.resolve(ModelOption.DEFAULT_LIKELIHOOD_MODEL))
        .withMaxPixels(pixelLimit.value(spec.commandLine()));
    String out = Streams.outputFor(inputs.get(0), output, ".cdraw");
    PrintWriter report = quiet && !json ? new PrintWriter(java.io.Writer.nullWriter())
        : "-".equals(out) ? spec.commandLine().getErr() : spec.commandLine().getOut();
    Lossless.encode(codec, inputs, out, force, acceptDamaged, json, report,
        new ProgressBar(spec.commandLine().getErr(), quiet));
    return 0;
  }

  private static String text(String in, String out, EncodeResult r, double seconds,
      ImageFiles.Loaded loaded, String model) {
    StringBuilder notes = new StringBuilder();
    if (loaded.droppedAlpha()) {
      notes.append(" (alpha ignored)");
    }
    if (loaded.bitsPerSample() > 8) {
      notes.append(" (").append(loaded.bitsPerSample()).append("-bit reduced to 8)");
    }
    return String.format(Locale.ROOT,
        "%s -> %s: %dx%d, model %s, %s%s, %d bytes = %.4f bpp; latents: model rate %.0f "
            + "bits, ideal %.0f bits, coded %d bits (%+.2f%%); %.2f s%s",
        in, out, r.width(), r.height(), model,
        StreamHeader.describeSteps(r.storedSteps(), r.partialSymbols(), r.partialWidthCode(),
            r.totalSteps()), StreamHeader.describeFilter(r.filterSize()),
        r.stream().length,
        r.bitsPerPixel(), r.modelRateBits(), r.idealBits(), r.payloadBits(),
        r.idealBits() > 0 ? 100 * (r.payloadBits() - r.idealBits()) / r.idealBits() : 0.0,
        seconds, notes);
  }

  private static String json(String in, String out, EncodeResult r, double seconds,
      ImageFiles.Loaded loaded, String model) {
    return String.format(Locale.ROOT,
        "{\"input\":%s,\"output\":%s,\"model\":%s,\"width\":%d,\"height\":%d,\"steps\":%d,"
            + "\"partial_symbols\":%d,\"partial_width_code\":%d,\"filter_size\":%d,\"total_steps\":%d,\"bytes\":%d,\"bpp\":%.6f,\"model_rate_bits\":%.2f,\"ideal_bits\":%.2f,"
            + "\"payload_bits\":%d,\"file_bits\":%d,\"seconds\":%.3f,\"alpha_ignored\":%b}",
        Json.string(in), Json.string(out), Json.string(model), r.width(), r.height(), r.storedSteps(),
        r.partialSymbols(), r.partialWidthCode(), r.filterSize(), r.totalSteps(), r.stream().length, r.bitsPerPixel(), r.modelRateBits(), r.idealBits(), r.payloadBits(),
        r.fileBits(), seconds, loaded.droppedAlpha());
  }

  private static boolean isBinary(ImageFiles.Planar image) {
    for (byte b : image.pixels()) {
      if (b != 0 && b != (byte) 255) {
        return false;
      }
    }
    return true;
  }
}
