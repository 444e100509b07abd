package io.cdraw.cli;

import io.cdraw.codec.io.ImageFiles;
import io.cdraw.codec.metrics.Psnr;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    header = "Compare two images (PSNR).",
    description = "Compare two images: PSNR over RGB (8-bit), in dB.")
final class MetricsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A", description = "reference image")
  String a;

  @Parameters(index = "1", paramLabel = "B", description = "distorted image")
  String b;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ImageFiles.Planar pa = ImageFiles.readForCodec(Streams.read(a), 3, a).image();
    ImageFiles.Planar pb = ImageFiles.readForCodec(Streams.read(b), 3, b).image();
    double psnr = Psnr.of(pa, pb);
    spec.commandLine().getOut().println(json
        ? String.format(Locale.ROOT, "{\"psnr\":%.4f}", psnr)
        : String.format(Locale.ROOT, "PSNR %.4f dB", psnr));
    return 0;
  }
}
