package io.cdraw.codec.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdraw.codec.net.RdConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModelFileTest {
  private static final Properties RD = RdConfig.builder(2, 4, 2, 4, 16, 1e-3, 0.1).build()
      .toProperties();

  static Stream<Path> shippedFiles() throws IOException {
    try (Stream<Path> files = Files.walk(Path.of("../models"))) {
      return files.filter(p -> p.toString().endsWith(".cdm") || p.toString().endsWith(".ckpt"))
          .sorted().toList().stream();
    }
  }

  /** Every shipped model and checkpoint (written by DJL's encoder) reads and writes back exactly. */
  @ParameterizedTest
  @MethodSource("shippedFiles")
  void shippedFilesRoundTripToTheSameBytes(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    ModelFile file = ModelFile.read(path);
    assertArrayEquals(bytes, file.toBytes());
    assertArrayEquals(ModelFile.sha256(bytes), file.sha256());
    assertFalse(file.weights().isEmpty());
    assertTrue(file.weights().stream().allMatch(ModelFile.NamedArray::isWeight));
  }

  @Test
  void checkpointStateIsApartFromTheWeights() throws IOException {
    ModelFile file = new ModelFile(RD, List.of(
        new ModelFile.NamedArray("w", new long[] {2}, new float[] {1, 2}),
        new ModelFile.NamedArray(ModelFile.stateName("adam.m", "w"), new long[] {2},
            new float[] {3, 4})));
    ModelFile back = ModelFile.parse(file.toBytes());
    assertEquals(List.of("w"), back.weights().stream().map(ModelFile.NamedArray::name).toList());
    ModelFile.NamedArray moment = back.arrays().get(1);
    assertEquals("adam.m/w", moment.name());
    assertFalse(moment.isWeight());
    assertArrayEquals(new float[] {3, 4}, moment.values());
  }

  @Test
  void damagedFilesAreRefusedWithAReason() throws IOException {
    byte[] good = new ModelFile(RD, List.of(
        new ModelFile.NamedArray("w", new long[] {2}, new float[] {1, 2}))).toBytes();
    assertEquals("not a cdraw model file",
        assertThrows(IOException.class, () -> ModelFile.parse("CDRAWMDX".getBytes())).getMessage());
    assertThrows(IOException.class, () -> ModelFile.parse(Arrays.copyOf(good, good.length - 1)));
    byte[] trailing = Arrays.copyOf(good, good.length + 1);
    assertTrue(assertThrows(IOException.class, () -> ModelFile.parse(trailing)).getMessage()
        .contains("after the arrays"));
  }
}
