package io.cdraw.codec;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Nothing the decoder runs may depend on libtorch: its arithmetic differs between machines. */
class DecoderIndependenceTest {
  /** The build's enforcer rule bans DJL from this module; this checks what it produced. */
  @Test
  void djlIsNotOnTheCodecsClassPath() {
    assertThrows(ClassNotFoundException.class, () -> Class.forName("ai.djl.ndarray.NDArray"));
    assertThrows(ClassNotFoundException.class, () -> Class.forName("ai.djl.engine.Engine"));
  }

  @Test
  void decoderPackagesUseOnlyExactlySpecifiedMath() throws IOException {
    Path src = Path.of("src/main/java/io/cdraw/codec");
    List<Path> decoderSide;
    try (Stream<Path> files = Stream.of("engine", "entropy", "format")
        .flatMap(p -> {
          try {
            return Files.list(src.resolve(p));
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        })) {
      decoderSide = Stream.concat(files, Stream.of("CdrawModel.java", "CdrawEncoder.java",
          "CdrawDecoder.java", "LatentCoder.java").map(src::resolve)).toList();
    }
    assertTrue(decoderSide.size() > 10, "found " + decoderSide);
    for (Path f : decoderSide) {
      String text = Files.readString(f);
      boolean platformExp = java.util.regex.Pattern.compile("(?<![\\w.])Math\\.(exp|tanh|log)\\(")
          .matcher(text).find();
      // LatentCoder's rate report uses Math; nothing decoded depends on it
      assertTrue(!platformExp || f.endsWith("LatentCoder.java"),
          f + " uses Math.exp/tanh/log, which are not exactly specified");
    }
  }
}
