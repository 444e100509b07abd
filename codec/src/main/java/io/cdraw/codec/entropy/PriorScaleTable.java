package io.cdraw.codec.entropy;

/**
 * The fixed set of prior scales the codec codes with: {@value #SIZE} ratios r = σ_p / Δ spaced
 * evenly in log from {@value #MIN_RATIO} to {@value #MAX_RATIO}, each with its
 * {@link GaussianBinTable}. A latent's ratio is mapped to the nearest entry in the log domain,
 * from the log-variance directly so no exp is involved. Built once; identical on every machine.
 */
public final class PriorScaleTable {
  public static final int SIZE = 64;
  public static final double MIN_RATIO = 0.02;
  public static final double MAX_RATIO = 256;
  private static final double LOG_MIN = StrictMath.log(MIN_RATIO);
  private static final double LOG_STEP = (StrictMath.log(MAX_RATIO) - LOG_MIN) / (SIZE - 1);

  private static final PriorScaleTable INSTANCE = new PriorScaleTable();

  private final GaussianBinTable[] tables = new GaussianBinTable[SIZE];

  private PriorScaleTable() {
    for (int i = 0; i < SIZE; i++) {
      tables[i] = new GaussianBinTable(ratio(i));
    }
  }

  public static PriorScaleTable instance() {
    return INSTANCE;
  }

  public static double ratio(int index) {
    return StrictMath.exp(LOG_MIN + index * LOG_STEP);
  }

  /**
   * The entry for a prior log-variance and a quantisation step: log r = lv / 2 − log Δ, rounded
   * to the nearest grid point and clamped to the table.
   */
  public static int index(float priorLogVariance, double logStep) {
    double logRatio = 0.5 * priorLogVariance - logStep;
    double position = Math.rint((logRatio - LOG_MIN) / LOG_STEP);
    return (int) Math.max(0, Math.min(SIZE - 1, position));
  }

  public GaussianBinTable table(int index) {
    return tables[index];
  }
}
