package io.cdraw.codec.format;

import io.cdraw.codec.CdrawException;
import io.cdraw.codec.CdrawException.Kind;

/** Reads a stream's header fields in order; a short or bad field is a corrupt stream. */
final class HeaderCursor {
  final byte[] in;
  int pos;

  HeaderCursor(byte[] in, int pos) {
    this.in = in;
    this.pos = pos;
  }

  int u8(String field) {
    need(1, field);
    return in[pos++] & 0xFF;
  }

  int u16(String field) {
    need(2, field);
    int v = (in[pos] & 0xFF) << 8 | (in[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  int s32(String field) {
    need(4, field);
    int v = (in[pos] & 0xFF) << 24 | (in[pos + 1] & 0xFF) << 16 | (in[pos + 2] & 0xFF) << 8
        | (in[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  int varint(String field) {
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

  void need(int bytes, String field) {
    if (pos + bytes > in.length) {
      throw new CdrawException(Kind.CORRUPT_STREAM,
          "truncated stream: " + field + " at offset " + pos);
    }
  }

  void check(boolean ok, String what) {
    if (!ok) {
      throw new CdrawException(Kind.CORRUPT_STREAM, "bad header at offset " + pos + ": " + what);
    }
  }
}
