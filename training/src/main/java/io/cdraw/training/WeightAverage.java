package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.cdraw.codec.model.ModelFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exponential moving average of the weights (Polyak averaging): after every update,
 * average ← decay · average + (1 − decay) · weights. Adam at a constant learning rate keeps the
 * weights moving around a minimum; their average over the last 1 / (1 − decay) steps sits closer
 * to it. The trainer validates and saves the average; the weights Adam trains on are kept apart
 * ({@link #TRAINED}) so that a run resumes exactly.
 */
final class WeightAverage implements AutoCloseable {
  /** The state kind under which a checkpoint keeps the trained (not averaged) weights. */
  static final String TRAINED = "trained";

  private final NDManager manager;
  private final double decay;
  private final List<NDArray> average = new ArrayList<>();
  private final List<String> names = new ArrayList<>();

  /**
   * Starts the average at {@code start}: the weights in the parameters' order (for a resumed
   * averaging run, the checkpoint's weights, which are its average).
   */
  WeightAverage(NDManager parent, double decay, NDList start) {
    if (!(decay > 0 && decay < 1)) {
      throw new IllegalArgumentException("the weight average's decay must be in (0, 1): " + decay);
    }
    this.manager = parent.newSubManager();
    this.decay = decay;
    for (NDArray a : start) {
      NDArray copy = a.duplicate();
      copy.attach(manager);
      average.add(copy);
      names.add(a.getName());
    }
  }

  /** Moves the average towards the parameters' current values; temporaries go to {@code step}. */
  void update(Parameters params, NDManager step) {
    int i = 0;
    for (NDArray weight : params.asMap().values()) {
      NDArray avg = average.get(i++);
      avg.tempAttach(step);
      // detached (a view of the weights: not in place) so that the average stays out of the
      // autograd graph
      avg.muli(decay).addi(weight.stopGradient().mul(1 - decay));
    }
  }

  /**
   * Exchanges the values of the parameters and the average: call it twice around anything that
   * should see the averaged weights (validation, saving).
   */
  void swapWith(Parameters params, NDManager scratch) {
    try (NDManager tmp = scratch.newSubManager()) {
      params.tempAttach(tmp);
      int i = 0;
      for (NDArray weight : params.asMap().values()) {
        NDArray avg = average.get(i++);
        NDArray held = weight.stopGradient().duplicate();
        avg.copyTo(weight);
        held.copyTo(avg);
      }
    }
  }

  /**
   * The arrays this object holds, named as training state of kind {@code kind}: after
   * {@link #swapWith} they are the trained weights, stored as {@link #TRAINED}.
   */
  NDList state(String kind) {
    NDList list = new NDList(average.size());
    for (int i = 0; i < average.size(); i++) {
      NDArray a = average.get(i);
      a.setName(ModelFile.stateName(kind, names.get(i)));
      list.add(a);
    }
    return list;
  }

  /**
   * The trained weights a checkpoint keeps apart from its (averaged) weights, by parameter name;
   * empty when the checkpoint was not written by an averaging run.
   */
  static Map<String, NDArray> trainedWeights(NDList checkpointArrays) {
    String prefix = ModelFile.stateName(TRAINED, "");
    Map<String, NDArray> trained = new LinkedHashMap<>();
    for (NDArray a : checkpointArrays) {
      if (a.getName().startsWith(prefix)) {
        trained.put(a.getName().substring(prefix.length()), a);
      }
    }
    return trained;
  }

  @Override
  public void close() {
    manager.close();
  }
}
