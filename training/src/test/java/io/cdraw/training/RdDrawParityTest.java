package io.cdraw.training;

import static io.cdraw.training.ParityAssertions.maps;
import static io.cdraw.training.ParityAssertions.same;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cdraw.codec.engine.EngineTensors;
import io.cdraw.codec.engine.FeatureMaps;
import io.cdraw.codec.net.RdConfig;
import io.cdraw.codec.net.RdDrawNetwork;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The rd-draw network definition on its two backends, DJL (training) and the engine (coding),
 * with the same random weights, whole steps (prior, posterior, canvas, reconstruction); the layers have
 * {@link TensorsParityTest}. The engine's fixed summation order and its exp differ from
 * libtorch's in the last bits, so values agree to 1e-3 over ten steps, not bit for bit.
 */
class RdDrawParityTest {
  private static final double NETWORK_TOLERANCE = 1e-3;

  @ParameterizedTest
  @CsvSource({"8, false, 0, false, 0, 0, 0", "16, false, 0, false, 0, 0, 0",
      "32, false, 0, false, 0, 0, 0", "8, true, 0, false, 0, 0, 0", "8, false, 4, false, 0, 0, 0",
      "16, true, 4, false, 0, 0, 0", "8, false, 0, true, 0, 0, 0", "16, true, 4, true, 0, 0, 0",
      "8, false, 0, false, 3, 0, 0", "8, true, 4, true, 2, 0, 0", "8, false, 0, false, 0, 8, 0",
      "16, true, 0, true, 2, 8, 0", "8, false, 4, true, 2, 0, 5", "16, true, 0, false, 0, 8, 3"})
  void wholeStepsAgree(int stride, boolean writeReadsLatents, int fineMaps, boolean stepWrites,
      int coarseSteps, int canvasMaps, int fineLatentSteps) {
    wholeStepsAgree(RdConfig.builder(10, 16, 8, 8, stride, 1e-3, 0.01)
        .writeReadsLatents(writeReadsLatents).fineMaps(fineMaps).stepWrites(stepWrites)
        .coarseSteps(coarseSteps).canvasMaps(canvasMaps).fineLatentSteps(fineLatentSteps).build());
  }

  /**
   * The posterior's read paths (the features on the latent grid, the error on the fine one) and
   * the fine prior's read of the canvas, beside coarse steps (which run none of them).
   */
  @ParameterizedTest
  @CsvSource({"8, 0, 0, false", "8, 2, 3, true", "16, 1, 0, false", "16, 0, 2, true"})
  void wholeStepsAgreeWithTheDirectReads(int stride, int coarseSteps, int fineLatentSteps,
      boolean priorReadsCanvas) {
    wholeStepsAgree(RdConfig.builder(10, 16, 8, 8, stride, 1e-3, 0.01).fineMaps(4).stepWrites(true)
        .coarseSteps(coarseSteps).fineLatentSteps(fineLatentSteps).posteriorReads(true)
        .priorReadsCanvas(priorReadsCanvas).build());
  }

  /** The residual filter over the reconstruction, beside the write levels it follows. */
  @ParameterizedTest
  @CsvSource({"8, 0, 0, 8", "16, 4, 2, 4"})
  void reconstructionsAgreeWithTheResidualFilter(int stride, int fineMaps, int fineLatentSteps,
      int filterMaps) {
    wholeStepsAgree(RdConfig.builder(10, 16, 8, 8, stride, 1e-3, 0.01).fineMaps(fineMaps)
        .stepWrites(true).fineLatentSteps(fineLatentSteps).filterMaps(filterMaps).build());
  }

  private static void wholeStepsAgree(RdConfig config) {
    int stride = config.latentStride();
    int side = 2 * config.paddingStride();
    try (NDManager m = NDManager.newBaseManager()) {
      Parameters params = new Parameters(m, stride);
      new RdDrawModel(config, params);
      ParityAssertions.enliven(params, m);
      DjlTensors djl = new DjlTensors(params, 1);
      EngineTensors engine = ParityAssertions.engineOf(params, RdDrawNetwork.parameters(config));
      int width = side + config.paddingStride();
      NDArray x = m.randomUniform(0, 1, new Shape(1, 3, side, width));
      RdDrawNetwork.State<NDArray> ds = RdDrawNetwork.start(djl, config, side, width);
      RdDrawNetwork.State<FeatureMaps> es = RdDrawNetwork.start(engine, config, side, width);
      FeatureMaps ex = maps(x);
      for (int t = 0; t < config.steps(); t++) {
        same(RdDrawNetwork.prior(djl, config, ds), RdDrawNetwork.prior(engine, config, es),
            NETWORK_TOLERANCE);
        NDArray muQ = RdDrawNetwork.posteriorMean(djl, config, ds, x);
        same(muQ, RdDrawNetwork.posteriorMean(engine, config, es, ex), NETWORK_TOLERANCE);
        // both decode the same latents, as the codec's two ends do
        RdDrawNetwork.decode(djl, config, ds, muQ);
        RdDrawNetwork.decode(engine, config, es, maps(muQ));
        same(ds.canvas(), es.canvas(), NETWORK_TOLERANCE);
        same(RdDrawNetwork.reconstruction(djl, config, ds),
            RdDrawNetwork.reconstruction(engine, config, es), NETWORK_TOLERANCE);
      }
    }
  }
}
