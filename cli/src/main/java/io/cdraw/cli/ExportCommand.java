package io.cdraw.cli;

import io.cdraw.codec.CdrawException;
import io.cdraw.codec.CdrawModel;
import io.cdraw.codec.io.OutputFiles;
import io.cdraw.codec.model.ModelFile;
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
    name = "export",
    mixinStandardHelpOptions = true,
    header = "Write a training checkpoint's weights as a model file to install.",
    description = {"Write the weights of a training checkpoint, without the optimiser's state,",
        "as a model file: the weights encode and decode use (the moving average when the run",
        "keeps one). Copied to models/NAME/model.cdm it is installed: decode finds it by the",
        "id its streams carry (the file's SHA-256), and encode --pick-model tries it."})
final class ExportCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(paramLabel = "CHECKPOINT", description = "checkpoint.ckpt of a training run")
  Path checkpoint;

  @Option(names = {"-o", "--output"}, required = true, paramLabel = "MODEL",
      description = "model file to write (model.cdm)")
  Path output;

  @Option(names = {"-f", "--force"}, description = "replace an existing model file")
  boolean force;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(checkpoint)) {
      throw new CdrawException(CdrawException.Kind.BAD_INPUT, checkpoint + ": no such checkpoint");
    }
    ModelFile in = ModelFile.read(checkpoint);
    ModelFile model = new ModelFile(in.metadata(), in.weights());
    byte[] bytes = model.toBytes();
    OutputFiles.write(output, bytes, force);
    long parameters = model.weights().stream().mapToLong(a -> a.values().length).sum();
    spec.commandLine().getOut().printf(Locale.ROOT,
        "%s -> %s: %d weight arrays, %,d parameters, %d training-state arrays left out; "
            + "model id %08x%n", checkpoint, output, model.weights().size(), parameters,
        in.arrays().size() - model.weights().size(), CdrawModel.modelIdOf(bytes));
    return 0;
  }
}
