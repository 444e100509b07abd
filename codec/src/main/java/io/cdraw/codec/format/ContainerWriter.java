package io.cdraw.codec.format;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32C;

/** Writes a .cdraw stream: header, payload, CRC32C of both (docs/format.md). */
public final class ContainerWriter {
  private ContainerWriter() {}

  /** Writes a header of the current {@link CdrawFormat#VERSION}, the only one written. */
  public static byte[] write(StreamHeader h, byte[] payload) {
    if (h.version() != CdrawFormat.VERSION) {
      throw new IllegalArgumentException("streams are written in version " + CdrawFormat.VERSION);
    }
    int[] stepChecks = h.stepChecks();
    if (stepChecks.length != h.codedSteps()) {
      throw new IllegalArgumentException(stepChecks.length + " step checks for "
          + h.codedSteps() + " coded steps");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(payload.length + 32);
    out.writeBytes(CdrawFormat.MAGIC);
    out.write(h.version());
    writeInt(out, h.modelId());
    writeVarint(out, h.width());
    writeVarint(out, h.height());
    out.write(h.flags());
    out.write(h.storedSteps());
    out.write(h.totalSteps());
    writeVarint(out, h.partialSymbols());
    if (h.hasPartialWidth() && h.partialSymbols() > 0) {
      out.write(h.partialWidthCode());
    }
    if (h.hasFilterField()) {
      out.write(h.filterSize());
      int[] deltas = h.filterDeltas();
      if (deltas.length > 0) {
        writeVarint(out, deltas.length);
        for (int d : deltas) {
          writeVarint(out, d << 1 ^ d >> 31);
        }
      }
    }
    writeInt(out, h.symbolCheck());
    for (int check : stepChecks) {
      out.write(check >>> 8);
      out.write(check);
    }
    writeVarint(out, payload.length);
    out.writeBytes(payload);
    CRC32C crc = new CRC32C();
    byte[] body = out.toByteArray();
    crc.update(body);
    writeInt(out, (int) crc.getValue());
    return out.toByteArray();
  }

  /** Bytes the container adds around a payload of {@code payloadBytes} for this header. */
  public static int overheadBytes(StreamHeader h, int payloadBytes) {
    return write(h, new byte[payloadBytes]).length - payloadBytes;
  }

  /** Big-endian. */
  static void writeInt(ByteArrayOutputStream out, int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
  }

  /** Unsigned LEB128. */
  static void writeVarint(ByteArrayOutputStream out, int v) {
    while ((v & ~0x7F) != 0) {
      out.write((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }
}
