package io.cdraw.codec.io;

import io.cdraw.codec.CdrawException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Reading and writing 8-bit images as planar (channel, row, column) byte arrays. */
public final class ImageFiles {
  private ImageFiles() {}

  /** An 8-bit image in planar layout: {@code pixels[(c * height + y) * width + x]}. */
  public record Planar(int channels, int height, int width, byte[] pixels) {
    public int value(int c, int y, int x) {
      return pixels[(c * height + y) * width + x] & 0xff;
    }
  }

  /**
   * An image read for coding, with what was lost on the way.
   *
   * @param grey the file had one colour channel (it is replicated to RGB for the model)
   * @param droppedAlpha the file had an alpha channel, which is ignored
   * @param bitsPerSample of the file; 16-bit samples are reduced to their high 8 bits
   */
  public record Loaded(Planar image, boolean grey, boolean droppedAlpha, int bitsPerSample) {}

  /** The most pixels an input image may have; larger images are refused before decoding. */
  public static final long MAX_PIXELS = 1L << 28;

  /**
   * Reads PNG, JPEG, BMP, TIFF or GIF bytes for the codec. The size in the file's header is
   * checked against {@link #MAX_PIXELS} before any pixel is decoded. A damaged file (a truncated
   * or garbled JPEG, which the reader would finish with grey) is refused.
   */
  public static Loaded readForCodec(byte[] encoded, int channels, String name) throws IOException {
    return readForCodec(encoded, channels, name, false);
  }

  /** As {@link #readForCodec(byte[], int, String)}; {@code acceptDamaged} codes damaged files. */
  public static Loaded readForCodec(byte[] encoded, int channels, String name,
      boolean acceptDamaged) throws IOException {
    return readForCodec(encoded, channels, name, acceptDamaged, (w, h) -> { });
  }

  /**
   * As {@link #readForCodec(byte[], int, String, boolean)}, with {@code sizeCheck} run on the
   * width and height of the file's header before any pixel is decoded (the model's memory check:
   * a small PNG can declare a huge image).
   */
  public static Loaded readForCodec(byte[] encoded, int channels, String name,
      boolean acceptDamaged, java.util.function.BiConsumer<Integer, Integer> sizeCheck)
      throws IOException {
    BufferedImage img = null;
    java.util.List<String> warnings = new java.util.ArrayList<>();
    try (javax.imageio.stream.ImageInputStream in =
        ImageIO.createImageInputStream(new ByteArrayInputStream(encoded))) {
      var readers = ImageIO.getImageReaders(in);
      if (readers.hasNext()) {
        javax.imageio.ImageReader reader = readers.next();
        try {
          reader.setInput(in);
          reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
          long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
          if (pixels > MAX_PIXELS) {
            throw new CdrawException(CdrawException.Kind.BAD_INPUT, String.format(
                java.util.Locale.ROOT, "%s: %dx%d is too large (at most %d pixels)", name,
                reader.getWidth(0), reader.getHeight(0), MAX_PIXELS));
          }
          try {
            sizeCheck.accept(reader.getWidth(0), reader.getHeight(0));
          } catch (CdrawException e) {
            throw new CdrawException(e.kind(), name + ": " + e.getMessage());
          }
          img = reader.read(0);
        } finally {
          reader.dispose();
        }
      }
    } catch (IOException | RuntimeException e) {
      if (e instanceof CdrawException) {
        throw e;
      }
      String reason = e.getMessage() != null ? e.getMessage()
          : e instanceof java.io.EOFException ? "the file ends too early"
          : e.getClass().getSimpleName();
      throw new IOException(name + ": not a readable image (" + reason + ")", e);
    }
    if (img == null) {
      throw new IOException(name + ": not a readable image (PNG, JPEG, BMP, TIFF or GIF)");
    }
    if (!warnings.isEmpty() && !acceptDamaged) {
      throw new CdrawException(CdrawException.Kind.BAD_INPUT, name + ": damaged image ("
          + warnings.get(0) + "); --accept-damaged codes it anyway");
    }
    var cm = img.getColorModel();
    boolean grey = isGrey(cm);
    int bits = 0;
    for (int size : cm.getComponentSize()) {
      bits = Math.max(bits, size);
    }
    return new Loaded(toPlanar(img, channels), grey, cm.hasAlpha(), bits);
  }

