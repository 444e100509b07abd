package io.cdraw.codec.entropy;

/**
 * A distribution over symbols 0 … n − 1 as integer cumulative counts out of 2^precision:
 * cumulative(0) = 0, cumulative(n) = 2^precision, every symbol at least one count. Computed on
 * demand, so a distribution over thousands of bins costs only the counts a coder asks for.
 */
public interface QuantisedCdf {
  int symbols();

  int precision();

  /** Counts of the symbols below {@code symbol} (0 … symbols()). */
  int cumulative(int symbol);
}
