package io.cdraw.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cdraw.codec.engine.EngineTensors;
import io.cdraw.codec.engine.FeatureMaps;
import io.cdraw.codec.net.ParameterSpec;
import io.cdraw.codec.net.RdConfig;
import io.cdraw.codec.net.RdDrawNetwork;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rd-draw network definition on its two backends, DJL (training) and the engine (coding),
 * with the same random weights: each layer, then whole steps (prior, posterior, canvas). The
 * engine's fixed summation order and its exp differ from libtorch's in the last bits, so values
 * agree to 2e-4 absolute (layers) and 1e-3 (ten steps), not bit for bit.
 */
class RdDrawParityTest {
  private static final double LAYER_TOLERANCE = 2e-4;
  private static final double NETWORK_TOLERANCE = 1e-3;

  @Test
  void everyLayerAgrees() {
    RdConfig config = new RdConfig(1, 8, 4, 6, 8, 1e-3, 0.01);
    try (NDManager m = NDManager.newBaseManager()) {
      Parameters params = new Parameters(m, 21);
      new RdDrawModel(config, params);
      DjlTensors djl = new DjlTensors(params, 1);
      EngineTensors engine = engineOf(params, RdDrawNetwork.parameters(config));
      NDArray x = m.randomNormal(new Shape(1, 6, 16, 16));
      FeatureMaps fx = maps(x);
      // read1 reads 96 channels: the space-to-depth of 6 channels
      same(djl.conv("read1", List.of(djl.spaceToDepth(x, 4))),
          engine.conv("read1", List.of(engine.spaceToDepth(fx, 4))));
      same(djl.spaceToDepth(x, 2), engine.spaceToDepth(fx, 2));
      same(djl.depthToSpace(x.reshape(1, 24, 8, 8).get(":, :8"), 2),
          engine.depthToSpace(maps(x.reshape(1, 24, 8, 8).get(":, :8")), 2));
      same(djl.relu(x), engine.relu(fx));
      same(djl.concat(List.of(x, x.neg())), engine.concat(List.of(fx, maps(x.neg()))));
      same(djl.channels(x, 2, 5), engine.channels(fx, 2, 5));
      NDArray gates = m.randomNormal(new Shape(1, 8, 5, 5));
      NDArray cell = m.randomNormal(new Shape(1, 2, 5, 5));
      NDArray[] d = djl.lstm(gates, cell);
      FeatureMaps[] e = engine.lstm(maps(gates), maps(cell));
      same(d[0], e[0]);
      same(d[1], e[1]);
      same(djl.lstm(gates, null)[0], engine.lstm(maps(gates), null)[0]);
      same(djl.constant("canvas0", 4, 3), engine.constant("canvas0", 4, 3));
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {8, 16, 32})
  void wholeStepsAgree(int stride) {
    RdConfig config = new RdConfig(10, 16, 8, 8, stride, 1e-3, 0.01);
    int side = 2 * stride;
    try (NDManager m = NDManager.newBaseManager()) {
      Parameters params = new Parameters(m, stride);
      new RdDrawModel(config, params);
      DjlTensors djl = new DjlTensors(params, 1);
      EngineTensors engine = engineOf(params, RdDrawNetwork.parameters(config));
      NDArray x = m.randomUniform(0, 1, new Shape(1, 3, side, side + stride));
      RdDrawNetwork.State<NDArray> ds = RdDrawNetwork.start(djl, config, side, side + stride);
      RdDrawNetwork.State<FeatureMaps> es =
          RdDrawNetwork.start(engine, config, side, side + stride);
      FeatureMaps ex = maps(x);
      for (int t = 0; t < config.steps(); t++) {
        same(RdDrawNetwork.prior(djl, ds), RdDrawNetwork.prior(engine, es), NETWORK_TOLERANCE);
        NDArray muQ = RdDrawNetwork.posteriorMean(djl, config, ds, x);
        same(muQ, RdDrawNetwork.posteriorMean(engine, config, es, ex), NETWORK_TOLERANCE);
        // both decode the same latents, as the codec's two ends do
        RdDrawNetwork.decode(djl, config, ds, muQ);
        RdDrawNetwork.decode(engine, config, es, maps(muQ));
        same(ds.canvas(), es.canvas(), NETWORK_TOLERANCE);
      }
    }
  }

  private static EngineTensors engineOf(Parameters params, List<ParameterSpec> specs) {
    Map<String, float[]> weights = new HashMap<>();
    params.asMap().forEach((name, a) -> weights.put(name, a.toFloatArray()));
    return new EngineTensors(weights, specs);
  }

  private static FeatureMaps maps(NDArray a) {
    Shape s = a.getShape();
    return new FeatureMaps((int) s.get(1), (int) s.get(2), (int) s.get(3), a.toFloatArray());
  }

  private static void same(NDArray djl, FeatureMaps engine) {
    same(djl, engine, LAYER_TOLERANCE);
  }

  private static void same(NDArray djl, FeatureMaps engine, double tolerance) {
    Shape s = djl.getShape();
    assertEquals(s.get(1), engine.channels());
    assertEquals(s.get(2), engine.height());
    assertEquals(s.get(3), engine.width());
    float[] a = djl.toFloatArray();
    float[] b = engine.data();
    double worst = 0;
    for (int i = 0; i < a.length; i++) {
      worst = Math.max(worst, Math.abs(a[i] - b[i]));
    }
    assertEquals(0, worst, tolerance, "largest difference");
  }
}
