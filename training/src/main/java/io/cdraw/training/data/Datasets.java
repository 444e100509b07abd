package io.cdraw.training.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens a data set from a specification {@code [kind:]path}, the kind detected when omitted:
 * {@code cifar10} (the PNG tar.gz), {@code mnist} (a folder with binarized MNIST idx files),
 * {@code omniglot} (a folder with the npz files) or {@code folder} (images, cropped at random;
 * {@code folder:PATH@N} reads every image reduced N times by box averaging). Specifications
 * joined by {@code +} are mixed in equal shares (the same image shape needed).
 */
public final class Datasets {
  private Datasets() {}

  /**
   * @param cropSize side of the square crops taken from a folder of images (ignored otherwise)
   */
  public static Dataset open(String spec, int cropSize) throws IOException {
    if (spec.contains("+")) {
      String[] specs = spec.split("\\+");
      Dataset[] parts = new Dataset[specs.length];
      ImageSet[][] splits = new ImageSet[3][specs.length];
      for (int i = 0; i < specs.length; i++) {
        parts[i] = open(specs[i], cropSize);
        splits[0][i] = parts[i].train();
        splits[1][i] = parts[i].validation();
        splits[2][i] = parts[i].test();
      }
      try {
        return new Dataset(spec, new MixedImageSet(splits[0]), new MixedImageSet(splits[1]),
            new MixedImageSet(splits[2]));
      } catch (IllegalArgumentException e) {
        throw new IOException(spec + ": " + e.getMessage(), e);
      }
    }
    String kind = null;
    String location = spec;
    int colon = spec.indexOf(':');
    if (colon > 0 && !spec.substring(0, colon).contains("/")) {
      kind = spec.substring(0, colon).toLowerCase(Locale.ROOT);
      location = spec.substring(colon + 1);
    }
    int reduction = 1;
    int at = location.lastIndexOf('@');
    if ("folder".equals(kind) && at > 0) {
      try {
        reduction = Integer.parseInt(location.substring(at + 1));
      } catch (NumberFormatException e) {
        throw new IOException(spec + ": expected folder:PATH@N with a whole number N", e);
      }
      location = location.substring(0, at);
    }
    Path path = Path.of(location);
    if (!Files.exists(path)) {
      throw new IOException(location + ": no such file or folder");
    }
    if (kind == null) {
      kind = detect(path);
    }
    return switch (kind) {
      case "cifar10" -> CifarArchive.open(path);
      case "mnist" -> BinarizedMnist.open(path);
      case "omniglot" -> Omniglot.open(path);
      case "folder" -> ImageFolder.open(path, cropSize, reduction);
      default -> throw new IOException(
          "unknown data kind '" + kind + "' (cifar10, mnist, omniglot or folder)");
    };
  }

  /** Uniformly random 8-bit images, for benchmarks that must not depend on data on disk. */
  public static Dataset synthetic(int channels, int side, int count, long seed) {
    byte[] pixels = new byte[count * channels * side * side];
    new java.util.Random(seed).nextBytes(pixels);
    StoredImageSet set = new StoredImageSet(pixels, count, channels, side, side, false, false);
    return new Dataset("synthetic", set, set, set);
  }

  private static String detect(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (Files.isRegularFile(path) && name.endsWith(".tar.gz")) {
      return "cifar10";
    }
    if (Files.isDirectory(path)) {
      if (Files.exists(path.resolve(BinarizedMnist.TRAIN_FILE))
          || Files.exists(path.resolve("binarized").resolve(BinarizedMnist.TRAIN_FILE))) {
        return "mnist";
      }
      if (Files.exists(path.resolve(Omniglot.BACKGROUND_FILE))) {
        return "omniglot";
      }
      if (Files.exists(path.resolve(CifarArchive.FILE_NAME))) {
        return "cifar10";
      }
    }
    return "folder";
  }
}
