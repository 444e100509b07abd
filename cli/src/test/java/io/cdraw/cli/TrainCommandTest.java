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
    refused(work, "--weight-average must be 0 (none) or a decay in (0, 1)", "--weight-average",
        decay);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.5", "0", "NaN"})
  void aSaturationBoostBelowOneIsAUsageError(String max, @TempDir Path work) {
    refused(work, "--saturation-boost must be at least 1", "--saturation-boost", max);
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "181", "NaN"})
  void aHueRotationOutsideZeroTo180IsAUsageError(String degrees, @TempDir Path work) {
    refused(work, "--hue-rotation must be in [0, 180] degrees", "--hue-rotation", degrees);
  }

  private static void refused(Path work, String message, String option, String value) {
    StringWriter err = new StringWriter();
    CommandLine cl = CdrawCommand.newCommandLine();
    cl.setErr(new PrintWriter(err));
    Path out = work.resolve("run");
    int code = cl.execute("train", "folder:" + work.resolve("no-such-folder"), "--out",
        out.toString(), "--max-steps", "1", option, value);
    assertEquals(2, code, err.toString());
    assertTrue(err.toString().contains(message), err.toString());
    assertTrue(Files.notExists(out), "nothing written");
  }
}
