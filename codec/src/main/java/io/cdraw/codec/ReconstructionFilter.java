package io.cdraw.codec;

import io.cdraw.codec.format.CdrawFormat;
import io.cdraw.codec.io.ImageFiles.Planar;
import java.util.Arrays;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * A linear filter over one decoded picture, fitted to its image by the encoder and stored in the
 * stream (format 6): each output channel is a weighted sum of the k x k neighbourhoods (k odd) of
 * all channels (edges replicated), from format 7 plus the three {@link LumaGuidedPlanes} of an RGB
 * picture at the pixel itself, plus an offset. The network's reconstruction is its best guess for
 * images in general; the filter fits what is left to this one image (a colour cast, a blur): the
 * adaptive loop filter of video codecs, once per picture. The guided planes give the linear
 * filter a nonlinear, edge-aware view of the picture: chroma that follows the luma's edges.
 *
 * <p>The weights are integers in units of 2^-{@value CdrawFormat#FILTER_FRACTION_BITS}; the
 * decoder applies them in exact integer arithmetic, so every machine gets the same pixels. The
 * stream stores each weight minus the identity's ({@link #deltas}), small numbers that take one
 * or two bytes each (docs/format.md).
 */
public final class ReconstructionFilter {
  /**
   * The sizes k the encoder tries: on McMaster the 5x5 filter's 237 coefficients (228 without
   * guided planes) pay at 0.5 bpp, the 3x3 one's 93 (84) at lower rates (docs/rd-model.md).
   */
  static final int[] ENCODER_SIZES = {3, 5};
  private static final int ONE = 1 << CdrawFormat.FILTER_FRACTION_BITS;
  private static final int MAX_DELTA = CdrawFormat.MAX_FILTER_DELTA;
  private static final VectorSpecies<Integer> INTS = IntVector.SPECIES_PREFERRED;
  /**
   * Pixels whose products an int sums without overflow: taps are at most {@link
   * LumaGuidedPlanes#LIMIT} = 1,020 in magnitude, and 2,048 · 1,020² &lt; 2^31.
   */
  private static final int ROW_PIXELS = 1 << 11;

  private final int channels;
  private final int size;
  private final boolean guided;
  /**
   * Per output channel: channels · k² weights (input channel, row, column), with guided planes
   * their {@link LumaGuidedPlanes#PLANES} weights, then the offset.
   */
  private final int[] weights;

  private ReconstructionFilter(int channels, int size, boolean guided, int[] weights) {
    this.channels = channels;
    this.size = size;
    this.guided = guided;
    this.weights = weights;
  }

  public int size() {
    return size;
  }

  /**
   * Whether the filters of streams of this format version read the {@link LumaGuidedPlanes}
   * of pictures of this many channels: from version 7, for RGB.
   */
  public static boolean guided(int version, int channels) {
    return version >= CdrawFormat.FIRST_VERSION_GUIDED_FILTER
        && LumaGuidedPlanes.appliesTo(channels);
  }

  /** Weights and offset per output channel. */
  private static int perOutput(int channels, int size, boolean guided) {
    return channels * size * size + (guided ? LumaGuidedPlanes.PLANES : 0) + 1;
  }

  /** The number of deltas a stream holds for a k x k filter of this many channels. */
  public static int coefficients(int channels, int size, boolean guided) {
    return channels * perOutput(channels, size, guided);
  }

  /**
   * The filter a stream stores.
   *
   * @throws IllegalArgumentException if the size is not odd and at most {@link
   *     CdrawFormat#MAX_FILTER_SIZE}, the count does not fit it, or a delta is out of range
   */
  public static ReconstructionFilter fromDeltas(int channels, int size, boolean guided,
      int[] deltas) {
    if (size < 1 || size > CdrawFormat.MAX_FILTER_SIZE || size % 2 == 0) {
      throw new IllegalArgumentException("filter size " + size);
    }
    if (guided && !LumaGuidedPlanes.appliesTo(channels)) {
      throw new IllegalArgumentException("a guided filter of " + channels + " channels");
    }
    int count = coefficients(channels, size, guided);
    if (deltas.length != count) {
      throw new IllegalArgumentException(deltas.length + " filter coefficients for a " + size
          + "x" + size + (guided ? " guided" : "") + " filter of " + channels
          + " channels (need " + count + ")");
    }
    int[] weights = new int[deltas.length];
    for (int i = 0; i < deltas.length; i++) {
      if (Math.abs(deltas[i]) > MAX_DELTA) {
        throw new IllegalArgumentException("filter coefficient " + deltas[i] + " out of range");
      }
      weights[i] = deltas[i] + identity(channels, size, guided, i);
    }
    return new ReconstructionFilter(channels, size, guided, weights);
  }

  /** What the stream stores: each weight minus the identity filter's. */
  public int[] deltas() {
    int[] deltas = new int[weights.length];
    for (int i = 0; i < weights.length; i++) {
      deltas[i] = weights[i] - identity(channels, size, guided, i);
    }
    return deltas;
  }

  /** The identity filter's weight at index i: 1 on each channel's own centre tap. */
  private static int identity(int channels, int size, boolean guided, int i) {
    int per = perOutput(channels, size, guided);
    int out = i / per;
    int centre = (out * size + size / 2) * size + size / 2;
    return i % per == centre ? ONE : 0;
  }

  /**
   * The least-squares filter from {@code picture} to {@code image} (same shape), its weights
   * rounded to the grid, reading the picture's guided planes if {@code guided}; null when the
   * normal equations are singular (a flat picture).
   */
  public static ReconstructionFilter fit(Planar picture, Planar image, int size,
      boolean guided) {
    int c = picture.channels();
    int n = perOutput(c, size, guided);
    int width = picture.width();
    int[][] planes = guided ? LumaGuidedPlanes.of(picture) : null;
    // Sums of products of taps (at most 1,020² in magnitude each): exact in int lanes over at
    // most ROW_PIXELS pixels, then in long over the picture; the same sums as in double. The
    // taps of a run of pixels are laid out by tap (cols[k][x]), so that each sum is one vector
    // dot product.
    long[] gram = new long[n * n];
    long[][] rhs = new long[c][n];
    int run = Math.min(width, ROW_PIXELS);
    int[][] cols = tapColumns(n, run);
    int[] target = new int[run];
    for (int y = 0; y < picture.height(); y++) {
      for (int x0 = 0; x0 < width; x0 += run) {
        int len = Math.min(run, width - x0);
        taps(picture, planes, size, y, x0, len, cols);
        for (int i = 0; i < n; i++) {
          for (int j = i; j < n; j++) {
            gram[i * n + j] += dot(cols[i], cols[j], len);
          }
        }
        for (int out = 0; out < c; out++) {
          // the residual the filter is to add to the picture's own value
          for (int x = 0; x < len; x++) {
            target[x] = image.value(out, y, x0 + x) - picture.value(out, y, x0 + x);
          }
          for (int i = 0; i < n; i++) {
            rhs[out][i] += dot(cols[i], target, len);
          }
        }
      }
    }
    double[] normal = new double[n * n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j < n; j++) {
        normal[i * n + j] = gram[i * n + j];
        normal[j * n + i] = gram[i * n + j];
      }
    }
    int[] deltas = new int[c * n];
    for (int out = 0; out < c; out++) {
      double[] b = new double[n];
      for (int i = 0; i < n; i++) {
        b[i] = rhs[out][i];
      }
      double[] solution = solve(normal.clone(), b, n);
      if (solution == null) {
        return null;
      }
      for (int i = 0; i < n; i++) {
        long q = Math.round(solution[i] * ONE);
        deltas[out * n + i] = (int) Math.max(-MAX_DELTA, Math.min(MAX_DELTA, q));
      }
    }
    return fromDeltas(c, size, guided, deltas);
  }

  /** Σ a[x] b[x] over x < len, summed in int lanes (exact for len ≤ ROW_PIXELS taps). */
  private static long dot(int[] a, int[] b, int len) {
    IntVector sum = IntVector.zero(INTS);
    int x = 0;
    for (int bound = INTS.loopBound(len); x < bound; x += INTS.length()) {
      sum = IntVector.fromArray(INTS, a, x).mul(IntVector.fromArray(INTS, b, x)).add(sum);
    }
    long total = sum.reduceLanesToLong(VectorOperators.ADD);
    for (; x < len; x++) {
      total += a[x] * b[x];
    }
    return total;
  }

  /** Room for the taps of a run of pixels; the offset's tap, the last, is 1. */
  private static int[][] tapColumns(int taps, int run) {
    int[][] cols = new int[taps][run];
    Arrays.fill(cols[taps - 1], 1);
    return cols;
  }

  /**
   * The taps of pixels (y, x0) … (y, x0 + len − 1), edges replicated, laid out by tap:
   * cols[k][x − x0] for input channel, row and column offset k, then the guided planes at the
   * pixel when there are any (the offset's tap is left as it is). The fit and the decoder read a
   * pixel's neighbourhood only through here.
   */
  private static void taps(Planar p, int[][] planes, int size, int y, int x0, int len,
      int[][] cols) {
    int r = size / 2;
    int k = 0;
    for (int ch = 0; ch < p.channels(); ch++) {
      for (int dy = -r; dy <= r; dy++) {
        int yy = Math.min(p.height() - 1, Math.max(0, y + dy));
        for (int dx = -r; dx <= r; dx++, k++) {
          int[] col = cols[k];
          for (int x = 0; x < len; x++) {
            col[x] = p.value(ch, yy, Math.min(p.width() - 1, Math.max(0, x0 + x + dx)));
          }
        }
      }
    }
    if (planes != null) {
      for (int[] plane : planes) {
        System.arraycopy(plane, y * p.width() + x0, cols[k++], 0, len);
      }
    }
  }

  /** Gaussian elimination with partial pivoting; null if singular. */
  private static double[] solve(double[] a, double[] b, int n) {
    double scale = 0;
    for (int i = 0; i < n; i++) {
      scale = Math.max(scale, Math.abs(a[i * n + i]));
    }
    for (int col = 0; col < n; col++) {
      int pivot = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(a[r * n + col]) > Math.abs(a[pivot * n + col])) {
          pivot = r;
        }
      }
      if (!(Math.abs(a[pivot * n + col]) > 1e-12 * scale)) {
        return null;
      }
      if (pivot != col) {
        for (int j = 0; j < n; j++) {
          double t = a[col * n + j];
          a[col * n + j] = a[pivot * n + j];
          a[pivot * n + j] = t;
        }
        double t = b[col];
        b[col] = b[pivot];
        b[pivot] = t;
      }
      for (int r = col + 1; r < n; r++) {
        double m = a[r * n + col] / a[col * n + col];
        for (int j = col; j < n; j++) {
          a[r * n + j] -= m * a[col * n + j];
        }
        b[r] -= m * b[col];
      }
    }
    double[] x = new double[n];
    for (int r = n - 1; r >= 0; r--) {
      double s = b[r];
      for (int j = r + 1; j < n; j++) {
        s -= a[r * n + j] * x[j];
      }
      x[r] = s / a[r * n + r];
    }
    return x;
  }

  /** The filtered picture, in exact integer arithmetic (round half up, clamped to 0 … 255). */
  public Planar apply(Planar picture) {
    if (picture.channels() != channels) {
      throw new IllegalArgumentException("a filter for " + channels + " channels on "
          + picture.channels());
    }
    int h = picture.height();
    int w = picture.width();
    int n = perOutput(channels, size, guided);
    int[][] planes = guided ? LumaGuidedPlanes.of(picture) : null;
    int run = Math.min(w, ROW_PIXELS);
    int[][] cols = tapColumns(n, run);
    long[] acc = new long[run];
    byte[] out = new byte[picture.pixels().length];
    for (int y = 0; y < h; y++) {
      for (int x0 = 0; x0 < w; x0 += run) {
        int len = Math.min(run, w - x0);
        taps(picture, planes, size, y, x0, len, cols);
        for (int o = 0; o < channels; o++) {
          Arrays.fill(acc, 0, len, ONE >> 1);
          for (int i = 0; i < n; i++) {
            long weight = weights[o * n + i];
            int[] col = cols[i];
            for (int x = 0; x < len; x++) {
              acc[x] += weight * col[x];
            }
          }
          int row = (o * h + y) * w + x0;
          for (int x = 0; x < len; x++) {
            long v = acc[x] >> CdrawFormat.FILTER_FRACTION_BITS;
            out[row + x] = (byte) Math.max(0, Math.min(255, v));
          }
        }
      }
    }
    return new Planar(channels, h, w, out);
  }
}
