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
  private final HeaderCursor cur;

  /** A parsed stream: its header and where its payload lies in the input. */
  public record Parsed(StreamHeader header, byte[] bytes, int payloadOffset, int payloadLength) {}

  private ContainerReader(byte[] in) {
    this.in = in;
    this.cur = new HeaderCursor(in, 0);
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
    cur.pos = CdrawFormat.MAGIC.length;
    int version = cur.u8("version");
    if (version < CdrawFormat.OLDEST_READABLE_VERSION || version > CdrawFormat.VERSION) {
      throw new CdrawException(Kind.UNSUPPORTED_STREAM,
          "format version " + version + " is not supported (this build reads versions "
              + CdrawFormat.OLDEST_READABLE_VERSION + " to " + CdrawFormat.VERSION + ")");
    }
    int modelId = cur.s32("model id");
    int width = cur.varint("width");
    int height = cur.varint("height");
    cur.check(width >= 1 && width <= CdrawFormat.MAX_SIDE && height >= 1
        && height <= CdrawFormat.MAX_SIDE, "image size " + width + "x" + height);
    int flags = cur.u8("flags");
    cur.check((flags & ~CdrawFormat.FLAG_GREY_SOURCE) == 0, "unknown flags " + flags);
    int stored = cur.u8("stored steps");
    int total = cur.u8("total steps");
    cur.check(total >= 1 && stored <= total, "steps " + stored + " of " + total);
    int partial = version >= 2 ? cur.varint("partial symbols") : 0;
    cur.check(partial == 0 || stored < total, "a partial step after all " + total + " steps");
    int widthCode = version >= CdrawFormat.FIRST_VERSION_PARTIAL_WIDTH && partial > 0
        ? cur.u8("partial width code") : 0;
    cur.check(widthCode <= CdrawFormat.MAX_PARTIAL_WIDTH_CODE,
        "partial width code " + widthCode);
    int filterSize = version >= CdrawFormat.FIRST_VERSION_FILTER ? cur.u8("filter size") : 0;
    cur.check(filterSize <= CdrawFormat.MAX_FILTER_SIZE && (filterSize == 0 || filterSize % 2 == 1),
        "filter size " + filterSize);
    int[] filterDeltas = new int[0];
    if (filterSize > 0) {
      int count = cur.varint("filter coefficients");
      cur.check(count >= 1 && count <= CdrawFormat.MAX_FILTER_COEFFICIENTS,
          count + " filter coefficients");
      filterDeltas = new int[count];
      for (int i = 0; i < count; i++) {
        int zigzag = cur.varint("filter coefficient " + i);
        filterDeltas[i] = zigzag >>> 1 ^ -(zigzag & 1);
        cur.check(Math.abs(filterDeltas[i]) <= CdrawFormat.MAX_FILTER_DELTA,
            "filter coefficient " + filterDeltas[i]);
      }
    }
    int symbolCheck = cur.s32("symbol check");
    int[] stepChecks = new int[version >= CdrawFormat.FIRST_VERSION_WITH_STEP_CHECKS
        ? (partial > 0 ? stored + 1 : stored) : 0];
    for (int i = 0; i < stepChecks.length; i++) {
      stepChecks[i] = cur.u16("check of step " + (i + 1));
    }
    int payloadLength = cur.varint("payload length");
    int payloadOffset = cur.pos;
    if ((long) payloadOffset + payloadLength + 4 > in.length) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "truncated stream: payload of "
          + payloadLength + " bytes at offset " + payloadOffset + " but the file has "
          + in.length + " bytes");
    }
    cur.pos += payloadLength;
    CRC32C crc = new CRC32C();
    crc.update(in, 0, cur.pos);
    int stored32 = cur.s32("checksum");
    if (stored32 != (int) crc.getValue()) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "checksum mismatch: the file is damaged");
    }
    if (cur.pos != in.length) {
      throw new CdrawException(Kind.CORRUPT_STREAM, (in.length - cur.pos)
          + " unexpected bytes after the end of the stream");
    }
    return new Parsed(new StreamHeader(version, modelId, width, height, flags, stored, total, partial,
        widthCode, filterSize, filterDeltas, symbolCheck, stepChecks),
        in, payloadOffset, payloadLength);
  }
}
