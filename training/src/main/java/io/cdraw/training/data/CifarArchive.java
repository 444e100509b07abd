package io.cdraw.training.data;

import io.cdraw.codec.io.ImageFiles;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * CIFAR-10 from the PNG tar.gz of {@code ../shared/data/cifar10} ({@code train/<class>/*.png},
 * {@code test/<class>/*.png}, members in sorted order). Every tenth training image (index % 10
 * == 9 in archive order) is held out as the validation split: 45,000 / 5,000 / 10,000.
 */
final class CifarArchive {
  static final String FILE_NAME = "cifar10-png.tar.gz";
  private static final int SIDE = 32;
  private static final int PIXELS = 3 * SIDE * SIDE;
  private static final int BLOCK = 512;

  private CifarArchive() {}

  static Dataset open(Path path) throws IOException {
    Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
    ByteSink train = new ByteSink(50_000 * PIXELS);
    ByteSink test = new ByteSink(10_000 * PIXELS);
    try (InputStream raw = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
      DataInputStream in = new DataInputStream(raw);
      byte[] header = new byte[BLOCK];
      while (true) {
        try {
          in.readFully(header);
        } catch (EOFException e) {
          break; // archives may end without the two zero blocks
        }
        if (header[0] == 0) {
          break;
        }
        String name = field(header, 0, 100);
        String prefix = field(header, 345, 155);
        if (!prefix.isEmpty()) {
          name = prefix + "/" + name;
        }
        long size = Long.parseLong(field(header, 124, 12).trim(), 8);
        byte type = header[156];
        byte[] body = new byte[Math.toIntExact(size)];
        in.readFully(body);
        long padding = (BLOCK - size % BLOCK) % BLOCK;
        in.skipNBytes(padding);
        if ((type == '0' || type == 0) && name.endsWith(".png")) {
          ByteSink sink = name.startsWith("train/") || name.contains("/train/") ? train
              : name.startsWith("test/") || name.contains("/test/") ? test : null;
          if (sink != null) {
            ImageFiles.Planar img = ImageFiles.readForCodec(body, 3, name).image();
            if (img.width() != SIDE || img.height() != SIDE) {
              throw new IOException(name + ": expected 32x32, found "
                  + img.width() + "x" + img.height());
            }
            sink.add(img.pixels());
          }
        }
      }
    }
    StoredImageSet all = train.toSet(true);
    StoredImageSet tests = test.toSet(false);
    if (all.size() == 0 || tests.size() == 0) {
      throw new IOException(file + ": no CIFAR-10 train/test PNGs found");
    }
    int[][] split = holdOutEveryTenth(all.size());
    return new Dataset("cifar10:" + file, all.subset(split[0]), all.subset(split[1]), tests);
  }

  /** {train indices, validation indices}: every tenth image goes to validation. */
  static int[][] holdOutEveryTenth(int n) {
    int validation = n / 10;
    int[] t = new int[n - validation];
    int[] v = new int[validation];
    int ti = 0;
    int vi = 0;
    for (int i = 0; i < n; i++) {
      if (i % 10 == 9) {
        v[vi++] = i;
      } else {
        t[ti++] = i;
      }
    }
    return new int[][] {t, v};
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  /** A growing array of 32x32 RGB images. */
  private static final class ByteSink {
    private byte[] data;
    private int count;

    ByteSink(int capacity) {
      data = new byte[capacity];
    }

    void add(byte[] image) {
      if ((count + 1) * PIXELS > data.length) {
        data = java.util.Arrays.copyOf(data, data.length * 2);
      }
      System.arraycopy(image, 0, data, count * PIXELS, PIXELS);
      count++;
    }

    StoredImageSet toSet(boolean flips) {
      return new StoredImageSet(data, count, 3, SIDE, SIDE, false, flips);
    }
  }
}
