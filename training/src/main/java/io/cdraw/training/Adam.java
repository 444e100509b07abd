package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.cdraw.codec.model.ModelFile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2014) over a {@link Parameters} store, with its moments held as named
 * arrays so that checkpoints and the loss-spike guard can save and restore them exactly.
 */
public final class Adam {
  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;
  private static final String FIRST = "adam.m";
  private static final String SECOND = "adam.v";
  private static final NDIndex ALL = new NDIndex("...");

  private final double learningRate;
  private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
  private final NDManager stateManager;
  private final List<String> nonFinite = new ArrayList<>();
  private long updates;

  /** @param stateManager owns the moments for the optimiser's lifetime */
  public Adam(double learningRate, NDManager stateManager) {
    this.learningRate = learningRate;
    this.stateManager = stateManager;
  }

  /** The parameters whose gradients were not finite in the last skipped step (for the log). */
  public List<String> nonFiniteGradients() {
    return List.copyOf(nonFinite);
  }

  public long updates() {
    return updates;
  }

  /** Applies one update from the gradients the last backward pass left, then zeroes them. */
  public void step(Parameters params, NDManager stepManager) {
    step(params, stepManager, 1, 0);
  }

  /**
   * One update at {@code learningRateScale} times the base rate, the gradients first scaled down
   * to a global L2 norm of at most {@code clipNorm} (0: no clipping). A step whose gradients are
   * not finite is skipped (gradients zeroed, no update).
   *
   * @return the gradients' global L2 norm before clipping, NaN when the step was skipped
   */
  public double step(Parameters params, NDManager stepManager, double learningRateScale,
      double clipNorm) {
    double squares = 0;
    nonFinite.clear();
    for (Map.Entry<String, NDArray> e : params.asMap().entrySet()) {
      // in double: large but finite gradients must not overflow the sum
      double sum = e.getValue().getGradient().toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
          .square().sum().getDouble();
      if (!Double.isFinite(sum)) {
        nonFinite.add(e.getKey());
      }
      squares += sum;
    }
    if (!nonFinite.isEmpty()) {
      clearGradients(params);
      return Double.NaN;
    }
    double norm = Math.sqrt(squares);
    double gradScale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1;
    updates++;
    double correction1 = 1 - Math.pow(BETA1, updates);
    double correction2 = 1 - Math.pow(BETA2, updates);
    double stepSize = learningRate * learningRateScale * Math.sqrt(correction2) / correction1;
    for (Map.Entry<String, NDArray> e : params.asMap().entrySet()) {
      NDArray weight = e.getValue();
      NDArray grad = weight.getGradient();
      if (gradScale != 1) {
        grad.muli(gradScale);
      }
      NDArray m = firstMoments.computeIfAbsent(e.getKey(), k -> zerosLike(weight));
      NDArray v = secondMoments.computeIfAbsent(e.getKey(), k -> zerosLike(weight));
      m.tempAttach(stepManager);
      v.tempAttach(stepManager);
      m.muli(BETA1).addi(grad.mul(1 - BETA1));
      v.muli(BETA2).addi(grad.square().muli(1 - BETA2));
      weight.subi(m.div(v.sqrt().addi(EPSILON)).muli(stepSize));
    }
    clearGradients(params);
    return norm;
  }

  /**
   * Sets every gradient to zero: backward passes add to them. Written, not computed from the old
   * values: an infinite or NaN gradient minus itself is NaN, and would poison every later step.
   */
  public static void clearGradients(Parameters params) {
    for (NDArray weight : params.asMap().values()) {
      weight.getGradient().set(ALL, 0);
    }
  }

  /** The moments as training-state arrays {@code adam.m/<param>} and {@code adam.v/<param>}. */
  public NDList state() {
    NDList list = new NDList();
    firstMoments.forEach((k, a) -> {
      a.setName(ModelFile.stateName(FIRST, k));
      list.add(a);
    });
    secondMoments.forEach((k, a) -> {
      a.setName(ModelFile.stateName(SECOND, k));
      list.add(a);
    });
    return list;
  }

  /** Replaces the moments with copies of {@code state} (as made by {@link #state()}). */
  public void restore(NDList state, long updateCount) {
    firstMoments.values().forEach(NDArray::close);
    secondMoments.values().forEach(NDArray::close);
    firstMoments.clear();
    secondMoments.clear();
    for (NDArray a : state) {
      String name = a.getName();
      NDArray copy = a.duplicate();
      copy.attach(stateManager);
      String first = ModelFile.stateName(FIRST, "");
      String second = ModelFile.stateName(SECOND, "");
      if (name.startsWith(first)) {
        firstMoments.put(name.substring(first.length()), copy);
      } else if (name.startsWith(second)) {
        secondMoments.put(name.substring(second.length()), copy);
      }
    }
    this.updates = updateCount;
  }

  private NDArray zerosLike(NDArray a) {
    return stateManager.zeros(a.getShape(), a.getDataType());
  }
}
