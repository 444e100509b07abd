package io.cdraw.codec.format;

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
 * @param symbolCheck CRC32C over the per-step CRC32Cs of the coded symbols (detects desyncs)
 * @param stepChecks from version 3, one per coded step: the low {@link
 *     CdrawFormat#STEP_CHECK_BITS} bits of its symbols' CRC32C, so that a decoder stops at the
 *     first step that fails instead of after the last; empty in older versions
 */
public record StreamHeader(int version, int modelId, int width, int height, int flags, int storedSteps,
    int totalSteps, int partialSymbols, int symbolCheck, int[] stepChecks) {

  public StreamHeader {
    stepChecks = stepChecks.clone();
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

  /** "3 of 10 steps", or "3 of 10 steps + 812 symbols of step 4". */
  public static String describeSteps(int stored, int partial, int total) {
    String whole = stored + " of " + total + " steps";
    return partial > 0 ? whole + " + " + partial + " symbols of step " + (stored + 1) : whole;
  }
}