  /** One colour channel, or a palette of greys only (1-, 2- and 4-bit grey PNGs have one). */
  private static boolean isGrey(java.awt.image.ColorModel cm) {
    if (cm instanceof java.awt.image.IndexColorModel palette) {
      for (int i = 0; i < palette.getMapSize(); i++) {
        int r = palette.getRed(i);
        if (palette.getGreen(i) != r || palette.getBlue(i) != r) {
          return false;
        }
      }
      return true;
    }
    return cm.getNumColorComponents() == 1;
  }

  /** Reads an image file for training or evaluation, through {@link #readForCodec}. */
  public static Planar read(Path path, int channels) throws IOException {
    // data sets are taken as they are: a damaged photo still trains
    return readForCodec(java.nio.file.Files.readAllBytes(path), channels, path.toString(), true)
        .image();
  }

  /** Converts to {@code channels} planes: RGB as is, or grey as the mean of R, G and B. */
  public static Planar toPlanar(BufferedImage img, int channels) {
    int w = img.getWidth();
    int h = img.getHeight();
    int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
    byte[] out = new byte[channels * h * w];
    int plane = h * w;
    for (int i = 0; i < plane; i++) {
      int p = argb[i];
      int r = (p >> 16) & 0xff;
      int g = (p >> 8) & 0xff;
      int b = p & 0xff;
      if (channels == 3) {
        out[i] = (byte) r;
        out[plane + i] = (byte) g;
        out[2 * plane + i] = (byte) b;
      } else {
        out[i] = (byte) ((r + g + b + 1) / 3);
      }
    }
    return new Planar(channels, h, w, out);
  }

  public static BufferedImage toImage(Planar p) {
    int type = p.channels() == 3 ? BufferedImage.TYPE_INT_RGB : BufferedImage.TYPE_BYTE_GRAY;
    BufferedImage img = new BufferedImage(p.width(), p.height(), type);
    int plane = p.height() * p.width();
    int[] rgb = new int[plane];
    for (int i = 0; i < plane; i++) {
      int r = p.pixels()[i] & 0xff;
      int g = p.channels() == 3 ? p.pixels()[plane + i] & 0xff : r;
      int b = p.channels() == 3 ? p.pixels()[2 * plane + i] & 0xff : r;
      rgb[i] = (r << 16) | (g << 8) | b;
    }
    img.setRGB(0, 0, p.width(), p.height(), rgb, 0, p.width());
    return img;
  }

  /** Writes a PNG through a temporary file so that a failure leaves no partial output. */
  public static void writePng(BufferedImage img, Path path) throws IOException {
    OutputFiles.write(path, encodePng(img), true);
  }

  public static byte[] encodePng(BufferedImage img) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    if (!ImageIO.write(img, "png", out)) {
      throw new IOException("no PNG writer");
    }
    return out.toByteArray();
  }

  /** Planes averaged to one grey plane (for images that were grey before coding). */
  public static Planar toGrey(Planar p) {
    if (p.channels() == 1) {
      return p;
    }
    int plane = p.height() * p.width();
    byte[] out = new byte[plane];
    for (int i = 0; i < plane; i++) {
      int sum = 0;
      for (int c = 0; c < p.channels(); c++) {
        sum += p.pixels()[c * plane + i] & 0xff;
      }
      out[i] = (byte) ((sum + p.channels() / 2) / p.channels());
    }
    return new Planar(1, p.height(), p.width(), out);
  }

  /** An image of {@code like}'s shape with every sample set to {@code value}. */
  public static Planar filled(Planar like, int value) {
    byte[] px = new byte[like.pixels().length];
    java.util.Arrays.fill(px, (byte) value);
    return new Planar(like.channels(), like.height(), like.width(), px);
  }

  /** The centred square of side min(side, width, height). */
  public static Planar centreCrop(Planar p, int side) {
    int s = Math.min(side, Math.min(p.width(), p.height()));
    int x0 = (p.width() - s) / 2;
    int y0 = (p.height() - s) / 2;
    byte[] out = new byte[p.channels() * s * s];
    for (int c = 0; c < p.channels(); c++) {
      for (int y = 0; y < s; y++) {
        System.arraycopy(p.pixels(), (c * p.height() + y0 + y) * p.width() + x0, out,
            (c * s + y) * s, s);
      }
    }
    return new Planar(p.channels(), s, s, out);
  }
}
