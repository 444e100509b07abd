package io.cdraw.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.cdraw.codec.net.RdConfig;
import java.io.IOException;
import java.util.function.Function;

/** Rebuilds trainable networks on loaded weights: the one place weights are loaded. */
public final class TrainableModels {
  private TrainableModels() {}

  /** The network a model file or checkpoint describes, of either architecture. */
  public static TrainableModel fromFile(DjlModelFile file, String name, NDManager manager)
      throws IOException {
    if (RdConfig.describes(file.metadata())) {
      return onWeights(p -> new RdDrawModel(RdConfig.fromProperties(file.metadata()), p),
          file.weights(), name, manager);
    }
    return ConvDrawNetwork.fromFile(file, name, manager);
  }

  /**
   * Builds a network on {@code weights}, which must be exactly the weights it declares (none
   * missing, none left over); {@code name} labels errors.
   */
  static <M extends TrainableModel> M onWeights(Function<Parameters, M> factory, NDList weights,
      String name, NDManager manager) throws IOException {
    Parameters params = Parameters.of(manager, weights);
    M model;
    try {
      model = factory.apply(params);
    } catch (IllegalArgumentException e) {
      throw new IOException(name + ": " + e.getMessage(), e);
    }
    if (params.asMap().size() != weights.size()) {
      throw new IOException(name + ": the weights do not match the configuration");
    }
    return model;
  }
}
