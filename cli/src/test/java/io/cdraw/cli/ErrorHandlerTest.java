package io.cdraw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cdraw.codec.CdrawException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Exit codes: the user's input (3, 4, 5) apart from cdraw's own bugs (1). */
class ErrorHandlerTest {
  @Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    private final Exception failure;

    Failing(Exception failure) {
      this.failure = failure;
    }

    @Override
    public Integer call() throws Exception {
      throw failure;
    }
  }

  private static int exitOf(Exception failure, StringWriter err) {
    CommandLine cl = new CommandLine(new Failing(failure));
    cl.setErr(new PrintWriter(err));
    cl.setExecutionExceptionHandler(new ErrorHandler());
    return cl.execute();
  }

  @Test
  void userFailuresHaveTheirKindsCode() {
    StringWriter err = new StringWriter();
    assertEquals(3, exitOf(new CdrawException(CdrawException.Kind.BAD_INPUT, "x.png: bad"), err));
    assertEquals("cdraw: x.png: bad", err.toString().strip());
    assertEquals(4, exitOf(new CdrawException(CdrawException.Kind.CORRUPT_STREAM, "c"), err));
    assertEquals(5, exitOf(new CdrawException(CdrawException.Kind.UNSUPPORTED_STREAM, "u"), err));
    assertEquals(3, exitOf(new IOException("f: no such file"), err));
  }

  @Test
  void programmingErrorsAreInternal() {
    StringWriter err = new StringWriter();
    assertEquals(1, exitOf(new IllegalArgumentException("weight size does not match"), err));
    assertEquals(1, exitOf(new IllegalStateException("broken"), err));
    assertEquals(1, exitOf(new NullPointerException(), err));
  }
}
