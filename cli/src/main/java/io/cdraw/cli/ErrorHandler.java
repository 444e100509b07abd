package io.cdraw.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Prints {@code cdraw: <message>} on one line and maps the failure to an exit code: 3 for bad
 * input (unreadable files, wrong data or model), 4 for a corrupt stream, 5 for an unsupported
 * stream (another format version or model), 1 for internal errors (anything else, such as an
 * {@link IllegalArgumentException}: a bug, not the user's input). Usage errors stay picocli's 2.
 * {@code --stacktrace} (or CDRAW_STACKTRACE=1) shows the trace.
 */
final class ErrorHandler implements IExecutionExceptionHandler {
  static final int BAD_INPUT = 3;
  static final int INTERNAL = 1;

  /**
   * A usage error: one line with the reason and where the help is, exit 2 (picocli's default
   * printed the whole help text, which buries the reason in batch logs).
   */
  static int usageError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    String command = cl.getCommandSpec().qualifiedName();
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    cl.getErr().println("cdraw: " + message.lines().findFirst().orElse("")
        + " (see '" + command + " --help')");
    cl.getErr().flush();
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cl, ParseResult parsed) {
    boolean trace = "1".equals(System.getenv("CDRAW_STACKTRACE"))
        || parsed.originalArgs().contains("--stacktrace");
    if (trace) {
      e.printStackTrace(cl.getErr());
    }
    report(cl, e);
    return exitCode(e);
  }

  /** Prints {@code cdraw: <first line of the message>} on standard error. */
  static void report(CommandLine cl, Exception e) {
    Throwable cause = cause(e);
    String message = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    cl.getErr().println("cdraw: " + message.lines().findFirst().orElse(""));
    cl.getErr().flush();
  }

  /** The exit code of a failure (see the class comment). */
  static int exitCode(Exception e) {
    Throwable cause = cause(e);
    if (cause instanceof io.cdraw.codec.CdrawException c) {
      return c.kind().exitCode();
    }
    if (cause instanceof IOException) {
      return BAD_INPUT;
    }
    return INTERNAL;
  }

  private static Throwable cause(Exception e) {
    return e instanceof UncheckedIOException u ? u.getCause() : e;
  }
}
