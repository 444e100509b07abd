package io.cdraw.codec.format;

/** Constants of the .cdraw container, specified in docs/format.md. */
public final class CdrawFormat {
  /** "CDRW". */
  public static final byte[] MAGIC = {'C', 'D', 'R', 'W'};
  /**
   * The version written: 2 added a partially stored step, 3 a check per coded step, 4 the coding
   * order by prior scale, 5 a wider quantisation grid for the partial step, 6 a filter over the
   * decoded picture, 7 that filter also reading luma-guided planes of the picture.
   */
  public static final int VERSION = 7;
  /** The first version with a check per coded step. */
  public static final int FIRST_VERSION_WITH_STEP_CHECKS = 3;
  /** The first version that codes a step's latents from the largest prior scale down. */
  public static final int FIRST_VERSION_CODING_BY_SCALE = 4;
  /** The first version whose partial step may code on a wider grid (its width code). */
  public static final int FIRST_VERSION_PARTIAL_WIDTH = 5;
  /** The first version with a reconstruction filter field. */
  public static final int FIRST_VERSION_FILTER = 6;
  /** The first version whose filter reads the picture's luma-guided planes (RGB models). */
  public static final int FIRST_VERSION_GUIDED_FILTER = 7;
  /** The largest reconstruction filter side k (odd). */
  public static final int MAX_FILTER_SIZE = 7;
  /** The reconstruction filter's weights are in units of 2^-FILTER_FRACTION_BITS. */
  public static final int FILTER_FRACTION_BITS = 10;
  /** The largest |coefficient| of a stored filter: ±256 in pixel units. */
  public static final int MAX_FILTER_DELTA = 1 << (FILTER_FRACTION_BITS + 8);
  /** The most coefficients a stored filter may have: k = 7 on 4 channels. */
  public static final int MAX_FILTER_COEFFICIENTS = 4 * (4 * 7 * 7 + 1);
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
