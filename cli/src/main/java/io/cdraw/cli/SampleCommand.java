package io.cdraw.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cdraw.codec.io.ImageFiles;
import io.cdraw.codec.model.ModelConfig;
import io.cdraw.training.ConvDrawNetwork;
import io.cdraw.training.DrawResult;
import io.cdraw.training.plot.ImageGrid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    header = "Draw samples from a model's prior as a PNG grid.",
    description = "Draw images from the model's prior (the paper's Figures 5-7) as a PNG grid.")
final class SampleCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "MODEL", description = "model file or checkpoint")
  Path model;

  @Option(names = {"-o", "--output"}, required = true, description = "PNG to write")
  Path output;

  @Option(names = {"-n", "--count"}, defaultValue = "64", description = "number of samples (${DEFAULT-VALUE})")
  int count;

  @Option(names = "--size", defaultValue = "32", description = "sample side in pixels (${DEFAULT-VALUE})")
  int size;

  @Option(names = "--variance", defaultValue = "1", description = "prior variance scale: 0 = prior mean, 1 = full (${DEFAULT-VALUE})")
  double variance;

  @Option(names = "--seed", defaultValue = "1", description = "random seed (${DEFAULT-VALUE})")
  int seed;

  @Option(names = "--scale", defaultValue = "2", description = "pixel magnification in the grid (${DEFAULT-VALUE})")
  int scale;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || count > 4096 || size < 1 || size > 1024 || variance < 0 || scale < 1) {
      throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "need 1 <= count <= 4096, 1 <= size <= 1024, variance >= 0, scale >= 1");
    }
    try (NDManager manager = NDManager.newBaseManager()) {
      ConvDrawNetwork net = ConvDrawNetwork.load(model, manager);
      ModelConfig config = net.config();
      Engine.getInstance().setRandomSeed(seed);
      DrawResult r = net.run(null, new Shape(count, config.channels(), size, size), manager, 0,
          false, variance);
      byte[] pixels = net.toPixels(r.canvas());
      int per = config.channels() * size * size;
      int cols = (int) Math.ceil(Math.sqrt(count));
      List<List<ImageFiles.Planar>> rows = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        if (i % cols == 0) {
          rows.add(new ArrayList<>());
        }
        byte[] one = new byte[per];
        System.arraycopy(pixels, i * per, one, 0, per);
        rows.get(rows.size() - 1).add(new ImageFiles.Planar(config.channels(), size, size, one));
      }
      ImageFiles.writePng(ImageGrid.of(rows, scale), output);
      spec.commandLine().getOut().println("wrote " + count + " samples to " + output);
    }
    return 0;
  }
}
