package io.cdraw.cli;

import io.cdraw.codec.CdrawDecoder;
import io.cdraw.codec.CdrawException;
import io.cdraw.codec.CdrawModel;
import io.cdraw.codec.format.LosslessStream;
import io.cdraw.codec.format.StreamHeader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    header = "Show a .cdraw file's header and the bits of each stored step.",
    description = {"Show what a .cdraw file's header says and, with the model that made it,",
        "the bits of each stored step (found by decoding them)."})
final class InfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
      description = "model for per-step bits (default: the shipped model, when it made the file)")
  Path model;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = ".cdraw files")
  List<String> inputs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    int worst = Batch.forEach(spec.commandLine(), inputs, in -> {
      byte[] stream = Streams.read(in);
      if (LosslessStream.isLossless(stream)) {
        lossless(out, in, stream);
        return;
      }
      StreamHeader h;
      try {
        h = CdrawDecoder.inspect(stream);
      } catch (CdrawException e) {
        throw new CdrawException(e.kind(), in + ": " + e.getMessage(), e);
      }
      double pixels = (double) h.width() * h.height();
      out.printf(Locale.ROOT, "%s:%n", in);
      out.printf(Locale.ROOT, "  format version   %d%n", h.version());
      out.printf(Locale.ROOT, "  model id         %08x%n", h.modelId());
      out.printf(Locale.ROOT, "  image            %dx%d%s%n", h.width(), h.height(),
          h.greySource() ? " (grey source)" : "");
      out.printf(Locale.ROOT, "  steps stored     %s%n",
          StreamHeader.describeSteps(h.storedSteps(), h.partialSymbols(), h.partialWidthCode(),
              h.totalSteps()));
      if (h.hasFilterField()) {
        out.printf(Locale.ROOT, "  filter           %s%n", h.filterSize() == 0 ? "none"
            : h.filterSize() + "x" + h.filterSize() + ", " + h.filterDeltas().length
                + " coefficients (applied to the stored prefix's picture)");
      }
      out.printf(Locale.ROOT, "  size             %d bytes = %.4f bpp%n", stream.length,
          stream.length * 8 / pixels);
      CdrawModel codec = codecFor(h);
      if (codec != null && h.codedSteps() > 0) {
        double[] bits = new CdrawDecoder(codec).stepBits(stream);
        StringBuilder sb = new StringBuilder();
        for (double b : bits) {
          sb.append(String.format(Locale.ROOT, " %.0f", b));
        }
        out.printf(Locale.ROOT, "  bits per step   %s%n", sb);
      } else if (h.codedSteps() > 0) {
        out.printf(Locale.ROOT, "  bits per step    %.0f on average (give the model with -m for each step)%n",
            stream.length * 8.0 / h.codedSteps());
      }
      out.printf(Locale.ROOT, "  symbol check     %08x%n", h.symbolCheck());
      if (h.hasStepChecks() && h.codedSteps() > 0) {
        StringBuilder checks = new StringBuilder();
        for (int check : h.stepChecks()) {
          checks.append(String.format(Locale.ROOT, " %04x", check));
        }
        out.printf(Locale.ROOT, "  step checks     %s%n", checks);
      }
    });
    out.flush();
    return worst;
  }

  private static void lossless(PrintWriter out, String in, byte[] stream) {
    LosslessStream s;
    try {
      s = LosslessStream.read(stream);
    } catch (CdrawException e) {
      throw new CdrawException(e.kind(), in + ": " + e.getMessage(), e);
    }
    long dims = 0;
    for (LosslessStream.Image image : s.images()) {
      dims += (long) image.width() * image.height();
    }
    out.printf(Locale.ROOT, "%s:%n", in);
    out.printf(Locale.ROOT, "  format           lossless (bits-back), version %d%n",
        LosslessStream.VERSION);
    out.printf(Locale.ROOT, "  model id         %08x%n", s.modelId());
    out.printf(Locale.ROOT, "  images           %d, %d pixels%n", s.images().size(), dims);
    out.printf(Locale.ROOT, "  latent bins      2^%d per posterior σ%n", s.binsPerWidthLog2());
    out.printf(Locale.ROOT, "  size             %d bytes = %.4f bits per pixel%n",
        stream.length, stream.length * 8.0 / dims);
    out.printf(Locale.ROOT, "  borrowed         %d bits (by the first image)%n",
        32 * s.borrowedWords());
  }

  /** The model to decode with: the one given, or the shipped one if it made the file. */
  private CdrawModel codecFor(StreamHeader h) {
    Path p = model != null ? model : ModelOption.home().resolve(ModelOption.DEFAULT_MODEL);
    if (!Files.isRegularFile(p)) {
      if (model != null) {
        throw new CdrawException(CdrawException.Kind.BAD_INPUT, p + ": no such model file");
      }
      return null;
    }
    CdrawModel codec = CdrawModel.open(p);
    if (codec.modelId() != h.modelId()) {
      if (model != null) {
        throw new CdrawException(CdrawException.Kind.UNSUPPORTED_STREAM,
            "the file was made with another model than " + p);
      }
      return null;
    }
    return codec;
  }
}
