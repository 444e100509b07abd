package io.cdraw.codec.format;

import io.cdraw.codec.CdrawException;
import io.cdraw.codec.CdrawException.Kind;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The lossless (bits-back) stream of docs/format.md: a header naming the model, the latent grid
 * and the images, then one rANS stack holding them all, then a CRC32C.
 *
 * @param modelId first 4 bytes of the model file's SHA-256
 * @param binsPerWidthLog2 m: latent bins per posterior standard deviation are 2^m
 * @param images the images in the order they were encoded
 * @param borrowedWords words the stack took from its supply (the bits the first image borrowed)
 * @param stack the stack's bytes: state, then words from the top down
 */
public record LosslessStream(int modelId, int binsPerWidthLog2, List<Image> images,
    long borrowedWords, byte[] stack) {
  /** "CDLS". */
  public static final byte[] MAGIC = {'C', 'D', 'L', 'S'};
  public static final int VERSION = 1;
  /** Most images in one stream. */
  public static final int MAX_IMAGES = 1 << 16;
  /** Largest m. */
  public static final int MAX_BINS_PER_WIDTH_LOG2 = 16;

  /** One image's size and whether its source was grey (then its channels are equal). */
  public record Image(int width, int height, boolean greySource) {}

  public LosslessStream {
    images = List.copyOf(images);
  }

  /** Whether {@code bytes} start like a lossless stream. */
  public static boolean isLossless(byte[] bytes) {
    return bytes.length >= MAGIC.length
        && Arrays.equals(Arrays.copyOf(bytes, MAGIC.length), MAGIC);
  }

  public byte[] write() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(stack.length + 32);
    out.writeBytes(MAGIC);
    out.write(VERSION);
    ContainerWriter.writeInt(out, modelId);
    out.write(binsPerWidthLog2);
    ContainerWriter.writeVarint(out, images.size());
    for (Image image : images) {
      ContainerWriter.writeVarint(out, image.width());
      ContainerWriter.writeVarint(out, image.height());
      out.write(image.greySource() ? CdrawFormat.FLAG_GREY_SOURCE : 0);
    }
    ContainerWriter.writeVarint(out, Math.toIntExact(borrowedWords));
    ContainerWriter.writeVarint(out, stack.length);
    out.writeBytes(stack);
    CRC32C crc = new CRC32C();
    crc.update(out.toByteArray());
    ContainerWriter.writeInt(out, (int) crc.getValue());
    return out.toByteArray();
  }

  /** Reads and checks a stream; any inconsistency is a {@link CdrawException}. */
  public static LosslessStream read(byte[] in) {
    if (!isLossless(in)) {
      throw new CdrawException(Kind.BAD_INPUT, "not a lossless .cdraw stream");
    }
    HeaderCursor r = new HeaderCursor(in, MAGIC.length);
    int version = r.u8("version");
    if (version != VERSION) {
      throw new CdrawException(Kind.UNSUPPORTED_STREAM, "lossless format version " + version
          + " is not supported (this build reads version " + VERSION + ")");
    }
    int modelId = r.s32("model id");
    int m = r.u8("latent bins");
    r.check(m <= MAX_BINS_PER_WIDTH_LOG2, "latent bins 2^" + m);
    int count = r.varint("image count");
    r.check(count >= 1 && count <= MAX_IMAGES, count + " images");
    List<Image> images = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int width = r.varint("width");
      int height = r.varint("height");
      r.check(width >= 1 && width <= CdrawFormat.MAX_SIDE && height >= 1
          && height <= CdrawFormat.MAX_SIDE, "image size " + width + "x" + height);
      int flags = r.u8("flags");
      r.check((flags & ~CdrawFormat.FLAG_GREY_SOURCE) == 0, "unknown flags " + flags);
      images.add(new Image(width, height, flags != 0));
    }
    long borrowed = r.varint("borrowed words");
    int length = r.varint("stack length");
    r.check(length >= 8 && length % 4 == 0, "stack of " + length + " bytes");
    if ((long) r.pos + length + 4 != in.length) { // the checksum must end the file
      throw new CdrawException(Kind.CORRUPT_STREAM, "truncated or overlong stream: a stack of "
          + length + " bytes at offset " + r.pos + " in a file of " + in.length + " bytes");
    }
    byte[] stack = Arrays.copyOfRange(in, r.pos, r.pos + length);
    CRC32C crc = new CRC32C();
    crc.update(in, 0, in.length - 4);
    r.pos += length;
    int stored = r.s32("checksum");
    if (stored != (int) crc.getValue()) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "checksum mismatch: the file is damaged");
    }
    return new LosslessStream(modelId, m, images, borrowed, stack);
  }
}
