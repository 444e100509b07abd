package io.cdraw.cli;

import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code cdraw} command: dispatches to one class per subcommand. */
@Command(
    name = "cdraw",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Lossy image codec built on convolutional DRAW (Gregor et al., 2016).",
    subcommands = {
      TrainCommand.class,
      EvalCommand.class,
      EncodeCommand.class,
      DecodeCommand.class,
      InfoCommand.class,
      MetricsCommand.class,
      RdReportCommand.class,
      ExportCommand.class,
      FiguresCommand.class,
      SampleCommand.class,
      BenchmarkTrainCommand.class,
      BenchmarkDecodeCommand.class,
      CommandLine.HelpCommand.class
    })
public final class CdrawCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Read by {@link ErrorHandler}; declared once and inherited by every subcommand. */
  @CommandLine.Option(names = "--stacktrace", scope = CommandLine.ScopeType.INHERIT,
      description = "print the stack trace of an error")
  boolean stacktrace;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand");
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** A command line with cdraw's error handling, for main and for tests. */
  public static CommandLine newCommandLine() {
    Engines.configure();
    Locale.setDefault(Locale.ROOT);
    CommandLine cl = new CommandLine(new CdrawCommand());
    cl.setExecutionExceptionHandler(new ErrorHandler());
    cl.setParameterExceptionHandler(ErrorHandler::usageError);
    return cl;
  }
}
