package io.cdraw.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cdraw.codec.io.ImageFiles.Planar;
import io.cdraw.codec.metrics.Psnr;
import org.junit.jupiter.api.Test;

class PsnrTest {
  @Test
  void matchesTheDefinition() {
    Planar a = new Planar(1, 1, 4, new byte[] {0, 10, (byte) 200, (byte) 255});
    Planar b = new Planar(1, 1, 4, new byte[] {2, 10, (byte) 196, (byte) 255});
    double mse = (4 + 0 + 16 + 0) / 4.0;
    assertEquals(10 * Math.log10(255 * 255 / mse), Psnr.of(a, b), 1e-12);
    assertEquals(Double.POSITIVE_INFINITY, Psnr.of(a, a));
  }
}
