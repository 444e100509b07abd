package io.cdraw.codec.plot;

import io.cdraw.codec.io.ImageFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.util.List;

/** Lays out equal-sized images in rows and columns with a thin gap, scaled up for viewing. */
public final class ImageGrid {
  private static final int GAP = 2;

  private ImageGrid() {}

  /** @param rows rows of images, each row as planar images of the same size */
  public static BufferedImage of(List<List<ImageFiles.Planar>> rows, int scale) {
    int h = rows.get(0).get(0).height() * scale;
    int w = rows.get(0).get(0).width() * scale;
    int cols = rows.stream().mapToInt(List::size).max().orElse(1);
    BufferedImage out = new BufferedImage(GAP + cols * (w + GAP), GAP + rows.size() * (h + GAP),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    for (int r = 0; r < rows.size(); r++) {
      for (int c = 0; c < rows.get(r).size(); c++) {
        Image img = ImageFiles.toImage(rows.get(r).get(c))
            .getScaledInstance(w, h, Image.SCALE_REPLICATE);
        g.drawImage(img, GAP + c * (w + GAP), GAP + r * (h + GAP), null);
      }
    }
    g.dispose();
    return out;
  }
}
