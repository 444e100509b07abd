package io.cdraw.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import io.cdraw.codec.net.ParameterSpec;
import org.junit.jupiter.api.Test;

class AdamTest {
  /** Loss w · (x, x) for one weight vector w; the gradient is x. */
  private static void backward(Parameters params, NDManager manager, float x) {
    NDArray w = params.asMap().get("w");
    try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
      collector.backward(w.mul(manager.create(new float[] {x, x})).sum());
    }
  }

  @Test
  void aStepWithNonFiniteGradientsIsSkippedAndDoesNotPoisonTheNextOne() {
    try (NDManager manager = NDManager.newBaseManager()) {
      Parameters params = new Parameters(manager, 1);
      params.get("w", new Shape(2), ParameterSpec.Init.constant(1));
      params.requireGradients();
      Adam adam = new Adam(0.1, manager);

      backward(params, manager, Float.POSITIVE_INFINITY);
      assertTrue(Double.isNaN(adam.step(params, manager, 1, 0)));
      assertEquals(List.of("w"), adam.nonFiniteGradients());
      assertArrayEquals(new float[] {1, 1}, params.asMap().get("w").toFloatArray());
      assertArrayEquals(new float[] {0, 0},
          params.asMap().get("w").getGradient().toFloatArray());

      backward(params, manager, 2);
      assertEquals(Math.sqrt(8), adam.step(params, manager, 1, 0), 1e-6);
      // Adam's first step moves every weight by the learning rate against the gradient's sign.
      assertArrayEquals(new float[] {0.9f, 0.9f}, params.asMap().get("w").toFloatArray(), 1e-6f);
    }
  }
}
