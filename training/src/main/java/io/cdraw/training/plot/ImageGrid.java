package io.cdraw.training.plot;

import io.cdraw.codec.io.ImageFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Lays out equal-sized images in rows and columns with a thin gap, scaled up for viewing, with an
 * optional label left of each row.
 */
public final class ImageGrid {
  private static final int GAP = 2;
  private static final int LABEL_WIDTH = 170;

  private ImageGrid() {}

  /** @param rows rows of images, each row as planar images of the same size */
  public static BufferedImage of(List<List<ImageFiles.Planar>> rows, int scale) {
    return labelled(List.of(), rows, scale);
  }

  /**
   * @param labels one label per row, drawn in a margin left of the images (none if empty)
   * @param rows rows of images, all of the same size
   */
  public static BufferedImage labelled(List<String> labels, List<List<ImageFiles.Planar>> rows,
      int scale) {
    if (!labels.isEmpty() && labels.size() != rows.size()) {
      throw new IllegalArgumentException("one label per row expected");
    }
    int left = labels.isEmpty() ? 0 : LABEL_WIDTH;
    int h = rows.get(0).get(0).height() * scale;
    int w = rows.get(0).get(0).width() * scale;
    int cols = rows.stream().mapToInt(List::size).max().orElse(1);
    BufferedImage out = new BufferedImage(left + GAP + cols * (w + GAP),
        GAP + rows.size() * (h + GAP), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    for (int r = 0; r < rows.size(); r++) {
      int y = GAP + r * (h + GAP);
      if (!labels.isEmpty()) {
        g.setColor(Color.BLACK);
        g.drawString(labels.get(r), 6, y + h / 2 + 5);
      }
      for (int c = 0; c < rows.get(r).size(); c++) {
        Image img = ImageFiles.toImage(rows.get(r).get(c))
            .getScaledInstance(w, h, Image.SCALE_REPLICATE);
        g.drawImage(img, left + GAP + c * (w + GAP), y, null);
      }
    }
    g.dispose();
    return out;
  }
}
