package io.cdraw.cli;

import io.cdraw.codec.io.ImageFiles.Planar;
import io.cdraw.codec.io.ImageFiles;
import io.cdraw.training.plot.ImageGrid;
import io.cdraw.training.plot.LinePlot;
import io.cdraw.training.report.RdResults;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "rd-report",
    mixinStandardHelpOptions = true,
    header = "Summarise a codec comparison: tables, RD plots, image grid.",
    description = {
        "Reads DIR/results.csv of scripts/compare-codecs.sh and writes DIR/summary.md (mean PSNR"
            + " and MS-SSIM per codec and target rate), DIR/rd-psnr.png and DIR/rd-ms-ssim.png (mean"
            + " quality against mean bits per pixel, one line per codec; a rate enters a codec's"
            + " line only if it reached it on every image) and DIR/grid.png (the paper's Figure 4:"
            + " originals on top, then for each grid rate one row per codec, the same crops; grey"
            + " where a codec cannot go that low)."})
final class RdReportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "DIR", description = "output folder of compare-codecs.sh")
  Path dir;

  @Option(names = "--model-id", required = true,
      description = "first 8 hex digits of the cdraw model's SHA-256 (names its decoded files)")
  String modelId;

  @Option(names = "--grid-rates", split = ",", defaultValue = "0.1,0.25,0.5",
      description = "target rates shown in the grid (${DEFAULT-VALUE})")
  List<String> gridRates;

  @Option(names = "--grid-images", defaultValue = "4", description = "images in the grid (${DEFAULT-VALUE})")
  int gridImages;

  @Option(names = "--crop", defaultValue = "128", description = "side of the centre crop shown per image (${DEFAULT-VALUE})")
  int crop;

  @Override
  public Integer call() throws Exception {
    RdResults results = RdResults.read(dir.resolve("results.csv"));
    String summary = results.summaryMarkdown();
    Files.writeString(dir.resolve("summary.md"), summary);
    int images = results.images().size();
    plot(results, "PSNR", "PSNR over RGB (dB)", RdResults.Mean::psnr, dir.resolve("rd-psnr.png"), images);
    plot(results, "MS-SSIM", "MS-SSIM", RdResults.Mean::msSsim, dir.resolve("rd-ms-ssim.png"), images);
    grid(results);
    spec.commandLine().getOut().print(summary);
    return 0;
  }

  private void plot(RdResults results, String name, String yLabel,
      ToDoubleFunction<RdResults.Mean> quality, Path png, int images) throws IOException {
    LinePlot p = new LinePlot(String.format(Locale.ROOT, "%s against rate, mean of %d images", name,
        images), "bits per pixel", yLabel).legendTopLeft();
    for (Map.Entry<String, Map<Double, RdResults.Mean>> e : results.means().entrySet()) {
      List<RdResults.Mean> complete = e.getValue().values().stream()
          .filter(RdResults.Mean::complete).toList();
      p.add(e.getKey(), complete.stream().mapToDouble(RdResults.Mean::bpp).toArray(),
          complete.stream().mapToDouble(quality).toArray(), true);
    }
    p.writePng(png);
  }

  private void grid(RdResults results) throws IOException {
    List<String> names = results.images().subList(0, Math.min(gridImages, results.images().size()));
    List<String> labels = new ArrayList<>();
    List<List<Planar>> rows = new ArrayList<>();
    labels.add("original");
    List<Planar> originals = new ArrayList<>();
    for (String image : names) {
      originals.add(ImageFiles.centreCrop(ImageFiles.read(work(image).resolve("ref.png"), 3), crop));
    }
    rows.add(originals);
    for (String rate : gridRates) {
      for (String codec : results.codecs()) {
        labels.add(codec + " @ " + rate + " bpp");
        List<Planar> row = new ArrayList<>();
        for (String image : names) {
          Path decoded = work(image).resolve(decodedName(codec, rate));
          row.add(Files.exists(decoded) ? ImageFiles.centreCrop(ImageFiles.read(decoded, 3), crop)
              : ImageFiles.filled(originals.get(row.size()), 200)); // grey: cannot go that low
        }
        rows.add(row);
      }
    }
    ImageFiles.writePng(ImageGrid.labelled(labels, rows, 1), dir.resolve("grid.png"));
  }

  private Path work(String image) {
    return dir.resolve("work").resolve(image);
  }

  /** The file name compare-codecs.sh gives a decode, cdraw's carrying the model id. */
  private String decodedName(String codec, String rate) {
    return codec.startsWith("cdraw-")
        ? "cdraw-" + modelId + codec.substring("cdraw".length()) + "-" + rate + ".png"
        : codec + "-" + rate + ".png";
  }
}
