package io.cdraw.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.cdraw.codec.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The codec's model fixtures are what the DJL network's seeded initialisation writes. */
class TestModelFixturesTest {
  @ParameterizedTest
  @EnumSource(TestModels.Fixture.class)
  void fixtureIsTheSeededModel(TestModels.Fixture fixture, @TempDir Path dir) throws Exception {
    Path made = DjlTestModels.write(dir, fixture.file, fixture.config, fixture.seed,
        TestModels.Fixture.SPREAD);
    assertArrayEquals(Files.readAllBytes(made), Files.readAllBytes(fixture.path()), fixture.file);
  }
}
