package io.cdraw.codec;

import io.cdraw.codec.CdrawException.Kind;
import io.cdraw.codec.engine.DrawEngine;
import io.cdraw.codec.entropy.AnsStack;
import io.cdraw.codec.format.LosslessStream;
import io.cdraw.codec.io.ImageFiles;
import io.cdraw.codec.io.ImageFiles.Planar;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Lossless coding of one or several images into one stream by bits-back coding
 * ({@link BitsBackCoder}) with a likelihood model: the second image onwards pops its latents
 * from the bits of the ones before, so only the first borrows bits (paid once per stream; the
 * second may borrow a word or two where the first left the stack short).
 * The encoder decodes what it wrote and fails instead of returning a stream that does not give
 * back its input pixel for pixel.
 */
public final class LosslessCodec {
  /** Latent bins per posterior σ as a power of two (docs/format.md, "Lossless streams"). */
  public static final int DEFAULT_BINS_PER_WIDTH_LOG2 = 4;

  private final CdrawModel model;
  private final DrawEngine engine;
  private final int binsPerWidthLog2;

  /**
   * @param image what was coded
   * @param bits the stream's growth when this image was pushed: its net information, plus the
   *     bits its pops took from the supply when the stack ran short ({@code borrowedBits})
   * @param borrowedBits bits this image's pops took from the supply: nearly all the first
   *     image's latent bits, a word or two for the second, none later
   * @param costs the model's bound on the image at the latents coded
   */
  public record ImageResult(Planar image, double bits, long borrowedBits,
      BitsBackCoder.Costs costs) {}

  /**
   * @param stream the file
   * @param images per image, in order
   * @param borrowedBits bits the images took from the stack's supply (paid once per file)
   */
  public record Encoded(byte[] stream, List<ImageResult> images, long borrowedBits) {}

  public LosslessCodec(CdrawModel model) {
    this(model, DEFAULT_BINS_PER_WIDTH_LOG2);
  }

  public LosslessCodec(CdrawModel model, int binsPerWidthLog2) {
    if (!(model.engine instanceof DrawEngine draw)) {
      throw new CdrawException(Kind.BAD_INPUT, "lossless coding needs a likelihood model"
          + " (architecture draw); rate-distortion models have no pixel likelihood");
    }
    if (binsPerWidthLog2 < 0 || binsPerWidthLog2 > LosslessStream.MAX_BINS_PER_WIDTH_LOG2) {
      throw new IllegalArgumentException("latent bins 2^" + binsPerWidthLog2);
    }
    this.model = model;
    this.engine = draw;
    this.binsPerWidthLog2 = binsPerWidthLog2;
  }

  /**
   * Encodes the images (each with the model's channels; a grey source is coded as equal
   * channels and decoded grey) and checks that the stream decodes to them.
   *
   * @param progress told the number of images coded so far, may be null
   */
  public Encoded encode(List<Planar> images, List<Boolean> greySources, IntConsumer progress) {
    if (images.isEmpty() || images.size() > LosslessStream.MAX_IMAGES
        || images.size() != greySources.size()) {
      throw new IllegalArgumentException(images.size() + " images");
    }
    BitsBackCoder coder = new BitsBackCoder(engine, binsPerWidthLog2);
    AnsStack stack = new AnsStack();
    List<ImageResult> results = new ArrayList<>();
    List<LosslessStream.Image> headers = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Planar image = images.get(i);
      model.checkImage(image);
      long before = stack.bits();
      long borrowed = stack.borrowedWords();
      BitsBackCoder.Costs costs = coder.encode(stack, image);
      results.add(new ImageResult(image, stack.bits() - before,
          32 * (stack.borrowedWords() - borrowed), costs));
      headers.add(new LosslessStream.Image(image.width(), image.height(), greySources.get(i)));
      if (progress != null) {
        progress.accept(i + 1);
      }
    }
    byte[] stream = new LosslessStream(model.modelId(), binsPerWidthLog2, headers,
        stack.borrowedWords(), stack.toBytes()).write();
    List<Planar> back = decodeCoded(LosslessStream.read(stream), null);
    for (int i = 0; i < images.size(); i++) {
      if (!Arrays.equals(back.get(i).pixels(), images.get(i).pixels())) {
        throw new IllegalStateException("the lossless stream does not decode to image " + (i + 1)
            + ": not written");
      }
    }
    return new Encoded(stream, results, 32 * stack.borrowedWords());
  }

  /** The images of a stream, in the order they were encoded; grey sources come back grey. */
  public List<Planar> decode(byte[] stream, IntConsumer progress) {
    LosslessStream parsed = LosslessStream.read(stream);
    List<Planar> coded = decodeCoded(parsed, progress);
    List<Planar> out = new ArrayList<>();
    for (int i = 0; i < coded.size(); i++) {
      Planar p = coded.get(i);
      out.add(parsed.images().get(i).greySource() ? ImageFiles.toGrey(p) : p);
    }
    return out;
  }

  /** The images as coded (the model's channels), checking the stack ends where it began. */
  private List<Planar> decodeCoded(LosslessStream s, IntConsumer progress) {
    if (s.modelId() != model.modelId()) {
      throw new CdrawException(Kind.UNSUPPORTED_STREAM, String.format(Locale.ROOT,
          "made with another model (id %08x; this model is %08x)", s.modelId(), model.modelId()));
    }
    for (LosslessStream.Image image : s.images()) {
      model.checkSize(image.width(), image.height());
    }
    AnsStack stack;
    try {
      stack = AnsStack.fromBytes(s.stack(), 0, s.stack().length, s.borrowedWords());
    } catch (IllegalArgumentException e) {
      throw new CdrawException(Kind.CORRUPT_STREAM, e.getMessage(), e);
    }
    BitsBackCoder coder = new BitsBackCoder(engine, s.binsPerWidthLog2());
    int n = s.images().size();
    Planar[] images = new Planar[n];
    try {
      for (int i = n - 1; i >= 0; i--) {
        LosslessStream.Image image = s.images().get(i);
        images[i] = coder.decode(stack, image.width(), image.height());
        if (progress != null) {
          progress.accept(n - i);
        }
      }
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "corrupt lossless stream: " + e.getMessage(),
          e);
    }
    if (!stack.isInitial()) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "the stack does not end where the encoder"
          + " began: the stream is damaged or the decoder desynchronised");
    }
    return List.of(images);
  }
}
