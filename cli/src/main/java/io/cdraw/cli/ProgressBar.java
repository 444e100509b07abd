package io.cdraw.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress on standard error. On a terminal: a one-line bar redrawn at most four times a second.
 * Otherwise (a log file, a pipe) no carriage-return frames: a plain line at most once a minute,
 * so that the log of a long run stays readable. Quiet: nothing.
 */
final class ProgressBar {
  private static final int WIDTH = 28;
  private static final boolean TERMINAL = stderrIsTerminal();
  private final PrintWriter err;
  private final boolean quiet;
  private long lastDraw;
  private int lastLength;

  ProgressBar(PrintWriter err) {
    this(err, false);
  }

  ProgressBar(PrintWriter err, boolean quiet) {
    this.err = err;
    this.quiet = quiet;
  }

  /** @param fraction done in [0, 1], or negative when unknown */
  void draw(double fraction, String text, boolean force) {
    if (quiet) {
      return;
    }
    long now = System.nanoTime();
    if (!TERMINAL && lastDraw == 0) {
      lastDraw = now; // off a terminal the first line comes after a minute: short runs print none
    }
    long interval = TERMINAL ? 250_000_000L : 60_000_000_000L;
    if (!force && lastDraw != 0 && now - lastDraw < interval) {
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
    if (!TERMINAL) {
      err.println(line);
      err.flush();
      return;
    }
    int pad = Math.max(0, lastLength - line.length());
    err.print("\r" + line + " ".repeat(pad));
    err.flush();
    lastLength = line.length();
  }

  /** Prints a message on its own line without losing the bar. */
  void message(String text) {
    if (lastLength > 0) {
      err.print("\r" + " ".repeat(lastLength) + "\r");
    }
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

  /** Whether file descriptor 2 is a terminal (Linux: where /proc/self/fd/2 points). */
  private static boolean stderrIsTerminal() {
    try {
      String target = java.nio.file.Files.readSymbolicLink(
          java.nio.file.Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty")
          || target.equals("/dev/console");
    } catch (java.io.IOException | UnsupportedOperationException e) {
      return System.console() != null;
    }
  }

  static String duration(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
