package io.cdraw.training.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class LinePlotTest {
  @Test
  void ticksAreOneTwoOrFiveTimesAPowerOfTen() {
    assertEquals(2, LinePlot.niceStep(1.4), 1e-12);
    assertEquals(0.5, LinePlot.niceStep(0.31), 1e-12);
    assertEquals(1000, LinePlot.niceStep(1000), 1e-9);
    assertEquals(10, LinePlot.niceStep(5.01), 1e-12);
  }

  @Test
  void drawsSeriesIncludingFlatAndEmptyOnes() {
    BufferedImage img = new LinePlot("t", "x", "y")
        .add("a", new double[] {1, 2, 3}, new double[] {5, 7, 6}, true)
        .add("flat", new double[] {1, 2}, new double[] {3, 3}, false)
        .add("empty", new double[0], new double[0], false)
        .render();
    assertEquals(900, img.getWidth());
    int coloured = 0; // pixels of the series' colours (not white, grey or black)
    for (int y = 50; y < 490; y++) {
      for (int x = 90; x < 870; x++) {
        int rgb = img.getRGB(x, y);
        int r = rgb >> 16 & 0xff;
        int g = rgb >> 8 & 0xff;
        int b = rgb & 0xff;
        if (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b)) > 60) {
          coloured++;
        }
      }
    }
    assertTrue(coloured > 500, coloured + " coloured pixels");
  }
}
