package io.cdraw.cli;

import io.cdraw.codec.CdrawException;
import io.cdraw.codec.CdrawModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * The shared --model option. Encoders default to the shipped rate–distortion model (lossless
 * coding to the shipped likelihood model); decoders to the installed model
 * (models/NAME/model.cdm) whose id the stream's header names.
 */
final class ModelOption {
  /** Where the launcher says the installation is; models/ lives there. */
  static Path home() {
    return Path.of(System.getProperty("cdraw.home", "."));
  }

  static final String DEFAULT_MODEL = "models/rd-s8c2fl4bal/model.cdm";
  /** The default for what needs a pixel likelihood: lossless coding. */
  static final String DEFAULT_LIKELIHOOD_MODEL = "models/natural-s4m64/model.cdm";

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
      description = "model file (default: " + DEFAULT_MODEL + " of the installation; when"
          + " decoding, the installed model that made the stream)")
  Path model;

  /** Ids of the installed models, hashed once per run (decoding many files looks up each). */
  private Map<Integer, Path> installedById;

  Path resolve() {
    return resolve(DEFAULT_MODEL);
  }

  /** The model given with --model, else the installation's {@code defaultModel}. */
  Path resolve(String defaultModel) {
    Path p = model != null ? model : home().resolve(defaultModel);
    if (!Files.isRegularFile(p)) {
      throw new io.cdraw.codec.CdrawException(io.cdraw.codec.CdrawException.Kind.BAD_INPUT,
          p + ": no such model file" + (model == null ? " (give one with --model)" : ""));
    }
    return p;
  }

  /** The model given with --model, else the installed model whose id is {@code modelId}. */
  Path resolveForStream(int modelId) throws IOException {
    if (model != null) {
      return resolve();
    }
    if (installedById == null) {
      installedById = new HashMap<>();
      for (Path candidate : installed()) {
        installedById.putIfAbsent(CdrawModel.modelIdOf(candidate), candidate);
      }
    }
    Path found = installedById.get(modelId);
    if (found != null) {
      return found;
    }
    throw new CdrawException(CdrawException.Kind.UNSUPPORTED_STREAM, String.format(Locale.ROOT,
        "made with model %08x, which is not among the installed models in %s (give it with --model)",
        modelId, home().resolve("models")));
  }

  /** A model's name: NAME for models/NAME/model.cdm, else the file name. */
  static String name(Path model) {
    Path parent = model.toAbsolutePath().getParent();
    return model.getFileName().toString().equals("model.cdm") && parent != null
        ? parent.getFileName().toString() : model.getFileName().toString();
  }

  /** The installed models, models/NAME/model.cdm, by name. */
  static List<Path> installed() throws IOException {
    Path models = home().resolve("models");
    if (!Files.isDirectory(models)) {
      return List.of();
    }
    try (Stream<Path> dirs = Files.list(models)) {
      return dirs.sorted().map(d -> d.resolve("model.cdm")).filter(Files::isRegularFile).toList();
    }
  }
}
