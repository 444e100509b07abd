package io.cdraw.cli;

import io.cdraw.codec.CdrawCodec;
import io.cdraw.codec.EncodeResult;
import io.cdraw.codec.io.ImageFiles;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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

  @ArgGroup(exclusive = true)
  RateTarget rate = new RateTarget();

  static final class RateTarget {
    @Option(names = "--bpp", paramLabel = "B", description = "bits per pixel of the whole file, never exceeded")
    double bpp;

    @Option(names = "--steps", paramLabel = "t", description = "store exactly t steps (default: all)")
    Integer steps;
  }

  @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "output file (one input only; '-' for standard output); default IN with .cdraw")
  String output;

  @Option(names = {"-f", "--force"}, description = "replace existing output files")
  boolean force;

  @Option(names = "--json", description = "print one JSON object per image")
  boolean json;

  @Parameters(paramLabel = "IN", arity = "1..*", description = "images to encode")
  List<String> inputs;

  @Override
  public Integer call() throws Exception {
    Streams.checkSingleOutput(spec.commandLine(), output, inputs);
    if (rate.bpp < 0 || (rate.steps != null && rate.steps < 0)) {
      throw new ParameterException(spec.commandLine(), "--bpp and --steps must not be negative");
    }
    CdrawCodec codec = CdrawCodec.open(modelOption.resolve());
    for (String in : inputs) {
      String out = Streams.outputFor(in, output, ".cdraw");
      // The report goes to stdout unless the stream itself does.
      PrintWriter report = "-".equals(out) ? spec.commandLine().getErr()
          : spec.commandLine().getOut();
      ImageFiles.Loaded loaded = ImageFiles.readForCodec(Streams.read(in), codec.channels(), in);
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
      long started = System.nanoTime();
      int maxSteps = rate.steps != null ? rate.steps : codec.totalSteps();
      EncodeResult r = codec.encode(loaded.image(), loaded.grey(), maxSteps, rate.bpp,
          t -> bar.draw((double) t / maxSteps, in + ": step " + t + "/" + maxSteps, false));
      double seconds = (System.nanoTime() - started) / 1e9;
      bar.finish();
      Streams.write(out, r.stream(), force);
      report.println(json ? json(in, out, r, seconds, loaded) : text(in, out, r, seconds, loaded));
      report.flush();
    }
    return 0;
  }

  private static String text(String in, String out, EncodeResult r, double seconds,
      ImageFiles.Loaded loaded) {
    StringBuilder notes = new StringBuilder();
    if (loaded.droppedAlpha()) {
      notes.append(" (alpha ignored)");
    }
    if (loaded.bitsPerSample() > 8) {
      notes.append(" (").append(loaded.bitsPerSample()).append("-bit reduced to 8)");
    }
    return String.format(Locale.ROOT,
        "%s -> %s: %dx%d, %d of %d steps, %d bytes = %.4f bpp; latents: model rate %.0f bits, "
            + "ideal %.0f bits, coded %d bits (%+.2f%%); %.2f s%s",
        in, out, r.width(), r.height(), r.storedSteps(), r.totalSteps(), r.stream().length,
        r.bitsPerPixel(), r.modelRateBits(), r.idealBits(), r.payloadBits(),
        r.idealBits() > 0 ? 100 * (r.payloadBits() - r.idealBits()) / r.idealBits() : 0.0,
        seconds, notes);
  }

  private static String json(String in, String out, EncodeResult r, double seconds,
      ImageFiles.Loaded loaded) {
    return String.format(Locale.ROOT,
        "{\"input\":\"%s\",\"output\":\"%s\",\"width\":%d,\"height\":%d,\"steps\":%d,"
            + "\"total_steps\":%d,\"bytes\":%d,\"bpp\":%.6f,\"model_rate_bits\":%.2f,\"ideal_bits\":%.2f,"
            + "\"payload_bits\":%d,\"file_bits\":%d,\"seconds\":%.3f,\"alpha_ignored\":%b}",
        escape(in), escape(out), r.width(), r.height(), r.storedSteps(), r.totalSteps(),
        r.stream().length, r.bitsPerPixel(), r.modelRateBits(), r.idealBits(), r.payloadBits(),
        r.fileBits(), seconds, loaded.droppedAlpha());
  }

  static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
