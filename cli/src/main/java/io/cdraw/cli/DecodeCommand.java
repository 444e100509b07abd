package io.cdraw.cli;

import io.cdraw.codec.CdrawDecoder;
import io.cdraw.codec.CdrawModel;
import io.cdraw.codec.format.LosslessStream;
import io.cdraw.codec.format.StreamHeader;
import io.cdraw.codec.io.ImageFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "decode",
    mixinStandardHelpOptions = true,
    header = "Decode .cdraw files to PNG, generating steps that were not stored.",
    description = "Decode .cdraw files to PNG. Steps that were not stored are generated from the "
        + "prior with its variance scaled by --variance (0: the prior mean, smooth; 1: full "
        + "variance, sharp but invented detail), reproducibly for a given --seed. The same "
        + "file, variance and seed give the same pixels on every machine. A lossless stream "
        + "(encode --lossless) decodes to its images exactly: FILE.decoded.png, or with several "
        + "images FILE.decoded-1.png, FILE.decoded-2.png, … (-o NAME.png: NAME-1.png, …).")
final class DecodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelOption modelOption;

  @Mixin PixelLimitOption pixelLimit;

  @Option(names = "--variance", defaultValue = "0", description = "prior variance scale for generated steps (${DEFAULT-VALUE})")
  double variance;

  @Option(names = "--missing", defaultValue = "auto", description = "steps the file does not store: generate (from the prior at --variance), stop (the stored prefix's canvas) or auto: stop for rate-distortion models at variance 0, where it decodes better (docs/rd-model.md), otherwise generate (${DEFAULT-VALUE})")
  String missing;

  @Option(names = "--seed", defaultValue = "0", description = "seed of the generated steps (${DEFAULT-VALUE})")
  long seed;

  @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "output PNG (one input only; '-' for standard output); default FILE with .decoded.png")
  String output;

  @Option(names = {"-f", "--force"}, description = "replace existing output files")
  boolean force;

  @Option(names = {"-q", "--quiet"}, description = "print nothing but errors (no report, no progress)")
  boolean quiet;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = ".cdraw files")
  List<String> inputs;

  @Override
  public Integer call() throws Exception {
    Streams.checkSingleOutput(spec.commandLine(), output, inputs);
    if (!(variance >= 0)) {
      throw new ParameterException(spec.commandLine(), "--variance must be >= 0");
    }
    CdrawDecoder.MissingSteps chosen = switch (missing) {
      case "generate" -> CdrawDecoder.MissingSteps.GENERATE;
      case "stop" -> CdrawDecoder.MissingSteps.STOP;
      case "auto" -> null;
      default -> throw new ParameterException(spec.commandLine(),
          "--missing must be auto, generate or stop");
    };
    long maxPixels = pixelLimit.value(spec.commandLine());
    Map<Path, CdrawModel> codecs = new HashMap<>();
    int worst = Batch.forEach(spec.commandLine(), inputs, in -> {
      String out = Streams.outputFor(in, output, ".decoded.png");
      PrintWriter report = quiet ? new PrintWriter(java.io.Writer.nullWriter())
          : "-".equals(out) ? spec.commandLine().getErr() : spec.commandLine().getOut();
      byte[] stream = Streams.read(in);
      if (LosslessStream.isLossless(stream)) {
        try {
          CdrawModel codec = codecs.computeIfAbsent(
              modelOption.resolveForStream(LosslessStream.read(stream).modelId()),
              p -> CdrawModel.open(p).withMaxPixels(maxPixels));
          Lossless.decode(codec, in, stream, out, force, report,
              new ProgressBar(spec.commandLine().getErr(), quiet));
        } catch (io.cdraw.codec.CdrawException e) {
          throw new io.cdraw.codec.CdrawException(e.kind(), in + ": " + e.getMessage(), e);
        }
        return;
      }
      StreamHeader header;
      ImageFiles.Planar image;
      long started = System.nanoTime();
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr(), quiet);
      try {
        header = CdrawDecoder.inspect(stream);
        CdrawModel codec = codecs.computeIfAbsent(modelOption.resolveForStream(header.modelId()),
            p -> CdrawModel.open(p).withMaxPixels(maxPixels));
        CdrawDecoder.MissingSteps missingSteps = chosen != null ? chosen
            : codec.defaultMissingSteps(variance);
        int total = missingSteps == CdrawDecoder.MissingSteps.STOP ? header.codedSteps()
            : header.totalSteps();
        image = new CdrawDecoder(codec).decode(stream, missingSteps, variance, seed,
            t -> bar.draw((double) t / total, in + ": step " + t + "/" + total, false));
      } catch (io.cdraw.codec.CdrawException e) {
        bar.finish();
        throw new io.cdraw.codec.CdrawException(e.kind(), in + ": " + e.getMessage(), e);
      }
      bar.finish();
      Streams.write(out, ImageFiles.encodePng(ImageFiles.toImage(image)), force);
      report.printf(Locale.ROOT, "%s -> %s: %dx%d, %s stored%s, variance %s; %.2f s%n",
          in, out, header.width(), header.height(),
          StreamHeader.describeSteps(header.storedSteps(), header.partialSymbols(),
              header.partialWidthCode(), header.totalSteps()),
          StreamHeader.describeFilter(header.filterSize()), variance,
          (System.nanoTime() - started) / 1e9);
      report.flush();
    });
    return worst;
  }
}
