package io.cdraw.cli;

/** JSON text for the {@code --json} reports. */
final class Json {
  private Json() {}

  /**
   * {@code s} as a JSON string, quotes included: {@code "} and {@code \} escaped, and every
   * control character below U+0020 (RFC 8259 §7), so that any file name gives valid JSON.
   */
  static String string(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
