package io.cdraw.cli;

import ai.djl.ndarray.NDManager;
import io.cdraw.codec.CdrawException;
import io.cdraw.codec.net.RdConfig;
import io.cdraw.training.ConvDrawNetwork;
import io.cdraw.training.DjlModelFile;
import io.cdraw.training.Evaluation;
import io.cdraw.training.RdDrawModel;
import io.cdraw.training.TrainableModels;
import io.cdraw.training.data.Dataset;
import io.cdraw.training.data.Datasets;
import io.cdraw.training.data.ImageSet;
import io.cdraw.training.plot.LinePlot;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    header = "Measure bits/dim or nats of a test set and the information per step.",
    description = "Measure the variational upper bound on -log p(x) of a test set: bits/dim for "
        + "8-bit images (the paper's Table 2), nats for binary images (Table 1), and the "
        + "information (KL) per step and layer (Figure 9) as a table, a CSV and a PNG plot. "
        + "For a rate-distortion model (rd-draw): the coded bits per pixel and PSNR of every "
        + "prefix of steps (codec grid latents, as in training's validation) and the RD loss.")
final class EvalCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "MODEL", description = "model file or checkpoint")
  Path model;

  @Parameters(index = "1", paramLabel = "DATA", description = "data set ([kind:]path, as for train)")
  String data;

  @Option(names = "--split", defaultValue = "test", description = "test, validation or train (${DEFAULT-VALUE})")
  String split;

  @Option(names = "--limit", defaultValue = "0", description = "evaluate only the first N images (0: all)")
  int limit;

  @Option(names = "--batch", defaultValue = "50", description = "images per batch (${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--seed", defaultValue = "12345", description = "seed of posterior and dequantisation noise")
  long seed;

  @Option(names = "--crop", defaultValue = "32", description = "crop size for a folder of images (${DEFAULT-VALUE})")
  int crop;

  @Option(names = "--csv", description = "write the per-step information (rd-draw: bpp and PSNR per prefix) to this CSV")
  Path csv;

  @Option(names = "--plot", description = "write the per-step information plot (rd-draw: PSNR against bpp) to this PNG")
  Path plot;

  @Override
  public Integer call() throws Exception {
    Dataset dataset = Datasets.open(data, crop);
    ImageSet set = switch (split) {
      case "test" -> dataset.test();
      case "validation" -> dataset.validation();
      case "train" -> dataset.train();
      default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "--split must be test, validation or train");
    };
    PrintWriter out = spec.commandLine().getOut();
    try (NDManager manager = NDManager.newBaseManager()) {
      DjlModelFile file = DjlModelFile.load(model, manager);
      if (RdConfig.describes(file.metadata())) {
        RdDrawModel rd = (RdDrawModel) TrainableModels.fromFile(file, model.toString(), manager);
        rd.checkData(set);
        RdDrawModel.RdValidation v = rd.validate(set, limit, batch, seed, manager);
        reportRd(v, rd, dataset.name() + " (" + split + ")", out);
        return 0;
      }
      ConvDrawNetwork net = ConvDrawNetwork.fromFile(file, model.toString(), manager);
      if (net.config().channels() != set.channels()) {
        throw new CdrawException(CdrawException.Kind.BAD_INPUT, model + " models "
            + net.config().channels() + "-channel images but " + dataset.name() + " has "
            + set.channels());
      }
      int total = limit <= 0 ? set.size() : Math.min(limit, set.size());
      ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
      long started = System.nanoTime();
      Evaluation e = Evaluation.run(net, set, limit, batch, seed, manager,
          done -> bar.draw((double) done / total, String.format(Locale.ROOT,
              "%d/%d images  %.1f img/s", done, total,
              done / ((System.nanoTime() - started) / 1e9)), done == total));
      bar.finish();
      report(e, net, dataset.name() + " (" + split + ")", out);
      if (csv != null) {
        writeCsv(e, csv);
      }
      if (plot != null) {
        writePlot(e, plot);
      }
    }
    return 0;
  }

  private void report(Evaluation e, ConvDrawNetwork net, String name, PrintWriter out) {
    double ln2 = Math.log(2);
    out.printf(Locale.ROOT, "model:  %s (%s)%n", model, net.config().describe());
    out.printf(Locale.ROOT, "data:   %s, %d images%n", name, e.images());
    out.printf(Locale.ROOT, "NLL bound: %.4f bits/dim = %.2f nats/image%n", e.bitsPerDim(),
        e.boundNats());
    out.printf(Locale.ROOT, "  reconstruction -log p(x|z): %.2f nats, latents (%s): %.2f nats%n",
        e.reconstructionNats(), net.config().discreteRate() ? "discrete rate" : "KL",
        e.boundNats() - e.reconstructionNats());
    out.println();
    out.print("step");
    for (int l = 0; l < e.klNats()[0].length; l++) {
      out.printf(Locale.ROOT, "  layer%d_bits", l + 1);
    }
    out.println("  cumulative_bits");
    double cumulative = 0;
    for (int t = 0; t < e.klNats().length; t++) {
      out.printf(Locale.ROOT, "%4d", t + 1);
      for (double k : e.klNats()[t]) {
        out.printf(Locale.ROOT, "  %11.2f", k / ln2);
        cumulative += k / ln2;
      }
      out.printf(Locale.ROOT, "  %15.2f%n", cumulative);
    }
  }

  private void reportRd(RdDrawModel.RdValidation v, RdDrawModel rd, String name, PrintWriter out)
      throws Exception {
    out.printf(Locale.ROOT, "model:  %s (%s)%n", model, rd.describe());
    out.printf(Locale.ROOT, "data:   %s, %d images%n", name, v.images());
    out.printf(Locale.ROOT, "RD loss: %.4f%n%n", v.loss());
    out.println("prefix  bpp     PSNR_dB");
    StringBuilder table = new StringBuilder("prefix,bpp,psnr_db\n");
    for (int t = 0; t < v.psnr().length; t++) {
      out.printf(Locale.ROOT, "%6d  %.4f  %.3f%n", t + 1, v.bitsPerPixel()[t], v.psnr()[t]);
      table.append(String.format(Locale.ROOT, "%d,%.5f,%.4f%n", t + 1, v.bitsPerPixel()[t],
          v.psnr()[t]));
    }
    if (csv != null) {
      Files.createDirectories(csv.toAbsolutePath().getParent());
      Files.writeString(csv, table.toString(), StandardCharsets.UTF_8);
    }
    if (plot != null) {
      new LinePlot(String.format(Locale.ROOT, "Prefixes of %s, %d images", model.getFileName(),
          v.images()), "bits per pixel", "PSNR (dB)")
          .add("prefix t = 1 … " + v.psnr().length, v.bitsPerPixel(), v.psnr(), true)
          .legendTopLeft().writePng(plot);
    }
  }

  private static void writeCsv(Evaluation e, Path path) throws Exception {
    StringBuilder sb = new StringBuilder("step");
    int layers = e.klNats()[0].length;
    for (int l = 0; l < layers; l++) {
      sb.append(",layer").append(l + 1).append("_bits");
    }
    sb.append('\n');
    for (int t = 0; t < e.klNats().length; t++) {
      sb.append(t + 1);
      for (double k : e.klNats()[t]) {
        sb.append(',').append(String.format(Locale.ROOT, "%.4f", k / Math.log(2)));
      }
      sb.append('\n');
    }
    sb.append(String.format(Locale.ROOT, "# bound %.5f bits/dim, %.3f nats/image, %d images%n",
        e.bitsPerDim(), e.boundNats(), e.images()));
    Path parent = path.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(path, sb.toString(), StandardCharsets.UTF_8);
  }

  private static void writePlot(Evaluation e, Path path) throws Exception {
    int steps = e.klNats().length;
    double[] x = new double[steps];
    for (int t = 0; t < steps; t++) {
      x[t] = t + 1;
    }
    LinePlot p = new LinePlot(String.format(Locale.ROOT,
        "Information per step (KL), %d images, bound %.3f bits/dim", e.images(), e.bitsPerDim()),
        "DRAW step", "bits per image");
    for (int l = 0; l < e.klNats()[0].length; l++) {
      double[] y = new double[steps];
      for (int t = 0; t < steps; t++) {
        y[t] = e.klNats()[t][l] / Math.log(2);
      }
      p.add("layer " + (l + 1), x, y, true);
    }
    p.writePng(path);
  }
}
