package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * The older parameters of the paper's section 4 ("we store older parameters, detect such jumps
 * and revert"): a copy of the weights and of Adam's state, taken while training is healthy and
 * restored after a loss spike or non-finite gradients.
 */
final class RevertBuffer implements AutoCloseable {
  private final NDManager manager;
  private NDList weights;
  private NDList adamState;
  private long adamUpdates;

  RevertBuffer(NDManager parent) {
    this.manager = parent.newSubManager();
  }

  /** Replaces the stored copy with the current parameters and optimiser state. */
  void take(Parameters params, Adam adam) {
    if (weights != null) {
      weights.close();
      adamState.close();
    }
    weights = copy(params.toNDList());
    adamState = copy(adam.state());
    adamUpdates = adam.updates();
  }

  /** Puts the stored copy back into the parameters and the optimiser. */
  void restore(Parameters params, Adam adam, NDManager scratch) {
    try (NDManager tmp = scratch.newSubManager()) {
      params.tempAttach(tmp);
      int i = 0;
      for (NDArray p : params.asMap().values()) {
        weights.get(i++).copyTo(p);
      }
    }
    adam.restore(adamState, adamUpdates);
  }

  /** The optimiser step the stored copy was taken at. */
  long adamUpdates() {
    return adamUpdates;
  }

  private NDList copy(NDList list) {
    NDList out = new NDList(list.size());
    for (NDArray a : list) {
      NDArray c = a.duplicate();
      c.setName(a.getName());
      c.attach(manager);
      out.add(c);
    }
    return out;
  }

  @Override
  public void close() {
    manager.close();
  }
}
