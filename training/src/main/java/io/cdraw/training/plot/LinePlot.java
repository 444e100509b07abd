package io.cdraw.training.plot;

import io.cdraw.codec.io.ImageFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small line chart rendered with Java2D to PNG: training curves, information per step. */
public final class LinePlot {
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)
  };
  private static final int WIDTH = 900;
  private static final int HEIGHT = 560;
  private static final int LEFT = 90;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 70;

  private final String title;
  private final String xLabel;
  private final String yLabel;
  private final List<Series> series = new ArrayList<>();
  private boolean legendLeft;

  private record Series(String name, double[] x, double[] y, boolean markers) {}

  public LinePlot(String title, String xLabel, String yLabel) {
    this.title = title;
    this.xLabel = xLabel;
    this.yLabel = yLabel;
  }

  /** Adds a line; NaN points are skipped. */
  public LinePlot add(String name, double[] x, double[] y, boolean markers) {
    if (x.length != y.length) {
      throw new IllegalArgumentException("x and y differ in length");
    }
    series.add(new Series(name, x.clone(), y.clone(), markers));
    return this;
  }

  /** Puts the legend in the top left corner (free in rate-distortion plots) instead of the right. */
  public LinePlot legendTopLeft() {
    legendLeft = true;
    return this;
  }

  public void writePng(Path path) throws IOException {
    ImageFiles.writePng(render(), path);
  }

  public BufferedImage render() {
    double xMin = Double.POSITIVE_INFINITY;
    double xMax = Double.NEGATIVE_INFINITY;
    double yMin = Double.POSITIVE_INFINITY;
    double yMax = Double.NEGATIVE_INFINITY;
    for (Series s : series) {
      for (int i = 0; i < s.x.length; i++) {
        if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i])) {
          xMin = Math.min(xMin, s.x[i]);
          xMax = Math.max(xMax, s.x[i]);
          yMin = Math.min(yMin, s.y[i]);
          yMax = Math.max(yMax, s.y[i]);
        }
      }
    }
    if (!Double.isFinite(xMin)) {
      xMin = 0;
      xMax = 1;
      yMin = 0;
      yMax = 1;
    }
    if (xMax == xMin) {
      xMax = xMin + 1;
    }
    if (yMax == yMin) {
      yMax = yMin + 1;
    }
    double pad = (yMax - yMin) * 0.05;
    yMin -= pad;
    yMax += pad;

    BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING,
        RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    FontMetrics fm = g.getFontMetrics();
    double yStep = niceStep((yMax - yMin) / 5);
    for (double yv = Math.ceil(yMin / yStep) * yStep; yv <= yMax + 1e-9 * yStep; yv += yStep) {
      int py = TOP + plotH - (int) Math.round((yv - yMin) / (yMax - yMin) * plotH);
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(LEFT, py, LEFT + plotW, py);
      g.setColor(Color.DARK_GRAY);
      String label = tick(yv, yStep);
      g.drawString(label, LEFT - 8 - fm.stringWidth(label), py + fm.getAscent() / 2 - 1);
    }
    double xStep = niceStep((xMax - xMin) / 5);
    for (double xv = Math.ceil(xMin / xStep) * xStep; xv <= xMax + 1e-9 * xStep; xv += xStep) {
      int px = LEFT + (int) Math.round((xv - xMin) / (xMax - xMin) * plotW);
      g.setColor(Color.DARK_GRAY);
      String xl = tick(xv, xStep);
      g.drawString(xl, px - fm.stringWidth(xl) / 2, TOP + plotH + fm.getHeight() + 4);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, plotW, plotH);
    g.drawString(xLabel, LEFT + plotW / 2 - fm.stringWidth(xLabel) / 2, HEIGHT - 20);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(yLabel, -(TOP + plotH / 2 + fm.stringWidth(yLabel) / 2), 22);
    rotated.dispose();
    int titleSize = 16;
    do { // shrink long titles to fit the width
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, titleSize--));
    } while (g.getFontMetrics().stringWidth(title) > WIDTH - LEFT - 10 && titleSize > 9);
    g.drawString(title, LEFT, TOP - 18);

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    int legendY = TOP + 18;
    for (int si = 0; si < series.size(); si++) {
      Series s = series.get(si);
      Color color = PALETTE[si % PALETTE.length];
      g.setColor(color);
      g.setStroke(new BasicStroke(2f));
      int prevX = Integer.MIN_VALUE;
      int prevY = 0;
      for (int i = 0; i < s.x.length; i++) {
        if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) {
          continue;
        }
        int px = LEFT + (int) Math.round((s.x[i] - xMin) / (xMax - xMin) * plotW);
        int py = TOP + plotH - (int) Math.round((s.y[i] - yMin) / (yMax - yMin) * plotH);
        if (prevX != Integer.MIN_VALUE) {
          g.drawLine(prevX, prevY, px, py);
        }
        if (s.markers) {
          g.fillOval(px - 4, py - 4, 8, 8);
        }
        prevX = px;
        prevY = py;
      }
      int legendX = legendLeft ? LEFT + 14 : LEFT + plotW - 200;
      g.fillRect(legendX, legendY - 9, 18, 4);
      g.setColor(Color.BLACK);
      g.drawString(s.name, legendX + 24, legendY - 3);
      legendY += 18;
    }
    g.dispose();
    return img;
  }

  /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
  static double niceStep(double raw) {
    double power = Math.pow(10, Math.floor(Math.log10(raw)));
    for (double m : new double[] {1, 2, 5, 10}) {
      if (m * power >= raw) {
        return m * power;
      }
    }
    return 10 * power;
  }

  private static String tick(double v, double step) {
    int decimals = (int) Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
