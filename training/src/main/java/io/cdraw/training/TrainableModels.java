package io.cdraw.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.cdraw.codec.net.RdConfig;
import java.io.IOException;

/** Rebuilds the trainable network a model file or checkpoint describes, of either architecture. */
public final class TrainableModels {
  private TrainableModels() {}

  public static TrainableModel fromFile(DjlModelFile file, String name, NDManager manager)
      throws IOException {
    if (!RdConfig.describes(file.metadata())) {
      return ConvDrawNetwork.fromFile(file, name, manager);
    }
    NDList weights = file.weights();
    Parameters params = Parameters.of(manager, weights);
    RdDrawModel model;
    try {
      model = new RdDrawModel(RdConfig.fromProperties(file.metadata()), params);
    } catch (IllegalArgumentException e) {
      throw new IOException(name + ": " + e.getMessage(), e);
    }
    if (params.asMap().size() != weights.size()) {
      throw new IOException(name + ": the weights do not match the configuration");
    }
    return model;
  }
}
