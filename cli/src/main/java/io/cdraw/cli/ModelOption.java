package io.cdraw.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The shared --model option; the default is the shipped natural-image model. */
final class ModelOption {
  /** Where the launcher says the installation is; models/ lives there. */
  static Path home() {
    return Path.of(System.getProperty("cdraw.home", "."));
  }

  static final String DEFAULT_MODEL = "models/natural-s32/model.cdm";

  @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
      description = "model file (default: " + DEFAULT_MODEL + " of the installation)")
  Path model;

  Path resolve() {
    Path p = model != null ? model : home().resolve(DEFAULT_MODEL);
    if (!Files.isRegularFile(p)) {
      throw new io.cdraw.codec.CdrawException(io.cdraw.codec.CdrawException.Kind.BAD_INPUT,
          p + ": no such model file" + (model == null ? " (give one with --model)" : ""));
    }
    return p;
  }
}
