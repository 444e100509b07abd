package io.cdraw.codec.format;

import io.cdraw.codec.CdrawException.Kind;
import io.cdraw.codec.CdrawException;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads a .cdraw stream, checking every field as it is read; any inconsistency is a
 * {@link CdrawException} naming the byte offset.
 */
public final class ContainerReader {
  private final byte[] in;
  private int pos;

  /** A parsed stream: its header and where its payload lies in the input. */
  public record Parsed(StreamHeader header, byte[] bytes, int payloadOffset, int payloadLength) {}

  private ContainerReader(byte[] in) {
    this.in = in;
  }

  public static Parsed read(byte[] in) {
    return new ContainerReader(in).parse();
  }

  private Parsed parse() {
    int m = CdrawFormat.MAGIC.length;
    if (in.length < m && Arrays.equals(in, Arrays.copyOf(CdrawFormat.MAGIC, in.length))) {
      // empty, or the start of the magic: a .cdraw file cut short
      throw new CdrawException(Kind.CORRUPT_STREAM, "truncated (" + in.length + " bytes)");
    }
    if (in.length < m || !Arrays.equals(Arrays.copyOf(in, m), CdrawFormat.MAGIC)) {
      throw new CdrawException(Kind.BAD_INPUT, "not a .cdraw file");
    }
    pos = CdrawFormat.MAGIC.length;
    int version = u8("version");
    if (version < CdrawFormat.OLDEST_READABLE_VERSION || version > CdrawFormat.VERSION) {
      throw new CdrawException(Kind.UNSUPPORTED_STREAM,
          "format version " + version + " is not supported (this build reads versions "
              + CdrawFormat.OLDEST_READABLE_VERSION + " to " + CdrawFormat.VERSION + ")");
    }
    int modelId = s32("model id");
    int width = varint("width");
    int height = varint("height");
    check(width >= 1 && width <= CdrawFormat.MAX_SIDE && height >= 1
        && height <= CdrawFormat.MAX_SIDE, "image size " + width + "x" + height);
    int flags = u8("flags");
    check((flags & ~CdrawFormat.FLAG_GREY_SOURCE) == 0, "unknown flags " + flags);
    int stored = u8("stored steps");
    int total = u8("total steps");
    check(total >= 1 && stored <= total, "steps " + stored + " of " + total);
    int partial = version >= 2 ? varint("partial symbols") : 0;
    check(partial == 0 || stored < total, "a partial step after all " + total + " steps");
    int symbolCheck = s32("symbol check");
    int[] stepChecks = new int[version >= CdrawFormat.FIRST_VERSION_WITH_STEP_CHECKS
        ? (partial > 0 ? stored + 1 : stored) : 0];
    for (int i = 0; i < stepChecks.length; i++) {
      stepChecks[i] = u16("check of step " + (i + 1));
    }
    int payloadLength = varint("payload length");
    int payloadOffset = pos;
    if ((long) payloadOffset + payloadLength + 4 > in.length) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "truncated stream: payload of "
          + payloadLength + " bytes at offset " + payloadOffset + " but the file has "
          + in.length + " bytes");
    }
    pos += payloadLength;
    CRC32C crc = new CRC32C();
    crc.update(in, 0, pos);
    int stored32 = s32("checksum");
    if (stored32 != (int) crc.getValue()) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "checksum mismatch: the file is damaged");
    }
    if (pos != in.length) {
      throw new CdrawException(Kind.CORRUPT_STREAM, (in.length - pos)
          + " unexpected bytes after the end of the stream");
    }
    return new Parsed(new StreamHeader(version, modelId, width, height, flags, stored, total, partial,
        symbolCheck, stepChecks),
        in, payloadOffset, payloadLength);
  }

  private int u8(String field) {
    need(1, field);
    return in[pos++] & 0xFF;
  }

  private int u16(String field) {
    need(2, field);
    int v = (in[pos] & 0xFF) << 8 | (in[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  private int s32(String field) {
    need(4, field);
    int v = (in[pos] & 0xFF) << 24 | (in[pos + 1] & 0xFF) << 16 | (in[pos + 2] & 0xFF) << 8
        | (in[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  private int varint(String field) {
    int v = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = u8(field);
      v |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (v < 0) {
          break;
        }
        return v;
      }
    }
    throw new CdrawException(Kind.CORRUPT_STREAM, "bad " + field + " at offset " + pos);
  }

  private void need(int bytes, String field) {
    if (pos + bytes > in.length) {
      throw new CdrawException(Kind.CORRUPT_STREAM,
          "truncated stream: " + field + " at offset " + pos);
    }
  }

  private void check(boolean ok, String what) {
    if (!ok) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "bad header at offset " + pos + ": " + what);
    }
  }
}
