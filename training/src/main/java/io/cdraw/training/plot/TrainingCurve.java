package io.cdraw.training.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Plots a trainer's CSV log (step, seconds, rate, train, validation) as wall-clock hours vs loss. */
public final class TrainingCurve {
  private TrainingCurve() {}

  public static void plot(Path csv, Path png, String title) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    if (lines.isEmpty()) {
      return;
    }
    String[] header = lines.get(0).split(",");
    List<double[]> train = new ArrayList<>();
    List<double[]> val = new ArrayList<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",", -1);
      if (f.length < 5) {
        continue;
      }
      double hours = Double.parseDouble(f[1]) / 3600;
      if (!f[3].isEmpty()) {
        train.add(new double[] {hours, Double.parseDouble(f[3])});
      }
      if (!f[4].isEmpty()) {
        val.add(new double[] {hours, Double.parseDouble(f[4])});
      }
    }
    String unit = header.length > 3 ? header[3].replace("train_", "").replace('_', ' ') : "loss";
    new LinePlot(title, "training time (wall-clock hours)", unit)
        .add("train (mean of 10 steps)", column(train, 0), column(train, 1), false)
        .add("validation", column(val, 0), column(val, 1), true)
        .writePng(png);
  }

  private static double[] column(List<double[]> rows, int c) {
    return rows.stream().mapToDouble(r -> r[c]).toArray();
  }
}
