package io.cdraw.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SaturationBoostTest {
  /** One 1x3 image: a grey pixel, a muted red and a saturated blue, planar RGB. */
  private static final byte[] PIXELS = {
      (byte) 120, (byte) 160, (byte) 20, // R
      (byte) 120, (byte) 100, (byte) 30, // G
      (byte) 120, (byte) 90, (byte) 240}; // B

  private static ImageSet image() {
    return new ImageSet() {
      @Override public int size() {
        return 1;
      }

      @Override public int channels() {
        return 3;
      }

      @Override public int height() {
        return 1;
      }

      @Override public int width() {
        return 3;
      }

      @Override public boolean binary() {
        return false;
      }

      @Override public void copy(int index, Random random, byte[] dst, int offset) {
        System.arraycopy(PIXELS, 0, dst, offset, PIXELS.length);
      }
    };
  }

  private static int[] copy(ImageSet set, Random random) {
    byte[] b = new byte[2 + set.pixelsPerImage()];
    set.copy(0, random, b, 2);
    int[] v = new int[set.pixelsPerImage()];
    for (int i = 0; i < v.length; i++) {
      v[i] = b[i + 2] & 0xff;
    }
    return v;
  }

  @Test
  void evaluationCopiesAreLeftAsTheyAre() {
    int[] plain = copy(image(), null);
    assertArrayEquals(plain, copy(new SaturationBoost(image(), 2), null));
  }

  @Test
  void chromaGrowsAroundTheLumaWhichStays() {
    SaturationBoost boost = new SaturationBoost(image(), 2);
    Random random = new Random(7);
    int[] plain = copy(image(), null);
    boolean grew = false;
    for (int trial = 0; trial < 20; trial++) {
      int[] v = copy(boost, random);
      // grey has no chroma to scale
      assertEquals(120, v[0]);
      assertEquals(120, v[3]);
      assertEquals(120, v[6]);
      // the muted red: its luma stays within rounding, its distance from grey grows
      double before = 0.299 * 160 + 0.587 * 100 + 0.114 * 90;
      double luma = 0.299 * v[1] + 0.587 * v[4] + 0.114 * v[7];
      assertEquals(before, luma, 1.0);
      assertTrue(v[1] >= plain[1] && v[4] <= plain[4] && v[7] <= plain[7]);
      // and by at most the factor 2
      assertTrue(v[1] - before <= 2 * (160 - before) + 0.5);
      grew |= v[1] > plain[1];
      // the saturated blue is clipped into the 8-bit range
      assertTrue(v[8] >= 240 && v[2] <= 20);
    }
    assertTrue(grew, "some factor above 1 in 20 draws");
  }

  @Test
  void aFactorOfOneChangesNothingAndBelowOneIsRefused() {
    Dataset d = new Dataset("one", image(), image(), image());
    assertEquals(d, d.withSaturationBoost(1));
    assertArrayEquals(copy(image(), null), copy(new SaturationBoost(image(), 1), new Random(3)));
    assertThrows(IllegalArgumentException.class, () -> d.withSaturationBoost(0.5));
  }
}
