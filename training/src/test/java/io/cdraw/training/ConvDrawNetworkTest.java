package io.cdraw.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cdraw.codec.model.ModelConfig;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConvDrawNetworkTest {
  private static final ModelConfig ONE_LAYER =
      new ModelConfig(3, ModelConfig.Likelihood.GAUSSIAN, 4, 1, 8, 3, 3, 2, 0, 0, 1, true, 1.0, false);
  private static final ModelConfig TWO_LAYERS = ONE_LAYER.withLayers(2, 6, 2, 2);

  private NDManager manager;

  @BeforeEach
  void open() {
    manager = NDManager.newBaseManager();
  }

  @AfterEach
  void close() {
    manager.close();
  }

  @Test
  void shapesThroughAllStepsForOddImageSizes() {
    for (ModelConfig config : new ModelConfig[] {ONE_LAYER, TWO_LAYERS}) {
      ConvDrawNetwork net = new ConvDrawNetwork(config, new Parameters(manager, 1));
      NDArray x = manager.randomUniform(0, 1, new Shape(2, 3, 13, 17));
      DrawResult r = net.run(x, x.getShape(), manager, config.steps(), true, 1);
      assertEquals(new Shape(2, 6, 13, 17), r.canvas().getShape());
      assertEquals(new Shape(2), r.reconstructionNll().getShape());
      assertEquals(config.steps(), r.kl().length);
      for (NDArray[] step : r.kl()) {
        assertEquals(config.layers(), step.length);
        for (NDArray k : step) {
          assertEquals(new Shape(2), k.getShape());
          assertTrue(k.getFloat(0) >= 0, "KL must be non-negative");
        }
      }
    }
  }

  @Test
  void generatesFromThePriorAfterTheStoredSteps() {
    ConvDrawNetwork net = new ConvDrawNetwork(TWO_LAYERS, new Parameters(manager, 1));
    NDArray x = manager.randomUniform(0, 1, new Shape(1, 3, 9, 11));
    DrawResult r = net.run(x, x.getShape(), manager, 2, false, 0);
    assertEquals(2, r.storedSteps());
    assertNull(r.kl()[2][0]);
    DrawResult prior = net.run(null, new Shape(3, 3, 9, 11), manager, 0, false, 1);
    assertEquals(new Shape(3, 6, 9, 11), prior.canvas().getShape());
    assertNull(prior.reconstructionNll());
  }

  @Test
  void saveAndLoadGivesBitwiseIdenticalOutputs(@TempDir Path dir) throws Exception {
    ConvDrawNetwork net = new ConvDrawNetwork(TWO_LAYERS, new Parameters(manager, 3));
    NDArray x = manager.randomUniform(0, 1, new Shape(2, 3, 16, 16));
    float[] before = deterministicCanvas(net, x);

    Path file = dir.resolve("m.cdm");
    new DjlModelFile(TWO_LAYERS.toProperties(), net.parameters().toNDList()).save(file);
    try (NDManager other = NDManager.newBaseManager()) {
      DjlModelFile loaded = DjlModelFile.load(file, other);
      assertEquals(TWO_LAYERS, loaded.config());
      ConvDrawNetwork again = new ConvDrawNetwork(loaded.config(),
          Parameters.of(other, loaded.weights()));
      assertEquals(net.parameters().count(), again.parameters().count());
      float[] after = deterministicCanvas(again, x.toDevice(x.getDevice(), true));
      assertArrayEquals(before, after, 0f);
    }
  }

  @Test
  void modelFileBytesAreDjlsEncodingAfterTheHeader() throws Exception {
    ConvDrawNetwork net = new ConvDrawNetwork(ONE_LAYER, new Parameters(manager, 5));
    NDList arrays = net.parameters().toNDList();
    byte[] file = new DjlModelFile(ONE_LAYER.toProperties(), arrays).toBytes();
    byte[] djl = arrays.encode();
    // the files written before the codec had its own writer: header, then NDList.encode
    assertArrayEquals(djl, Arrays.copyOfRange(file, file.length - djl.length, file.length));
    DjlModelFile back = DjlModelFile.parse(file, manager);
    assertEquals(net.parameters().asMap().size(), back.weights().size());
    for (NDArray a : back.weights()) {
      assertArrayEquals(net.parameters().asMap().get(a.getName()).toFloatArray(),
          a.toFloatArray(), 0f);
    }
  }


  /** The posterior-mean path, which uses no random numbers. */
  private static float[] deterministicCanvas(ConvDrawNetwork net, NDArray x) {
    Engine.getInstance().setRandomSeed(1);
    return net.run(x, x.getShape(), x.getManager(), net.config().steps(), false, 0)
        .canvas().toFloatArray();
  }
}
