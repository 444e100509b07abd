package io.cdraw.training;

import static io.cdraw.training.ParityAssertions.maps;
import static io.cdraw.training.ParityAssertions.same;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cdraw.codec.engine.EngineTensors;
import io.cdraw.codec.engine.FeatureMaps;
import io.cdraw.codec.engine.PixelMapping;
import io.cdraw.codec.model.ModelConfig;
import io.cdraw.codec.net.DrawNetwork;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The paper's conv DRAW ({@link DrawNetwork}) on DJL and on the engine with the same random
 * weights, step by step: the posterior heads, the priors, the canvas after decoding the same
 * latents, then generation from the prior mean, and the pixels. Values agree to 1e-3 over all
 * steps (the engine's fixed summation order and exp differ from libtorch's in the last bits).
 */
class DrawParityTest {
  private static final double TOLERANCE = 1e-3;
  private static final int STORED = 3;

  static Stream<ModelConfig> configs() {
    ModelConfig gaussian = new ModelConfig(3, ModelConfig.Likelihood.GAUSSIAN, 5, 1, 8, 3, 3, 2,
        0, 0, 1, true, 1.0, false);
    return Stream.of(gaussian,
        gaussian.withShape(5, 4, 1, false),
        gaussian.withLayers(2, 6, 2, 2),
        new ModelConfig(1, ModelConfig.Likelihood.BERNOULLI, 5, 1, 8, 3, 5, 2, 0, 0, 1, true, 1.0,
            false));
  }

  @ParameterizedTest
  @MethodSource("configs")
  void posteriorsPriorsCanvasGenerationAndPixelsAgree(ModelConfig c) {
    try (NDManager m = NDManager.newBaseManager()) {
      Parameters params = new Parameters(m, 17);
      ConvDrawNetwork net = new ConvDrawNetwork(c, params);
      // Larger weights than the initialisation so that every path carries signal.
      for (NDArray p : params.asMap().values()) {
        p.addi(m.randomUniform(-0.3f, 0.3f, p.getShape()));
      }
      DjlTensors djl = new DjlTensors(params, 1);
      EngineTensors engine = ParityAssertions.engineOf(params, DrawNetwork.parameters(c));
      int height = 2 * c.sizeMultiple() * 3;
      int width = 2 * c.sizeMultiple() * 4;
      NDArray x = m.randomUniform(0, 1, new Shape(1, c.channels(), height, width));
      FeatureMaps ex = maps(x);
      DrawNetwork.State<NDArray> ds = DrawNetwork.start(djl, c, height, width);
      DrawNetwork.State<FeatureMaps> es = DrawNetwork.start(engine, c, height, width);
      int z1 = c.latentMaps();
      for (int t = 0; t < c.steps(); t++) {
        NDArray q1 = null;
        if (t < STORED) {
          q1 = DrawNetwork.posterior1(djl, c, ds, x);
          same(q1, DrawNetwork.posterior1(engine, c, es, ex), TOLERANCE);
        }
        if (c.layers() == 2) {
          NDArray p2 = DrawNetwork.prior2(djl, ds);
          same(p2, DrawNetwork.prior2(engine, es), TOLERANCE);
          NDArray z2 = djl.channels(p2, 0, c.layer2LatentMaps());
          if (q1 != null) {
            z2 = DrawNetwork.posterior2(djl, c, ds, djl.channels(q1, 0, z1));
            same(z2, DrawNetwork.posterior2(engine, c, es, maps(djl.channels(q1, 0, z1))),
                TOLERANCE);
            z2 = djl.channels(z2, 0, c.layer2LatentMaps());
          }
          DrawNetwork.decode2(djl, c, ds, z2);
          DrawNetwork.decode2(engine, c, es, maps(z2));
        }
        NDArray p1 = DrawNetwork.prior1(djl, ds);
        same(p1, DrawNetwork.prior1(engine, es), TOLERANCE);
        // stored steps decode the posterior mean, later ones generate at the prior mean
        NDArray z = djl.channels(q1 != null ? q1 : p1, 0, z1);
        DrawNetwork.decode1(djl, c, ds, z);
        DrawNetwork.decode1(engine, c, es, maps(z));
        same(ds.canvas(), es.canvas(), TOLERANCE);
      }
      byte[] djlPixels = net.toPixels(ds.canvas());
      float[] engineMean = DrawNetwork.canvasMean(engine, c, es.canvas()).data();
      boolean gaussian = c.likelihood() == ModelConfig.Likelihood.GAUSSIAN;
      int equal = 0;
      for (int i = 0; i < djlPixels.length; i++) {
        int e = PixelMapping.pixel(engineMean[i], gaussian) & 0xff;
        int d = djlPixels[i] & 0xff;
        assertTrue(Math.abs(e - d) <= 1, "pixel " + i + ": engine " + e + ", DJL " + d);
        equal += e == d ? 1 : 0;
      }
      assertTrue(equal >= 0.99 * djlPixels.length, equal + " of " + djlPixels.length + " equal");
      assertEquals(c.canvasChannels(), es.canvas().channels());
    }
  }
}
