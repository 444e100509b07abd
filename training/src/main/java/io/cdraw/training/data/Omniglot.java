package io.cdraw.training.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Omniglot from the npz files (105x105 booleans, true = background), downsampled to 28x28 binary
 * images (ink = 1 where at least {@value #INK_THRESHOLD} of the covered source pixels are ink).
 * Split: background set for training, with the last drawer of every character held out as
 * validation; evaluation set as test. This is not the 28x28 split of the paper's Table 1.
 */
final class Omniglot {
  static final String BACKGROUND_FILE = "images_background.npz";
  private static final String EVALUATION_FILE = "images_evaluation.npz";
  private static final int SOURCE = 105;
  private static final int SIDE = 28;
  private static final double INK_THRESHOLD = 0.3;
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Omniglot() {}

  static Dataset open(Path dir) throws IOException {
    StoredImageSet background = read(dir.resolve(BACKGROUND_FILE));
    StoredImageSet evaluation = read(dir.resolve(EVALUATION_FILE));
    int drawers = 20;
    int chars = background.size() / drawers;
    int[] train = new int[chars * (drawers - 1)];
    int[] validation = new int[chars];
    int ti = 0;
    for (int c = 0; c < chars; c++) {
      for (int d = 0; d < drawers - 1; d++) {
        train[ti++] = c * drawers + d;
      }
      validation[c] = c * drawers + drawers - 1;
    }
    return new Dataset("omniglot:" + dir, background.subset(train), background.subset(validation),
        evaluation);
  }

  private static StoredImageSet read(Path npz) throws IOException {
    try (ZipFile zip = new ZipFile(npz.toFile())) {
      ZipEntry entry = zip.getEntry("images.npy");
      if (entry == null) {
        throw new IOException(npz + ": no images.npy inside");
      }
      byte[] npy;
      try (InputStream in = zip.getInputStream(entry)) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        in.transferTo(buf);
        npy = buf.toByteArray();
      }
      int major = npy[6];
      int headerLength = major == 1 ? (npy[8] & 0xff) | (npy[9] & 0xff) << 8
          : (npy[8] & 0xff) | (npy[9] & 0xff) << 8 | (npy[10] & 0xff) << 16 | (npy[11] & 0xff) << 24;
      int dataStart = (major == 1 ? 10 : 12) + headerLength;
      String header = new String(npy, major == 1 ? 10 : 12, headerLength, StandardCharsets.US_ASCII);
      if (!header.contains("'|b1'") || header.contains("'fortran_order': True")) {
        throw new IOException(npz + ": expected a C-ordered boolean array, header " + header);
      }
      Matcher m = SHAPE.matcher(header);
      if (!m.find()) {
        throw new IOException(npz + ": no shape in header");
      }
      long count = 1;
      String[] dims = m.group(1).split(",");
      for (int i = 0; i < dims.length - 2; i++) {
        count *= Long.parseLong(dims[i].trim());
      }
      int n = Math.toIntExact(count);
      byte[] out = new byte[n * SIDE * SIDE];
      for (int i = 0; i < n; i++) {
        downsample(npy, dataStart + i * SOURCE * SOURCE, out, i * SIDE * SIDE);
      }
      return new StoredImageSet(out, n, 1, SIDE, SIDE, true, false);
    }
  }

  /** Area-averages ink coverage of each output pixel's footprint and thresholds it. */
  private static void downsample(byte[] src, int srcOffset, byte[] dst, int dstOffset) {
    double scale = (double) SOURCE / SIDE;
    for (int y = 0; y < SIDE; y++) {
      int y0 = (int) Math.floor(y * scale);
      int y1 = (int) Math.ceil((y + 1) * scale);
      for (int x = 0; x < SIDE; x++) {
        int x0 = (int) Math.floor(x * scale);
        int x1 = (int) Math.ceil((x + 1) * scale);
        int ink = 0;
        for (int sy = y0; sy < y1; sy++) {
          for (int sx = x0; sx < x1; sx++) {
            if (src[srcOffset + sy * SOURCE + sx] == 0) {
              ink++;
            }
          }
        }
        double coverage = (double) ink / ((y1 - y0) * (x1 - x0));
        dst[dstOffset + y * SIDE + x] = (byte) (coverage >= INK_THRESHOLD ? 1 : 0);
      }
    }
  }
}
