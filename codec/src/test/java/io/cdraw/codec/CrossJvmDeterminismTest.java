package io.cdraw.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Encodes and decodes in fresh JVMs under settings that change libtorch's and the JIT's
 * arithmetic paths; every one must produce the golden stream and pixels byte for byte.
 */
class CrossJvmDeterminismTest {
  @ParameterizedTest
  @ValueSource(strings = {
    "default",
    "-XX:ActiveProcessorCount=1 -Djava.util.concurrent.ForkJoinPool.common.parallelism=1",
    "-Djava.util.concurrent.ForkJoinPool.common.parallelism=7",
    "env:ONEDNN_MAX_CPU_ISA=SSE41 env:ATEN_CPU_CAPABILITY=default",
    "-XX:UseAVX=0",
    "-XX:TieredStopAtLevel=1"
  })
  void forkedJvmReproducesTheGoldenBytes(String setting) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--add-modules");
    command.add("jdk.incubator.vector");
    command.add("-Dai.djl.offline=true");
    ProcessBuilder pb = new ProcessBuilder();
    Map<String, String> env = pb.environment();
    for (String part : setting.split(" ")) {
      if (part.startsWith("env:")) {
        String[] kv = part.substring(4).split("=", 2);
        env.put(kv[0], kv[1]);
      } else if (!part.equals("default")) {
        command.add(part);
      }
    }
    String classPath = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    command.add("-cp");
    command.add(classPath.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator));
    command.add(GoldenMain.class.getName());
    command.add(CdrawCodecTest.TESTDATA.toAbsolutePath().toString());
    Process p = pb.command(command).redirectErrorStream(true).start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("forked JVM timed out: " + setting);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String last = out.lines().filter(l -> !l.startsWith("WARNING")).reduce((a, b) -> b).orElse("");
    assertEquals(CdrawCodecTest.GOLDEN, last, setting + " printed:\n" + out);
  }
}
