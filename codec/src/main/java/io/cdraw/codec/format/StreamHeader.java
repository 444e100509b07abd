package io.cdraw.codec.format;

import java.util.Locale;

/**
 * The fields of a .cdraw header.
 *
 * @param version the format version the stream was written in ({@link CdrawFormat#VERSION} for
 *     streams written now)
 * @param modelId first 4 bytes of the SHA-256 of the model file, big-endian
 * @param width image width in pixels
 * @param height image height in pixels
 * @param flags {@link CdrawFormat#FLAG_GREY_SOURCE}
 * @param storedSteps time steps whose latents are in the payload
 * @param totalSteps the model's T
 * @param partialSymbols symbols of step storedSteps + 1 that follow the whole steps, in coding
 *     order (0: none); the rest of that step's latents are the prior mean
 * @param partialWidthCode from version 5, when partialSymbols &gt; 0: the partial step's
 *     quantisation grid is Δ · 2^(w/4) ({@link CdrawFormat#MAX_PARTIAL_WIDTH_CODE}); 0 otherwise
 * @param filterSize from version 6: the side k of the reconstruction filter over the decoded
 *     picture, 0 for none
 * @param filterDeltas its coefficients as stored (each weight minus the identity's, in units of
 *     2^-{@value CdrawFormat#FILTER_FRACTION_BITS}); empty without a filter
 * @param symbolCheck CRC32C over the per-step CRC32Cs of the coded symbols (detects desyncs)
 * @param stepChecks from version 3, one per coded step: the low {@link
 *     CdrawFormat#STEP_CHECK_BITS} bits of its symbols' CRC32C, so that a decoder stops at the
 *     first step that fails instead of after the last; empty in older versions
 */
public record StreamHeader(int version, int modelId, int width, int height, int flags, int storedSteps,
    int totalSteps, int partialSymbols, int partialWidthCode, int filterSize,
    int[] filterDeltas, int symbolCheck, int[] stepChecks) {

  public StreamHeader {
    stepChecks = stepChecks.clone();
    filterDeltas = filterDeltas.clone();
    if (filterSize < 0 || filterSize > CdrawFormat.MAX_FILTER_SIZE
        || (filterSize > 0) != (filterDeltas.length > 0)
        || filterSize > 0 && (filterSize % 2 == 0 || version < CdrawFormat.FIRST_VERSION_FILTER)
        || filterDeltas.length > CdrawFormat.MAX_FILTER_COEFFICIENTS) {
      throw new IllegalArgumentException("a filter of size " + filterSize + " with "
          + filterDeltas.length + " coefficients in version " + version);
    }
    for (int d : filterDeltas) {
      if (Math.abs(d) > CdrawFormat.MAX_FILTER_DELTA) {
        throw new IllegalArgumentException("filter coefficient " + d + " out of range");
      }
    }
    if (partialWidthCode < 0 || partialWidthCode > CdrawFormat.MAX_PARTIAL_WIDTH_CODE
        || partialWidthCode > 0 && (partialSymbols == 0
            || version < CdrawFormat.FIRST_VERSION_PARTIAL_WIDTH)) {
      throw new IllegalArgumentException("partial width code " + partialWidthCode
          + " with " + partialSymbols + " partial symbols in version " + version);
    }
  }

  /** A header without a reconstruction filter. */
  public StreamHeader(int version, int modelId, int width, int height, int flags,
      int storedSteps, int totalSteps, int partialSymbols, int partialWidthCode, int symbolCheck,
      int[] stepChecks) {
    this(version, modelId, width, height, flags, storedSteps, totalSteps, partialSymbols,
        partialWidthCode, 0, new int[0], symbolCheck, stepChecks);
  }

  @Override
  public int[] filterDeltas() {
    return filterDeltas.clone();
  }

  /** Whether this version has the reconstruction filter field. */
  public boolean hasFilterField() {
    return version >= CdrawFormat.FIRST_VERSION_FILTER;
  }

  /** Whether this version stores the partial step's width code (when it has a partial step). */
  public boolean hasPartialWidth() {
    return version >= CdrawFormat.FIRST_VERSION_PARTIAL_WIDTH;
  }

  /** Whether this version stores a check per coded step. */
  public boolean hasStepChecks() {
    return version >= CdrawFormat.FIRST_VERSION_WITH_STEP_CHECKS;
  }

  /** The per-step check of a step whose symbols have this CRC32C. */
  public static int stepCheck(int stepCrc) {
    return stepCrc & ((1 << CdrawFormat.STEP_CHECK_BITS) - 1);
  }

  @Override
  public int[] stepChecks() {
    return stepChecks.clone();
  }

  /** Whether the image was grey: the decoder then writes it grey. */
  public boolean greySource() {
    return (flags & CdrawFormat.FLAG_GREY_SOURCE) != 0;
  }

  /** Steps with coded symbols: the whole ones, and the partial one if any. */
  public int codedSteps() {
    return partialSymbols > 0 ? storedSteps + 1 : storedSteps;
  }

  /** ", 3x3 filter" for a stream with a reconstruction filter of that size, else "". */
  public static String describeFilter(int filterSize) {
    return filterSize == 0 ? "" : ", " + filterSize + "x" + filterSize + " filter";
  }

  /**
   * "3 of 10 steps", "3 of 10 steps + 812 symbols of step 4", or with a partial width code,
   * "3 of 10 steps + 812 symbols of step 4 on a 1.41x grid".
   */
  public static String describeSteps(int stored, int partial, int partialWidthCode, int total) {
    String whole = stored + " of " + total + " steps";
    if (partial == 0) {
      return whole;
    }
    String grid = partialWidthCode > 0 ? String.format(Locale.ROOT, " on a %.2fx grid",
        CdrawFormat.partialWidthScale(partialWidthCode)) : "";
    return whole + " + " + partial + " symbols of step " + (stored + 1) + grid;
  }
}
