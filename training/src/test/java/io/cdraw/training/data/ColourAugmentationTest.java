package io.cdraw.training.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ColourAugmentationTest {
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
    assertArrayEquals(plain, copy(new ColourAugmentation(image(), 2, 0), null));
  }

  @Test
  void chromaGrowsAroundTheLumaWhichStays() {
    ColourAugmentation boost = new ColourAugmentation(image(), 2, 0);
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
    assertEquals(d, d.withColourAugmentation(1, 0));
    assertArrayEquals(copy(image(), null), copy(new ColourAugmentation(image(), 1, 0), new Random(3)));
    assertThrows(IllegalArgumentException.class, () -> d.withColourAugmentation(0.5, 0));
    assertThrows(IllegalArgumentException.class, () -> d.withColourAugmentation(1, 181));
  }

  @Test
  void aThirdOfATurnAboutTheGreyAxisPermutesTheChromaAndKeepsTheLuma() {
    double[] d = {40, -25, -8};
    d[2] = -(0.299 * d[0] + 0.587 * d[1]) / 0.114; // chroma: no luma
    double[][] m = ColourAugmentation.chromaMap(1, 2 * Math.PI / 3);
    double[] rotated = new double[3];
    for (int r = 0; r < 3; r++) {
      rotated[r] = m[r][0] * d[0] + m[r][1] * d[1] + m[r][2] * d[2];
    }
    // (r, g, b) goes to (b, r, g), less the luma that has
    double luma = 0.299 * d[2] + 0.587 * d[0] + 0.114 * d[1];
    assertArrayEquals(new double[] {d[2] - luma, d[0] - luma, d[1] - luma}, rotated, 1e-9);
    assertEquals(0, 0.299 * rotated[0] + 0.587 * rotated[1] + 0.114 * rotated[2], 1e-9);
  }

  @Test
  void hueRotationsMoveColoursAndKeepLumaAndGrey() {
    ColourAugmentation rotate = new ColourAugmentation(image(), 1, 180);
    Random random = new Random(11);
    int[] plain = copy(image(), null);
    boolean moved = false;
    for (int trial = 0; trial < 20; trial++) {
      int[] v = copy(rotate, random);
      assertEquals(120, v[0]);
      assertEquals(120, v[3]);
      assertEquals(120, v[6]);
      // the muted red keeps its luma (it is far from the range's ends: no clipping)
      double before = 0.299 * 160 + 0.587 * 100 + 0.114 * 90;
      assertEquals(before, 0.299 * v[1] + 0.587 * v[4] + 0.114 * v[7], 1.0);
      moved |= v[4] > plain[4] + 10;
    }
    assertTrue(moved, "some rotation turns the red's green up in 20 draws");
  }
}
