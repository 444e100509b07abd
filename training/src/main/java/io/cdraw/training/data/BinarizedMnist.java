package io.cdraw.training.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Static binarized MNIST, the standard 50,000 / 10,000 / 10,000 split, from idx3 gz files. */
final class BinarizedMnist {
  static final String TRAIN_FILE = "binarized_mnist_train-idx3-ubyte.gz";
  private static final String VALID_FILE = "binarized_mnist_valid-idx3-ubyte.gz";
  private static final String TEST_FILE = "binarized_mnist_test-idx3-ubyte.gz";

  private BinarizedMnist() {}

  static Dataset open(Path path) throws IOException {
    Path dir = Files.exists(path.resolve(TRAIN_FILE)) ? path : path.resolve("binarized");
    return new Dataset("mnist:" + dir,
        readIdx(dir.resolve(TRAIN_FILE)), readIdx(dir.resolve(VALID_FILE)),
        readIdx(dir.resolve(TEST_FILE)));
  }

  static StoredImageSet readIdx(Path file) throws IOException {
    try (DataInputStream in = new DataInputStream(
        new GZIPInputStream(Files.newInputStream(file), 1 << 16))) {
      int magic = in.readInt();
      if (magic != 0x803) {
        throw new IOException(file + ": not an idx3-ubyte file (magic " + magic + ")");
      }
      int n = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (n <= 0 || rows <= 0 || cols <= 0 || (long) n * rows * cols > Integer.MAX_VALUE) {
        throw new IOException(file + ": bad idx dimensions");
      }
      byte[] data = new byte[n * rows * cols];
      in.readFully(data);
      for (byte b : data) {
        if (b != 0 && b != 1) {
          throw new IOException(file + ": values are not binary");
        }
      }
      // The shared copy is sorted by digit; training samples uniformly, so order does not matter.
      return new StoredImageSet(data, n, 1, rows, cols, true, false);
    }
  }
}
