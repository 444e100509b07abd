package io.cdraw.codec.format;

/** Constants of the .cdraw container, specified in docs/format.md. */
public final class CdrawFormat {
  /** "CDRW". */
  public static final byte[] MAGIC = {'C', 'D', 'R', 'W'};
  /**
   * The version written: 2 added a partially stored step, 3 a check per coded step, 4 the coding
   * order by prior scale, 5 a wider quantisation grid for the partial step.
   */
  public static final int VERSION = 5;
  /** The first version with a check per coded step. */
  public static final int FIRST_VERSION_WITH_STEP_CHECKS = 3;
  /** The first version that codes a step's latents from the largest prior scale down. */
  public static final int FIRST_VERSION_CODING_BY_SCALE = 4;
  /** The first version whose partial step may code on a wider grid (its width code). */
  public static final int FIRST_VERSION_PARTIAL_WIDTH = 5;
  /**
   * The largest partial-step width code w: that step's grid is Δ · 2^(w/4), at most twice the
   * model's.
   */
  public static final int MAX_PARTIAL_WIDTH_CODE = 4;
  /** fl32(2^(w/4)) for each width code w (docs/format.md). */
  private static final float[] PARTIAL_WIDTH_SCALES = new float[MAX_PARTIAL_WIDTH_CODE + 1];

  static {
    for (int w = 0; w <= MAX_PARTIAL_WIDTH_CODE; w++) {
      PARTIAL_WIDTH_SCALES[w] = (float) StrictMath.pow(2, w / 4.0);
    }
  }
  /** Bits of each per-step check: the low bits of the step's symbol CRC32C. */
  public static final int STEP_CHECK_BITS = 16;
  /** The oldest version read (it has no partial step). */
  public static final int OLDEST_READABLE_VERSION = 1;
  /** Largest width or height a stream may declare. */
  public static final int MAX_SIDE = 1 << 15;
  /** Bytes of the model identity: the first bytes of the model file's SHA-256. */
  public static final int MODEL_ID_BYTES = 4;
  /** Flag bit: the source image was grey; decoders write a grey image. */
  public static final int FLAG_GREY_SOURCE = 1;

  private CdrawFormat() {}

  /** The factor s_w = fl32(2^(w/4)) by which width code w widens the partial step's grid. */
  public static float partialWidthScale(int widthCode) {
    return PARTIAL_WIDTH_SCALES[widthCode];
  }
}
