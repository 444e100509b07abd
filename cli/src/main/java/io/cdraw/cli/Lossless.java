package io.cdraw.cli;

import io.cdraw.codec.CdrawException;
import io.cdraw.codec.CdrawException.Kind;
import io.cdraw.codec.CdrawModel;
import io.cdraw.codec.LosslessCodec;
import io.cdraw.codec.format.LosslessStream;
import io.cdraw.codec.io.ImageFiles;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code encode --lossless} and the decoding of lossless streams: the CLI side of bits-back. */
final class Lossless {
  private Lossless() {}

  /**
   * Encodes every input into one stream at {@code out}, reporting each image (bits per
   * dimension, the model's bound, the overhead) and the stream.
   */
  static void encode(CdrawModel codec, List<String> inputs, String out, boolean force,
      boolean acceptDamaged, boolean json, PrintWriter report, ProgressBar bar) throws Exception {
    List<ImageFiles.Planar> images = new ArrayList<>();
    List<Boolean> grey = new ArrayList<>();
    for (String in : inputs) {
      ImageFiles.Loaded loaded = ImageFiles.readForCodec(Streams.read(in), codec.channels(), in,
          acceptDamaged, codec::checkSize);
      if (loaded.droppedAlpha() || loaded.bitsPerSample() > 8) {
        throw new CdrawException(Kind.BAD_INPUT, in + ": lossless coding keeps 8 bits per sample"
            + " and no alpha; this image has " + (loaded.droppedAlpha() ? "alpha"
                : loaded.bitsPerSample() + "-bit samples"));
      }
      images.add(loaded.image());
      grey.add(loaded.grey());
    }
    long started = System.nanoTime();
    LosslessCodec.Encoded e;
    try {
      e = new LosslessCodec(codec).encode(images, grey, i -> bar.draw((double) i / images.size(),
          "lossless: image " + i + "/" + images.size(), false));
    } finally {
      bar.finish();
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Streams.write(out, e.stream(), force);
    long dims = 0;
    for (int i = 0; i < images.size(); i++) {
      LosslessCodec.ImageResult r = e.images().get(i);
      int d = r.image().pixels().length;
      dims += d;
      double bound = r.costs().boundBits();
      report.println(String.format(Locale.ROOT, json
          ? "{\"input\":%s,\"output\":%s,\"width\":%d,\"height\":%d,\"dims\":%d,\"bits\":%.0f,"
              + "\"bits_per_dim\":%.4f,\"bound_bits\":%.1f,\"bound_bits_per_dim\":%.4f,"
              + "\"overhead_percent\":%.3f,\"borrowed_bits\":%d}"
          : "%s -> %s: %dx%d, %d dims, %.0f bits = %.4f bits/dim; bound %.1f bits = %.4f"
              + " bits/dim (%+.3f%%); %d bits borrowed",
          json ? Json.string(inputs.get(i)) : inputs.get(i), json ? Json.string(out) : out,
          r.image().width(), r.image().height(), d, r.bits(), r.bits() / d, bound, bound / d,
          100 * (r.bits() - bound) / bound, r.borrowedBits()));
    }
    long bits = 8L * e.stream().length;
    report.println(String.format(Locale.ROOT, json
        ? "{\"output\":%s,\"images\":%d,\"bytes\":%d,\"bits_per_dim\":%.4f,\"borrowed_bits\":%d,"
            + "\"seconds\":%.3f}"
        : "%s: %d images, %d bytes = %.4f bits/dim, of which %d bits borrowed by the first"
            + " images (paid once per file); %.2f s",
        json ? Json.string(out) : out, images.size(), e.stream().length, (double) bits / dims,
        e.borrowedBits(), seconds));
    report.flush();
  }

  /** Decodes a lossless stream to PNG: OUT for one image, OUT with -1, -2, … for several. */
  static void decode(CdrawModel codec, String in, byte[] stream, String out, boolean force,
      PrintWriter report, ProgressBar bar) throws Exception {
    long started = System.nanoTime();
    int count = LosslessStream.read(stream).images().size();
    List<ImageFiles.Planar> images;
    try {
      images = new LosslessCodec(codec).decode(stream, i -> bar.draw((double) i / count,
          in + ": image " + i + "/" + count, false));
    } finally {
      bar.finish();
    }
    if (images.size() > 1 && "-".equals(out)) {
      throw new CdrawException(Kind.BAD_INPUT, in + ": " + images.size()
          + " images cannot go to standard output; give -o NAME.png for NAME-1.png, …");
    }
    for (int i = 0; i < images.size(); i++) {
      String name = images.size() == 1 ? out : numbered(out, i + 1);
      ImageFiles.Planar image = images.get(i);
      Streams.write(name, ImageFiles.encodePng(ImageFiles.toImage(image)), force);
      report.printf(Locale.ROOT, "%s -> %s: %dx%d, lossless%n", in, name, image.width(),
          image.height());
    }
    report.printf(Locale.ROOT, "%s: %d images; %.2f s%n", in, images.size(),
        (System.nanoTime() - started) / 1e9);
    report.flush();
  }

  /** "a/b.png" with number 2: "a/b-2.png". */
  static String numbered(String name, int number) {
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    return dot > slash + 1 ? name.substring(0, dot) + "-" + number + name.substring(dot)
        : name + "-" + number;
  }
}
