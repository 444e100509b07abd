package io.cdraw.training.data;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;

/**
 * Small data sets in the formats of the staged ones (CIFAR-10's PNG tar.gz, binarized MNIST's
 * idx3 gz files, Omniglot's npz), written by the tests themselves so that no test depends on
 * {@code ../shared/data}. The images are seeded random smooth colour fields and filled boxes:
 * structured enough to learn, known exactly to the tests.
 */
public final class SyntheticData {
  private SyntheticData() {}

  /** A CIFAR-10 style archive: {@code train} and {@code test} 32x32 RGB PNGs under class folders. */
  public static Path cifarArchive(Path dir, int train, int test, long seed) throws IOException {
    Path file = dir.resolve(CifarArchive.FILE_NAME);
    Random random = new Random(seed);
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      for (int i = 0; i < train + test; i++) {
        String name = (i < train ? "train" : "test") + "/class" + i % 10 + "/" + i + ".png";
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(colourField(random), "png", png);
        tarEntry(out, name, png.toByteArray());
      }
      out.write(new byte[1024]); // the two zero blocks that end a tar archive
    }
    return file;
  }

  /** Binarized MNIST's three idx3 files; each image is one filled box of ink (value 1). */
  public static Path mnistFolder(Path dir, int train, int validation, int test, long seed)
      throws IOException {
    Random random = new Random(seed);
    idx(dir.resolve(BinarizedMnist.TRAIN_FILE), boxes(train, 28, random, 1));
    idx(dir.resolve("binarized_mnist_valid-idx3-ubyte.gz"), boxes(validation, 28, random, 1));
    idx(dir.resolve("binarized_mnist_test-idx3-ubyte.gz"), boxes(test, 28, random, 1));
    return dir;
  }

  /**
   * Omniglot's two npz files of 105x105 booleans (true = background): {@code characters} x 20
   * drawers in the background set, {@code evaluation} images in the other; each image holds an
   * ink square of 45x45 source pixels at a random place.
   */
  public static Path omniglotFolder(Path dir, int characters, int evaluation, long seed)
      throws IOException {
    Random random = new Random(seed);
    npz(dir.resolve(Omniglot.BACKGROUND_FILE), characters * 20, random);
    npz(dir.resolve("images_evaluation.npz"), evaluation, random);
    return dir;
  }

  /** The ink fraction of an Omniglot fixture image before downsampling: 45² / 105². */
  public static final double OMNIGLOT_INK = 45.0 * 45 / (105 * 105);

  private static BufferedImage colourField(Random random) {
    BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
    double[][] c = new double[3][4];
    for (double[] channel : c) {
      for (int k = 0; k < 4; k++) {
        channel[k] = random.nextDouble();
      }
    }
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        int rgb = 0;
        for (int ch = 0; ch < 3; ch++) {
          double v = c[ch][0] * 0.5 + 0.25 * c[ch][1] * (1 + Math.sin(x / (2 + 6 * c[ch][2])))
              + 0.25 * c[ch][3] * y / 31 + 0.01 * random.nextGaussian();
          rgb = rgb << 8 | (int) Math.max(0, Math.min(255, Math.round(v * 255)));
        }
        img.setRGB(x, y, rgb);
      }
    }
    return img;
  }

  /** n side x side images of 0 with one box of {@code ink} of 8 to 16 pixels a side. */
  private static byte[] boxes(int n, int side, Random random, int ink) {
    byte[] data = new byte[n * side * side];
    for (int i = 0; i < n; i++) {
      int w = 8 + random.nextInt(9);
      int h = 8 + random.nextInt(9);
      int x0 = random.nextInt(side - w);
      int y0 = random.nextInt(side - h);
      for (int y = y0; y < y0 + h; y++) {
        for (int x = x0; x < x0 + w; x++) {
          data[i * side * side + y * side + x] = (byte) ink;
        }
      }
    }
    return data;
  }

  private static void idx(Path file, byte[] images) throws IOException {
    try (DataOutputStream out = new DataOutputStream(
        new GZIPOutputStream(Files.newOutputStream(file)))) {
      out.writeInt(0x803);
      out.writeInt(images.length / (28 * 28));
      out.writeInt(28);
      out.writeInt(28);
      out.write(images);
    }
  }

  private static void npz(Path file, int n, Random random) throws IOException {
    int side = 105;
    int ink = 45;
    byte[] data = new byte[n * side * side];
    java.util.Arrays.fill(data, (byte) 1);
    for (int i = 0; i < n; i++) {
      int x0 = random.nextInt(side - ink);
      int y0 = random.nextInt(side - ink);
      for (int y = y0; y < y0 + ink; y++) {
        java.util.Arrays.fill(data, i * side * side + y * side + x0,
            i * side * side + y * side + x0 + ink, (byte) 0);
      }
    }
    String dict = "{'descr': '|b1', 'fortran_order': False, 'shape': (" + n + ", " + side + ", "
        + side + "), }";
    int headerLength = (dict.length() + 1 + 10 + 63) / 64 * 64 - 10; // npy pads to 64 bytes
    String header = dict + " ".repeat(headerLength - dict.length() - 1) + "\n";
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
      zip.putNextEntry(new ZipEntry("images.npy"));
      zip.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0,
          (byte) headerLength, (byte) (headerLength >> 8)});
      zip.write(header.getBytes(StandardCharsets.US_ASCII));
      zip.write(data);
      zip.closeEntry();
    }
  }

  /** One ustar entry: a 512-byte header, the body, zero padding to a 512-byte block. */
  private static void tarEntry(OutputStream out, String name, byte[] body) throws IOException {
    byte[] h = new byte[512];
    put(h, 0, name);
    put(h, 100, "0000644");
    put(h, 108, "0000000");
    put(h, 116, "0000000");
    put(h, 124, String.format("%011o", body.length));
    put(h, 136, "00000000000");
    h[156] = '0';
    put(h, 257, "ustar");
    put(h, 263, "00");
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    put(h, 148, String.format("%06o", sum));
    h[154] = 0;
    out.write(h);
    out.write(body);
    out.write(new byte[(512 - body.length % 512) % 512]);
  }

  private static void put(byte[] header, int offset, String value) {
    byte[] b = value.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(b, 0, header, offset, b.length);
  }
}
