package io.cdraw.cli;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress bar on standard error, redrawn at most a few times a second. */
final class ProgressBar {
  private static final int WIDTH = 28;
  private final PrintWriter err;
  private long lastDraw;
  private int lastLength;

  ProgressBar(PrintWriter err) {
    this.err = err;
  }

  /** @param fraction done in [0, 1], or negative when unknown */
  void draw(double fraction, String text, boolean force) {
    long now = System.nanoTime();
    if (!force && now - lastDraw < 250_000_000L) {
      return;
    }
    lastDraw = now;
    StringBuilder line = new StringBuilder();
    if (fraction >= 0) {
      int filled = (int) Math.round(Math.min(1, fraction) * WIDTH);
      line.append('[').append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
      line.append(String.format(Locale.ROOT, "%3.0f%% ", 100 * Math.min(1, fraction)));
    }
    line.append(text);
    int pad = Math.max(0, lastLength - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    lastLength = line.length();
  }

  /** Prints a message on its own line without losing the bar. */
  void message(String text) {
    err.print("\r" + " ".repeat(lastLength) + "\r");
    err.println(text);
    err.flush();
    lastLength = 0;
  }

  void finish() {
    if (lastLength > 0) {
      err.println();
      err.flush();
      lastLength = 0;
    }
  }

  static String duration(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
