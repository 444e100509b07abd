package io.cdraw.cli;

import io.cdraw.codec.model.ModelConfig;
import io.cdraw.training.LearningRateSchedule;
import io.cdraw.training.Trainer;
import io.cdraw.training.data.Dataset;
import io.cdraw.training.data.Datasets;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "benchmark-train",
    mixinStandardHelpOptions = true,
    header = "Measure training throughput (images/s) on 2 cores.",
    description = "Measure training throughput (images/s) of single-layer convolutional DRAW on "
        + "32x32 RGB images: the full training step (forward, backward, Adam, spike guard) "
        + "on synthetic data, first step excluded. Prints one Markdown table row per "
        + "--lstm-maps value.")
final class BenchmarkTrainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--lstm-maps", split = ",", defaultValue = "32,64,160,320", description = "widths to measure (${DEFAULT-VALUE})")
  int[] widths;

  @Option(names = {"-T", "--time-steps"}, defaultValue = "32", description = "DRAW steps (${DEFAULT-VALUE}, as the paper)")
  int timeSteps;

  @Option(names = "--kernel", defaultValue = "5", description = "kernel size (${DEFAULT-VALUE}, as the paper)")
  int kernel;

  @Option(names = "--batch", defaultValue = "16", description = "images per step (${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--seconds", defaultValue = "40", description = "time per width, after warm-up (${DEFAULT-VALUE})")
  double seconds;

  @Override
  public Integer call() throws Exception {
    Dataset data = Datasets.synthetic(3, 32, 512, 1);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "| LSTM maps | T | kernel | batch | parameters | images/s | s/step |%n");
    out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|%n");
    out.flush();
    for (int width : widths) {
      ModelConfig config = ModelConfig.natural(width, timeSteps).withShape(kernel, 12, 2, true);
      Path dir = Files.createTempDirectory("cdraw-bench");
      double[] firstStepEnd = {Double.NaN};
      long[] steps = {0};
      double[] lastEnd = {0};
      Trainer.Options options = new Trainer.Options(batch, 5e-4, 1, 0, seconds / 3600, 1e9, 1, dir, 0, LearningRateSchedule.CONSTANT);
      try (Trainer t = Trainer.start(config, data, options, new Trainer.Listener() {
        @Override
        public void onProgress(Trainer.Progress p) {
          if (p.step() == 1) {
            firstStepEnd[0] = p.elapsedSeconds();
          }
          steps[0] = p.step();
          lastEnd[0] = p.elapsedSeconds();
        }

        @Override
        public void onMessage(String message) {}
      })) {
        t.run();
        long measured = steps[0] - 1;
        double time = lastEnd[0] - firstStepEnd[0];
        String rate = measured > 0 ? String.format(Locale.ROOT, "%.2f", measured * batch / time)
            : String.format(Locale.ROOT, "< %.2f", batch / lastEnd[0]);
        String perStep = measured > 0 ? String.format(Locale.ROOT, "%.2f", time / measured)
            : String.format(Locale.ROOT, "> %.1f", lastEnd[0]);
        out.printf(Locale.ROOT, "| %d | %d | %d | %d | %,d | %s | %s |%n", width, timeSteps, kernel,
            batch, t.network().parameters().count(), rate, perStep);
        out.flush();
      } finally {
        try (Stream<Path> files = Files.walk(dir)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
    return 0;
  }
}
