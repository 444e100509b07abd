package io.cdraw.cli;

import java.util.List;
import picocli.CommandLine;

/**
 * Several inputs in one command: every input is processed, each failure is reported on its own
 * line as it happens, and the exit code is the most severe one seen (the highest; an internal
 * error, exit 1, stops the batch at once since it is a bug, not a bad file).
 */
final class Batch {
  /** The work for one input. */
  @FunctionalInterface
  interface Input {
    void process(String input) throws Exception;
  }

  private Batch() {}

  static int forEach(CommandLine cl, List<String> inputs, Input work) throws Exception {
    int worst = 0;
    for (String in : inputs) {
      try {
        work.process(in);
      } catch (Exception e) {
        int code = ErrorHandler.exitCode(e);
        if (code == ErrorHandler.INTERNAL || inputs.size() == 1) {
          throw e;
        }
        ErrorHandler.report(cl, e);
        worst = Math.max(worst, code);
      }
    }
    return worst;
  }
}
