package io.cdraw.training;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.cdraw.codec.net.RdConfig;
import java.io.IOException;
import java.util.function.Function;
import java.util.function.Predicate;

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
    M model = build(factory, params, name);
    if (!params.created().isEmpty()) {
      throw new IOException(name + ": the weights do not match the configuration (missing "
          + String.join(", ", params.created()) + ")");
    }
    return model;
  }

  /**
   * Builds a network that starts from {@code weights}: each must be one the network declares,
   * with its shape or, if {@code widenable}, inside it ({@link Parameters#startingFrom}), and
   * the weights they lack (those of options the file's network did not have) start from
   * {@code seed}, listed by {@link Parameters#created}.
   */
  static <M extends TrainableModel> M startingFrom(Function<Parameters, M> factory,
      NDList weights, long seed, Predicate<String> widenable, String name, NDManager manager)
      throws IOException {
    return build(factory, Parameters.startingFrom(manager, weights, seed, widenable), name);
  }

  private static <M extends TrainableModel> M build(Function<Parameters, M> factory,
      Parameters params, String name) throws IOException {
    M model;
    try {
      model = factory.apply(params);
    } catch (IllegalArgumentException e) {
      throw new IOException(name + ": " + e.getMessage(), e);
    }
    if (!params.undeclared().isEmpty()) {
      throw new IOException(name + ": the weights do not match the configuration (unused "
          + String.join(", ", params.undeclared()) + ")");
    }
    return model;
  }
}
