package io.cdraw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Options of {@code train} that cannot work are usage errors before any data is read. */
class TrainCommandTest {
  @ParameterizedTest
  @ValueSource(strings = {"1", "1.5", "-0.1"})
  void aWeightAverageOutsideZeroToOneIsAUsageError(String decay, @TempDir Path work) {
    StringWriter err = new StringWriter();
    CommandLine cl = CdrawCommand.newCommandLine();
    cl.setErr(new PrintWriter(err));
    Path out = work.resolve("run");
    int code = cl.execute("train", "folder:" + work.resolve("no-such-folder"), "--out",
        out.toString(), "--max-steps", "1", "--weight-average", decay);
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains("--weight-average must be 0 (none) or a decay in (0, 1)"),
        err.toString());
    assertTrue(Files.notExists(out), "nothing written");
  }
}
