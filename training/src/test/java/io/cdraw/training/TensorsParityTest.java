package io.cdraw.training;

import static io.cdraw.training.ParityAssertions.maps;
import static io.cdraw.training.ParityAssertions.same;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cdraw.codec.engine.EngineTensors;
import io.cdraw.codec.engine.FeatureMaps;
import io.cdraw.codec.net.ParameterSpec;
import io.cdraw.codec.net.ParameterSpec.Init;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every layer of the vocabulary ({@link io.cdraw.codec.net.Tensors}) on its two backends, DJL and
 * the engine, with the same random weights and inputs. The engine sums in a fixed order and
 * computes exp itself, so results agree to 2e-4 absolute, not bit for bit; rearrangements agree
 * exactly.
 */
class TensorsParityTest {
  private static final double TOLERANCE = 2e-4;
  private static final List<ParameterSpec> SPECS = List.of(
      spec("one.w", 5, 6, 3, 3), spec("one.b", 5),
      spec("wide.w", 4, 2, 5, 5), spec("wide.b", 4),
      spec("lstm.w0", 8, 3, 5, 5), spec("lstm.w1", 8, 4, 5, 5), spec("lstm.b", 8),
      spec("state", 1, 3, 1, 1));

  private NDManager m;
  private DjlTensors djl;
  private EngineTensors engine;

  @BeforeEach
  void backends() {
    m = NDManager.newBaseManager();
    Parameters params = new Parameters(m, 31);
    DjlTensors.declare(params, SPECS);
    djl = new DjlTensors(params, 1);
    engine = ParityAssertions.engineOf(params, SPECS);
  }

  @AfterEach
  void close() {
    m.close();
  }

  @Test
  void convolutions() {
    NDArray a = m.randomNormal(new Shape(1, 4, 6, 10));
    NDArray b = m.randomNormal(new Shape(1, 2, 6, 10));
    same(djl.conv("one", List.of(a, b)), engine.conv("one", List.of(maps(a), maps(b))), TOLERANCE);
    same(djl.conv("wide", List.of(b)), engine.conv("wide", List.of(maps(b))), TOLERANCE);
    // an LSTM's gates: group 0 at stride 2 from the image, group 1 at the hidden resolution
    NDArray image = m.randomNormal(new Shape(1, 3, 12, 20));
    NDArray hidden = m.randomNormal(new Shape(1, 4, 6, 10));
    same(djl.convGroups("lstm", List.of(List.of(image), List.of(hidden)), new int[] {2, 1}),
        engine.convGroups("lstm", List.of(List.of(maps(image)), List.of(maps(hidden))),
            new int[] {2, 1}), TOLERANCE);
  }

  @Test
  void elementwiseAndLstm() {
    NDArray a = m.randomNormal(new Shape(1, 3, 5, 7)).mul(4);
    NDArray b = m.randomNormal(new Shape(1, 3, 5, 7));
    FeatureMaps fa = maps(a);
    FeatureMaps fb = maps(b);
    same(djl.add(a, b), engine.add(fa, fb), 0);
    same(djl.sub(a, b), engine.sub(fa, fb), 0);
    same(djl.relu(a), engine.relu(fa), 0);
    same(djl.sigmoid(a), engine.sigmoid(fa), 1e-6);
    NDArray gates = m.randomNormal(new Shape(1, 8, 5, 5)).mul(3);
    NDArray cell = m.randomNormal(new Shape(1, 2, 5, 5));
    NDArray[] d = djl.lstm(gates, cell);
    FeatureMaps[] e = engine.lstm(maps(gates), maps(cell));
    same(d[0], e[0], 1e-6);
    same(d[1], e[1], 1e-6);
    same(djl.lstm(gates, null)[1], engine.lstm(maps(gates), null)[1], 1e-6);
  }

  @Test
  void rearrangements() {
    NDArray a = m.randomNormal(new Shape(1, 8, 4, 6));
    FeatureMaps fa = maps(a);
    same(djl.spaceToDepth(a, 2), engine.spaceToDepth(fa, 2), 0);
    same(djl.depthToSpace(a, 2), engine.depthToSpace(fa, 2), 0);
    same(djl.upsample(a, 3), engine.upsample(fa, 3), 0);
    same(djl.concat(List.of(a, a.neg())), engine.concat(List.of(fa, maps(a.neg()))), 0);
    same(djl.channels(a, 2, 5), engine.channels(fa, 2, 5), 0);
    same(djl.constant("state", 4, 3), engine.constant("state", 4, 3), 0);
  }

  private static ParameterSpec spec(String name, long... shape) {
    return new ParameterSpec(name, shape, Init.uniform(0.4), 0, true);
  }
}
