package io.cdraw.codec.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.ByteArrayOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageFilesTest {
  /** ImageIO reads 1-bit grey PNGs with a two-entry palette: they are grey, not RGB. */
  @Test
  void palettesOfGreysAreGrey() throws Exception {
    BufferedImage binary = new BufferedImage(9, 5, BufferedImage.TYPE_BYTE_BINARY);
    binary.setRGB(3, 2, 0xFFFFFF);
    ImageFiles.Loaded loaded = ImageFiles.readForCodec(png(binary), 3, "binary.png");
    assertTrue(loaded.grey());
    assertEquals((byte) 255, loaded.image().pixels()[2 * 9 + 3]);

    IndexColorModel redBlue = new IndexColorModel(1, 2, new byte[] {(byte) 255, 0},
        new byte[] {0, 0}, new byte[] {0, (byte) 255});
    BufferedImage colour = new BufferedImage(9, 5, BufferedImage.TYPE_BYTE_BINARY, redBlue);
    assertFalse(ImageFiles.readForCodec(png(colour), 3, "colour.png").grey());
  }

  @Test
  void truncatedJpegsAreRefusedUnlessAccepted() throws Exception {
    BufferedImage img = ImageIO.read(java.nio.file.Path.of(
        System.getProperty("cdraw.testdata", "../testdata"), "scene-61x47.png").toFile());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpeg", out);
    byte[] whole = out.toByteArray();
    byte[] cut = java.util.Arrays.copyOf(whole, whole.length * 2 / 3);
    ImageFiles.readForCodec(whole, 3, "whole.jpg");
    io.cdraw.codec.CdrawException e = org.junit.jupiter.api.Assertions.assertThrows(
        io.cdraw.codec.CdrawException.class, () -> ImageFiles.readForCodec(cut, 3, "cut.jpg"));
    assertEquals(io.cdraw.codec.CdrawException.Kind.BAD_INPUT, e.kind());
    assertTrue(e.getMessage().startsWith("cut.jpg: damaged image ("), e.getMessage());
    assertEquals(61, ImageFiles.readForCodec(cut, 3, "cut.jpg", true).image().width());
  }

  private static byte[] png(BufferedImage img) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }
}
