package io.cdraw.cli;

import io.cdraw.codec.CdrawException;
import io.cdraw.codec.io.ImageFiles;
import io.cdraw.codec.metrics.MsSsim;
import io.cdraw.codec.metrics.Psnr;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "metrics",
    mixinStandardHelpOptions = true,
    header = "Compare images with a reference (PSNR, MS-SSIM).",
    description = {
        "Compare each image B with the reference A; all are read as 8-bit RGB (grey is replicated)"
            + " and must have A's size:",
        "PSNR over all RGB samples in dB (inf for equal images), MS-SSIM (Wang et al. 2003: five"
            + " scales, 11x11 Gaussian window with sigma 1.5, the standard weights, per channel then"
            + " averaged; needs at least " + MsSsim.MIN_SIZE + "x" + MsSsim.MIN_SIZE + " pixels) and"
            + " single-scale SSIM with the same window.",
        "With several B, one line per image (batch scripts compare many decodes in one run).",
        "--json prints one object per B; a value that is infinite or undefined is null."})
final class MetricsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "A", description = "reference image")
  String a;

  @Parameters(index = "1..*", arity = "1..*", paramLabel = "B", description = "distorted images")
  List<String> bs;

  @Option(names = "--json", description = "print JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    ImageFiles.Planar pa = ImageFiles.readForCodec(Streams.read(a), 3, a).image();
    PrintWriter out = spec.commandLine().getOut();
    boolean multiScale = pa.width() >= MsSsim.MIN_SIZE && pa.height() >= MsSsim.MIN_SIZE;
    for (String b : bs) {
      ImageFiles.Planar pb = ImageFiles.readForCodec(Streams.read(b), 3, b).image();
      if (pb.width() != pa.width() || pb.height() != pa.height()) {
        throw new CdrawException(CdrawException.Kind.BAD_INPUT, String.format(Locale.ROOT,
            "%s: %dx%d, but %s is %dx%d",
            b, pb.width(), pb.height(), a, pa.width(), pa.height()));
      }
      double psnr = Psnr.of(pa, pb);
      // PSNR is defined at any size; SSIM needs one 11x11 window, MS-SSIM five scales of it
      double ssim = pa.width() >= MsSsim.WINDOW && pa.height() >= MsSsim.WINDOW
          ? MsSsim.ssim(pa, pb) : Double.NaN;
      double msSsim = multiScale ? MsSsim.of(pa, pb) : Double.NaN;
      if (json) {
        out.printf(Locale.ROOT, "{\"file\":%s,\"psnr\":%s,\"ms_ssim\":%s,\"ssim\":%s}%n",
            Json.string(b), jsonNumber(psnr), jsonNumber(msSsim),
            jsonNumber(ssim));
      } else if (bs.size() == 1) {
        out.printf(Locale.ROOT, "PSNR    %s dB%nMS-SSIM %s%nSSIM    %s%n", text(psnr, "%.4f"),
            multiScale ? text(msSsim, "%.6f")
                : "undefined (smaller than " + MsSsim.MIN_SIZE + "x" + MsSsim.MIN_SIZE + ")",
            text(ssim, "%.6f"));
      } else {
        out.printf(Locale.ROOT, "%s  PSNR %s dB  MS-SSIM %s  SSIM %s%n", b, text(psnr, "%.4f"),
            text(msSsim, "%.6f"), text(ssim, "%.6f"));
      }
      out.flush();
    }
    return 0;
  }

  private static String text(double v, String format) {
    if (Double.isNaN(v)) {
      return "undefined";
    }
    return Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, format, v);
  }

  private static String jsonNumber(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "null";
  }
}
