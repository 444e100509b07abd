package io.cdraw.cli;

import io.cdraw.codec.CdrawDecoder;
import io.cdraw.codec.CdrawEncoder;
import io.cdraw.codec.CdrawModel;
import io.cdraw.codec.EncodeResult;
import io.cdraw.codec.format.StreamHeader;
import io.cdraw.codec.io.ImageFiles;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "benchmark-decode",
    mixinStandardHelpOptions = true,
    header = "Time the deterministic engine on a 768x512 image.",
    description = "Time the deterministic engine: encode a synthetic WIDTHxHEIGHT image, then "
        + "decode it --runs times as decode does by default: for a rate-distortion model every "
        + "step stored and the reconstruction filter applied (its slowest decode), for a "
        + "likelihood model half of the steps stored and the rest generated.")
final class BenchmarkDecodeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelOption modelOption;

  @Option(names = "--width", defaultValue = "768", description = "(${DEFAULT-VALUE})")
  int width;

  @Option(names = "--height", defaultValue = "512", description = "(${DEFAULT-VALUE})")
  int height;

  @Option(names = "--runs", defaultValue = "3", description = "decodes to time (${DEFAULT-VALUE})")
  int runs;

  @Override
  public Integer call() {
    CdrawModel codec = CdrawModel.open(modelOption.resolve());
    int c = codec.channels();
    byte[] pixels = new byte[c * width * height];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          // Smooth gradients with a little texture: a plausible photograph for the network.
          double v = 128 + 60 * Math.sin(x / 37.0 + ch) * Math.cos(y / 23.0) + 20 * Math.sin(x * y / 900.0);
          pixels[(ch * height + y) * width + x] = (byte) Math.max(0, Math.min(255, (int) v));
        }
      }
    }
    ImageFiles.Planar image = new ImageFiles.Planar(c, height, width, pixels);
    PrintWriter out = spec.commandLine().getOut();
    long t0 = System.nanoTime();
    CdrawDecoder.MissingSteps missing = codec.defaultMissingSteps(0);
    boolean stops = missing == CdrawDecoder.MissingSteps.STOP;
    EncodeResult r = new CdrawEncoder(codec).encode(image, false,
        stops ? codec.totalSteps() : codec.totalSteps() / 2, 0, null);
    double encodeSeconds = (System.nanoTime() - t0) / 1e9;
    out.printf(Locale.ROOT, "model %s, %dx%d, %d of %d steps stored%s, %d bytes; encode %.2f s%n",
        modelOption.resolve(), width, height, r.storedSteps(), r.totalSteps(),
        StreamHeader.describeFilter(r.filterSize()), r.stream().length, encodeSeconds);
    double best = Double.POSITIVE_INFINITY;
    for (int i = 0; i < runs; i++) {
      long s = System.nanoTime();
      new CdrawDecoder(codec).decode(r.stream(), missing, stops ? 0 : 1.0, 1, null);
      double seconds = (System.nanoTime() - s) / 1e9;
      best = Math.min(best, seconds);
      out.printf(Locale.ROOT, "decode %d: %.2f s%n", i + 1, seconds);
      out.flush();
    }
    out.printf(Locale.ROOT, "best decode %.2f s on %d cores (%s)%n", best,
        Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name"));
    return 0;
  }
}
