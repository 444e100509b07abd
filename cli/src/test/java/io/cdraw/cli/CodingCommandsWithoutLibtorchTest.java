package io.cdraw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdraw.codec.CdrawModel;
import io.cdraw.codec.TestModels;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * encode, decode, info and metrics run on the engine alone: a forked JVM running each of them
 * loads no DJL class (so libtorch is never initialised; its arithmetic differs by machine, and
 * loading it costs start time).
 */
class CodingCommandsWithoutLibtorchTest {
  @TempDir Path work;

  private String runForked(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-modules");
    command.add("jdk.incubator.vector");
    command.add("-Dai.djl.offline=true");
    command.add("-verbose:class");
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    command.add("-cp");
    command.add(classPath.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
    command.add(CdrawCommand.class.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(2, TimeUnit.MINUTES), "timed out: " + String.join(" ", args));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  @Test
  void noDjlClassIsLoaded() throws Exception {
    Path model = TestModels.write(work, "tiny.cdm", TestModels.Fixture.TINY_7);
    Path png = work.resolve("scene.png");
    Files.copy(Path.of(System.getProperty("cdraw.testdata", "../testdata"), "scene-61x47.png"),
        png);
    Path cdraw = work.resolve("scene.cdraw");
    Path decoded = work.resolve("decoded.png");
    List<String[]> commands = List.of(
        new String[] {"encode", "-m", model.toString(), "--bpp", "2", "-o", cdraw.toString(),
            png.toString()},
        new String[] {"info", cdraw.toString()},
        new String[] {"decode", "-m", model.toString(), "-o", decoded.toString(),
            cdraw.toString()},
        new String[] {"metrics", png.toString(), decoded.toString()});
    for (String[] args : commands) {
      String out = runForked(args);
      assertTrue(out.contains("io.cdraw.codec.CdrawModel") || args[0].equals("metrics"),
          "the class log was read: " + args[0]);
      assertTrue(out.lines().noneMatch(l -> l.contains(" ai.djl.")),
          args[0] + " loaded DJL classes:\n" + out.lines().filter(l -> l.contains(" ai.djl."))
              .limit(5).toList());
    }
  }
}
