package io.cdraw.cli;

import io.cdraw.codec.CdrawModel;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The shared --max-pixels option of the coding commands. */
final class PixelLimitOption {
  @Option(names = "--max-pixels", paramLabel = "N",
      defaultValue = "" + CdrawModel.DEFAULT_MAX_PIXELS,
      description = "refuse images of more than N pixels, checked from the file's header before"
          + " any work (${DEFAULT-VALUE}; the memory the model needs is checked as well)")
  long maxPixels;

  /** The limit; one below 1 is a usage error. */
  long value(CommandLine commandLine) {
    if (maxPixels < 1) {
      throw new CommandLine.ParameterException(commandLine,
          "--max-pixels must be at least 1, not " + maxPixels);
    }
    return maxPixels;
  }
}
