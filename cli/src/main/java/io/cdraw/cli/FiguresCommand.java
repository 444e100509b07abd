package io.cdraw.cli;

import io.cdraw.codec.CdrawDecoder;
import io.cdraw.codec.CdrawEncoder;
import io.cdraw.codec.CdrawModel;
import io.cdraw.codec.EncodeResult;
import io.cdraw.codec.io.ImageFiles.Planar;
import io.cdraw.codec.io.ImageFiles;
import io.cdraw.training.plot.ImageGrid;
import io.cdraw.training.plot.LinePlot;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "figures",
    mixinStandardHelpOptions = true,
    header = "Make the paper's figures with the codec: conceptual compression, information, samples.",
    description = {
        "Runs the codec's deterministic engine on centre crops of the IMAGEs and writes to DIR:",
        "  conceptual.png   Figures 1-2: one row per number of stored steps t, each image decoded"
            + " with the rest generated at prior variance 0 and then --samples times at variance 1"
            + " (seeds 1, 2, ...); the originals in the bottom row",
        "  information.csv, information.png   Figure 9: bits per pixel of each step, from real"
            + " encodes of all steps, mean over the images (single-layer models: one layer)",
        "  samples.png      Figures 5-7: samples from the prior (a stream with no stored step decoded"
            + " at variance 1), one row per model; give models trained with different beta with"
            + " --compare to set them side by side"})
final class FiguresCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin ModelOption modelOption;

  @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "images (centre crops are used)")
  List<String> images;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "output folder")
  Path output;

  @Option(names = "--crop", defaultValue = "64", description = "side of the centre crops (${DEFAULT-VALUE})")
  int crop;

  @Option(names = "--steps", split = ",", description = "stored steps per row (default: 0, 1, 2, 3, 5 and T)")
  List<Integer> steps;

  @Option(names = "--samples", defaultValue = "3", description = "variance-1 samples per image and row (${DEFAULT-VALUE})")
  int samples;

  @Option(names = "--compare", split = ",", paramLabel = "MODEL", description = "more models for samples.png")
  List<Path> compare = List.of();

  @Option(names = "--sample-size", defaultValue = "32", description = "side of the prior samples (${DEFAULT-VALUE})")
  int sampleSize;

  @Option(names = "--scale", defaultValue = "2", description = "pixel magnification in the PNGs (${DEFAULT-VALUE})")
  int scale;

  @Override
  public Integer call() throws Exception {
    if (crop < 8 || samples < 0 || samples > 16 || sampleSize < 8 || scale < 1) {
      throw new ParameterException(spec.commandLine(),
          "need --crop >= 8, 0 <= --samples <= 16, --sample-size >= 8, --scale >= 1");
    }
    Path modelPath = modelOption.resolve();
    CdrawModel codec = CdrawModel.open(modelPath);
    int total = codec.totalSteps();
    List<Integer> rows = steps != null ? steps : Arrays.asList(0, 1, 2, 3, 5, total);
    rows = rows.stream().filter(t -> t >= 0 && t <= total).distinct().sorted().toList();
    Files.createDirectories(output);
    PrintWriter out = spec.commandLine().getOut();

    List<Planar> crops = new ArrayList<>();
    for (String in : images) {
      Planar p = ImageFiles.readForCodec(Streams.read(in), codec.channels(), in).image();
      crops.add(ImageFiles.centreCrop(p, crop));
    }
    conceptual(codec, crops, rows, out);
    information(codec, crops, out);
    samples(modelPath, out);
    return 0;
  }

  private void conceptual(CdrawModel codec, List<Planar> crops, List<Integer> rows, PrintWriter out)
      throws Exception {
    List<String> labels = new ArrayList<>();
    List<List<Planar>> grid = new ArrayList<>();
    ProgressBar bar = new ProgressBar(spec.commandLine().getErr());
    for (int r = 0; r < rows.size(); r++) {
      int t = rows.get(r);
      List<Planar> row = new ArrayList<>();
      double bits = 0;
      for (Planar image : crops) {
        EncodeResult e = new CdrawEncoder(codec).encode(image, false, t, 0, null);
        bits += e.fileBits();
        row.add(new CdrawDecoder(codec).decode(e.stream(), 0, 0, null));
        for (int s = 1; s <= samples; s++) {
          row.add(new CdrawDecoder(codec).decode(e.stream(), 1, s, null));
        }
      }
      double bpp = bits / crops.size() / ((double) crops.get(0).width() * crops.get(0).height());
      labels.add(String.format(Locale.ROOT, "t=%d/%d %.2f bpp", t, codec.totalSteps(), bpp));
      grid.add(row);
      bar.draw((r + 1.0) / rows.size(), "conceptual compression: t = " + t, true);
    }
    bar.finish();
    List<Planar> originals = new ArrayList<>();
    for (Planar image : crops) {
      originals.add(image);
      for (int s = 1; s <= samples; s++) {
        originals.add(ImageFiles.filled(image, 255));
      }
    }
    labels.add("original");
    grid.add(originals);
    Path png = output.resolve("conceptual.png");
    ImageFiles.writePng(ImageGrid.labelled(labels, grid, scale), png);
    out.println("wrote " + png + " (per image: prior mean, then " + samples + " samples)");
  }

  private void information(CdrawModel codec, List<Planar> crops, PrintWriter out) throws Exception {
    int total = codec.totalSteps();
    double[] bpp = new double[total];
    for (Planar image : crops) {
      double[] bits = new CdrawDecoder(codec).stepBits(new CdrawEncoder(codec).encode(image, false, total, 0, null).stream());
      for (int t = 0; t < total; t++) {
        bpp[t] += bits[t] / crops.size() / ((double) image.width() * image.height());
      }
    }
    StringBuilder csv = new StringBuilder("step,layer1_bits_per_pixel,cumulative_bits_per_pixel\n");
    double[] x = new double[total];
    double cumulative = 0;
    for (int t = 0; t < total; t++) {
      cumulative += bpp[t];
      x[t] = t + 1;
      csv.append(String.format(Locale.ROOT, "%d,%.5f,%.5f%n", t + 1, bpp[t], cumulative));
    }
    Files.writeString(output.resolve("information.csv"), csv);
    new LinePlot(String.format(Locale.ROOT,
        "Information per step: ideal bits of the coded latents, mean of %d %dx%d crops",
        crops.size(), crops.get(0).width(), crops.get(0).height()), "step", "bits per pixel")
        .add("layer 1", x, bpp, true)
        .writePng(output.resolve("information.png"));
    out.println("wrote " + output.resolve("information.png") + " and information.csv");
  }

  private void samples(Path modelPath, PrintWriter out) throws Exception {
    List<Path> models = new ArrayList<>();
    models.add(modelPath);
    models.addAll(compare);
    List<String> labels = new ArrayList<>();
    List<List<Planar>> grid = new ArrayList<>();
    for (Path m : models) {
      CdrawModel codec = CdrawModel.open(m);
      Planar blank = new Planar(codec.channels(), sampleSize, sampleSize,
          new byte[codec.channels() * sampleSize * sampleSize]);
      byte[] empty = new CdrawEncoder(codec).encode(blank, false, 0, 0, null).stream(); // header only: no stored step
      List<Planar> row = new ArrayList<>();
      for (int s = 1; s <= 8; s++) {
        row.add(new CdrawDecoder(codec).decode(empty, 1, s, null));
      }
      labels.add(ModelOption.name(m));
      grid.add(row);
    }
    Path png = output.resolve("samples.png");
    ImageFiles.writePng(ImageGrid.labelled(labels, grid, scale), png);
    out.println("wrote " + png);
  }
}
