package io.cdraw.training.data;

import io.cdraw.codec.io.ImageFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Stream;

/**
 * A folder of RGB images seen through square crops. With {@code train/}, {@code val/} and
 * {@code test/} subfolders (as BSDS500) those are the splits, val/ standing in for a missing
 * test/ and the other way round; otherwise every tenth file (sorted by path) is validation and
 * test. Training crops are random with random horizontal flips;
 * evaluation crops are the centre. A folder may be read reduced by N in each direction (N x N
 * box average of the 8-bit values, rounded half up, a remainder row or column dropped: the
 * reduction that made {@code photos/}), which makes JPEG originals such as BSDS500 look like
 * lossless photos: their 8x8 block artefacts shrink to 4x4 and are averaged away.
 */
final class ImageFolder implements ImageSet {
  private final List<ImageFiles.Planar> images;
  private final int crop;

  private ImageFolder(List<ImageFiles.Planar> images, int crop) {
    this.images = images;
    this.crop = crop;
  }

  /**
   * @param reduction N of the N x N box average applied to every image (1: as stored)
   */
  static Dataset open(Path dir, int crop, int reduction) throws IOException {
    if (reduction < 1) {
      throw new IOException("a folder's reduction must be at least 1, got " + reduction);
    }
    if (crop <= 0) {
      throw new IOException("a folder of images needs a crop size (--crop)");
    }
    String name = "folder:" + dir + (reduction == 1 ? "" : "@" + reduction);
    boolean hasVal = Files.isDirectory(dir.resolve("val"));
    boolean hasTest = Files.isDirectory(dir.resolve("test"));
    if (Files.isDirectory(dir.resolve("train")) && (hasVal || hasTest)) {
      ImageFolder val = load(list(dir.resolve(hasVal ? "val" : "test")), crop, reduction);
      return new Dataset(name, load(list(dir.resolve("train")), crop, reduction), val,
          hasTest ? load(list(dir.resolve("test")), crop, reduction) : val);
    }
    List<Path> all = list(dir);
    List<Path> train = new ArrayList<>();
    List<Path> held = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      (i % 10 == 9 ? held : train).add(all.get(i));
    }
    ImageFolder heldOut = load(held, crop, reduction);
    return new Dataset(name, load(train, crop, reduction), heldOut, heldOut);
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT)
              .matches(".*\\.(png|jpe?g|bmp|tiff?)$"))
          .sorted()
          .toList();
    }
  }

  private static ImageFolder load(List<Path> files, int crop, int reduction)
      throws IOException {
    List<ImageFiles.Planar> images = new ArrayList<>();
    for (Path p : files) {
      ImageFiles.Planar img = reduce(ImageFiles.read(p, 3), reduction);
      if (img.width() >= crop && img.height() >= crop) {
        images.add(img);
      }
    }
    if (images.isEmpty()) {
      throw new IOException("no images of at least " + crop + "x" + crop + " among "
          + files.size() + " files" + (files.isEmpty() ? "" : " starting with " + files.get(0)));
    }
    return new ImageFolder(images, crop);
  }

  /** The N x N box average of {@code img}, rounded half up; a remainder row or column dropped. */
  static ImageFiles.Planar reduce(ImageFiles.Planar img, int n) {
    if (n == 1) {
      return img;
    }
    int h = img.height() / n;
    int w = img.width() / n;
    int area = n * n;
    byte[] out = new byte[img.channels() * h * w];
    int i = 0;
    for (int c = 0; c < img.channels(); c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int sum = 0;
          for (int dy = 0; dy < n; dy++) {
            for (int dx = 0; dx < n; dx++) {
              sum += img.value(c, y * n + dy, x * n + dx);
            }
          }
          out[i++] = (byte) ((sum + area / 2) / area);
        }
      }
    }
    return new ImageFiles.Planar(img.channels(), h, w, out);
  }

  @Override
  public int size() {
    return images.size();
  }

  @Override
  public int channels() {
    return 3;
  }

  @Override
  public int height() {
    return crop;
  }

  @Override
  public int width() {
    return crop;
  }

  @Override
  public boolean binary() {
    return false;
  }

  @Override
  public void copy(int index, Random random, byte[] dst, int offset) {
    ImageFiles.Planar img = images.get(index);
    int y0 = random == null ? (img.height() - crop) / 2 : random.nextInt(img.height() - crop + 1);
    int x0 = random == null ? (img.width() - crop) / 2 : random.nextInt(img.width() - crop + 1);
    boolean flip = random != null && random.nextBoolean();
    int i = offset;
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < crop; y++) {
        for (int x = 0; x < crop; x++) {
          dst[i++] = (byte) img.value(c, y0 + y, flip ? x0 + crop - 1 - x : x0 + x);
        }
      }
    }
  }
}
