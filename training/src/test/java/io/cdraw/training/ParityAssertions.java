package io.cdraw.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cdraw.codec.engine.EngineTensors;
import io.cdraw.codec.engine.FeatureMaps;
import io.cdraw.codec.net.ParameterSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Moves between the two backends of a network definition and compares their results. */
public final class ParityAssertions {
  private ParityAssertions() {}

  /**
   * Gives the convolutions that start at zero (paths added to a trained model without changing
   * it, such as qRead and fineLatent.w) random weights, so that their paths are compared and
   * coded too.
   */
  public static void enliven(Parameters params, NDManager m) {
    params.asMap().forEach((name, w) -> {
      if (name.endsWith(".w") && w.abs().max().getFloat() == 0) {
        w.set(m.randomUniform(-0.1f, 0.1f, w.getShape()).toFloatArray());
      }
    });
  }

  /** The engine backend over the same weights as a DJL parameter store. */
  static EngineTensors engineOf(Parameters params, List<ParameterSpec> specs) {
    Map<String, float[]> weights = new HashMap<>();
    params.asMap().forEach((name, a) -> weights.put(name, a.toFloatArray()));
    return new EngineTensors(weights, specs);
  }

  /** The engine's maps of a (1, C, H, W) array. */
  static FeatureMaps maps(NDArray a) {
    Shape s = a.getShape();
    return new FeatureMaps((int) s.get(1), (int) s.get(2), (int) s.get(3), a.toFloatArray());
  }

  /** Same shape, and values within {@code tolerance} of each other. */
  static void same(NDArray djl, FeatureMaps engine, double tolerance) {
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
