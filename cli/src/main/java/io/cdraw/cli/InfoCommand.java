package io.cdraw.cli;

import io.cdraw.codec.CdrawCodec;
import io.cdraw.codec.CdrawException;
import io.cdraw.codec.format.CdrawFormat;
import io.cdraw.codec.format.StreamHeader;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description = "Show what a .cdraw file's header says.")
final class InfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = ".cdraw files")
  List<String> inputs;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    for (String in : inputs) {
      byte[] stream = Streams.read(in);
      StreamHeader h;
      try {
        h = CdrawCodec.inspect(stream);
      } catch (CdrawException e) {
        throw new CdrawException(e.kind(), in + ": " + e.getMessage(), e);
      }
      double pixels = (double) h.width() * h.height();
      out.printf(Locale.ROOT, "%s:%n", in);
      out.printf(Locale.ROOT, "  format version   %d%n", CdrawFormat.VERSION);
      out.printf(Locale.ROOT, "  model id         %08x%n", h.modelId());
      out.printf(Locale.ROOT, "  image            %dx%d%s%n", h.width(), h.height(),
          (h.flags() & CdrawFormat.FLAG_GREY_SOURCE) != 0 ? " (grey source)" : "");
      out.printf(Locale.ROOT, "  steps stored     %d of %d%n", h.storedSteps(), h.totalSteps());
      out.printf(Locale.ROOT, "  size             %d bytes = %.4f bpp%n", stream.length,
          stream.length * 8 / pixels);
      if (h.storedSteps() > 0) {
        out.printf(Locale.ROOT, "  bits per step    %.0f on average%n",
            stream.length * 8.0 / h.storedSteps());
      }
      out.printf(Locale.ROOT, "  symbol check     %08x%n", h.symbolCheck());
    }
    out.flush();
    return 0;
  }
}
