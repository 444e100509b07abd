package io.cdraw.codec.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdraw.codec.CdrawException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputFilesTest {
  @TempDir Path dir;

  /** Run in a forked JVM: writes args[1] bytes to args[0], for the kill test. */
  public static final class SlowWriter {
    public static void main(String[] args) throws Exception {
      OutputFiles.write(Path.of(args[0]), new byte[Integer.parseInt(args[1])], false);
    }
  }

  /** Ctrl-C (SIGINT) or SIGTERM while a large output is being written leaves no file behind. */
  @Test
  void aSignalMidWriteLeavesNoTemporaryFile() throws Exception {
    for (String signal : new String[] {"INT", "TERM"}) {
      Path target = dir.resolve("killed-" + signal + ".png");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
          .toString(), "-Xmx3g", "-cp", System.getProperty("java.class.path"),
          SlowWriter.class.getName(), target.toString(), Integer.toString(1_500_000_000))
          .redirectErrorStream(true).start();
      long deadline = System.nanoTime() + 60_000_000_000L;
      boolean seen = false;
      while (!seen && p.isAlive() && System.nanoTime() < deadline) {
        try (var files = Files.list(dir)) {
          seen = files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp"));
        }
      }
      assertTrue(seen, "the writer's temporary file appeared");
      new ProcessBuilder("kill", "-s", signal, Long.toString(p.pid())).start().waitFor();
      p.waitFor();
      assertFalse(Files.exists(target), signal + " came before the write ended");
      try (var files = Files.list(dir)) {
        assertEquals(0, files.filter(f -> f.getFileName().toString().endsWith(".tmp")).count(),
            "no temporary file left after SIG" + signal);
      }
    }
  }

  @Test
  void devicesAreWrittenIntoNeverReplaced() throws Exception {
    Path devNull = Path.of("/dev/null");
    OutputFiles.write(devNull, new byte[] {1, 2, 3}, false);
    OutputFiles.write(devNull, new byte[] {1, 2, 3}, true);
    assertTrue(Files.readAttributes(devNull, java.nio.file.attribute.BasicFileAttributes.class)
        .isOther(), "/dev/null is still a device");
  }

  @Test
  void forceReplacesTheTargetOfALinkAndKeepsTheLink() throws Exception {
    Path real = Files.write(dir.resolve("real.cdraw"), new byte[] {9});
    Path link = Files.createSymbolicLink(dir.resolve("link.cdraw"), real);
    assertThrows(CdrawException.class, () -> OutputFiles.write(link, new byte[] {7}, false));
    OutputFiles.write(link, new byte[] {7, 7}, true);
    assertTrue(Files.isSymbolicLink(link), "still a link");
    assertArrayEquals(new byte[] {7, 7}, Files.readAllBytes(real));
    try (var files = Files.list(dir)) {
      assertEquals(2, files.count(), "no temporary file left");
    }
  }

  /** Without --force, of writers racing for one new name exactly one wins, and its bytes stay. */
  @Test
  void racingWritersWithoutForceCannotBothSucceed() throws Exception {
    for (int trial = 0; trial < 40; trial++) {
      Path target = dir.resolve("race" + trial + ".cdraw");
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger wins = new AtomicInteger();
      byte[][] written = new byte[2][];
      Thread[] threads = new Thread[2];
      for (int w = 0; w < 2; w++) {
        int id = w;
        threads[w] = new Thread(() -> {
          byte[] bytes = new byte[1000];
          java.util.Arrays.fill(bytes, (byte) (id + 1));
          try {
            start.await();
            OutputFiles.write(target, bytes, false);
            wins.incrementAndGet();
            written[id] = bytes;
          } catch (CdrawException expected) {
            // the other writer was first
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
        threads[w].start();
      }
      start.countDown();
      for (Thread t : threads) {
        t.join();
      }
      assertEquals(1, wins.get(), "trial " + trial);
      byte[] winner = written[0] != null ? written[0] : written[1];
      assertArrayEquals(winner, Files.readAllBytes(target));
      assertTrue(Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS));
    }
  }
}
