package io.cdraw.training;

import io.cdraw.training.plot.TrainingCurve;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes a run's curve beside its checkpoint, as a listener outside the training loop:
 * {@value Trainer#LOG} (step, wall seconds, images/s, mean training loss of the last steps,
 * validation) and, at each validation, the plot {@value Trainer#CURVE}.
 */
public final class TrainingLog implements Trainer.Listener {
  private final Path dir;
  private String title = "cdraw training";

  public TrainingLog(Path dir) {
    this.dir = dir;
  }

  @Override
  public void onStart(String description, String unit, boolean resumed, long step) {
    title = "cdraw training: " + description;
    if (resumed && Files.exists(dir.resolve(Trainer.LOG))) {
      dropRowsAfter(step);
      return;
    }
    String column = unit.replace("/", "_per_");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(Trainer.LOG),
          "step,seconds,images_per_second,train_" + column + ",validation_" + column + "\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void onCurvePoint(Trainer.CurvePoint p) {
    try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(Trainer.LOG),
        StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      w.write(String.format(Locale.ROOT, "%d,%.1f,%s,%s,%s%n", p.step(), p.seconds(),
          num(p.imagesPerSecond()), num(p.trainLoss()), num(p.validation())));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!Double.isNaN(p.validation())) {
      try {
        TrainingCurve.plot(dir.resolve(Trainer.LOG), dir.resolve(Trainer.CURVE), title);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * Drops the rows after {@code step}: the stopped run went on past its last checkpoint, and the
   * resumed run writes those steps again.
   */
  private void dropRowsAfter(long step) {
    Path log = dir.resolve(Trainer.LOG);
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      List<String> kept = new ArrayList<>(lines.subList(0, Math.min(1, lines.size())));
      for (String row : lines.subList(kept.size(), lines.size())) {
        if (Long.parseLong(row.substring(0, row.indexOf(','))) <= step) {
          kept.add(row);
        }
      }
      if (kept.size() < lines.size()) {
        Path tmp = dir.resolve(Trainer.LOG + ".tmp");
        Files.write(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, log, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String num(double v) {
    return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.5f", v);
  }
}
