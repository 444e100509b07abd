package io.cdraw.codec;

import java.util.function.IntFunction;

/**
 * What {@code --bpp} needs after the whole steps that fit: the most symbols of the next step
 * whose file stays within the budget. A file grows with the number of symbols it codes, so a
 * bisection over the count finds it with about log2(symbols) trial files.
 */
final class PartialStepSearch {
  /** The count found (0: not one symbol fits) and its file, null when the count is 0. */
  record Fit<T>(int symbols, T file) {}

  private PartialStepSearch() {}

  /**
   * @param symbols the step's symbol count; a file of all of them is known not to fit
   * @param fileWith the file coding the first n symbols (1 ≤ n < symbols)
   * @param fits whether a file is within the budget
   */
  static <T> Fit<T> largest(int symbols, IntFunction<T> fileWith,
      java.util.function.Predicate<T> fits) {
    int fitting = 0;
    T best = null;
    int tooMany = symbols;
    while (tooMany - fitting > 1) {
      int n = (fitting + tooMany) >>> 1;
      T file = fileWith.apply(n);
      if (fits.test(file)) {
        fitting = n;
        best = file;
      } else {
        tooMany = n;
      }
    }
    return new Fit<>(fitting, best);
  }
}
