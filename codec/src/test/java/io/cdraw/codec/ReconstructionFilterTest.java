package io.cdraw.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdraw.codec.io.ImageFiles.Planar;
import io.cdraw.codec.metrics.Psnr;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReconstructionFilterTest {
  private static final int ONE = 1 << io.cdraw.codec.format.CdrawFormat.FILTER_FRACTION_BITS;

  @Test
  void noDeltasIsTheIdentity() {
    Planar p = random(3, 9, 11, 1);
    ReconstructionFilter identity = ReconstructionFilter.fromDeltas(3, 3, false,
        new int[ReconstructionFilter.coefficients(3, 3, false)]);
    assertArrayEquals(p.pixels(), identity.apply(p).pixels());
  }

  @Test
  void appliesInIntegersWithEdgesReplicatedAndRoundsHalfUp() {
    // one channel, 1 x 4: take the left neighbour (tap dy = 0, dx = -1) and add half a level
    Planar p = new Planar(1, 1, 4, new byte[] {10, 20, 30, (byte) 250});
    int[] deltas = new int[ReconstructionFilter.coefficients(1, 3, false)];
    deltas[4] = -ONE; // the centre tap back to 0
    deltas[3] = ONE;  // the left tap to 1
    deltas[9] = ONE / 2;
    // 10 + 0.5 rounds up to 11; the left edge repeats its own pixel
    assertArrayEquals(new byte[] {11, 11, 21, 31},
        ReconstructionFilter.fromDeltas(1, 3, false, deltas).apply(p).pixels());
    deltas[9] = 10 * ONE; // clamped at 255
    Planar bright = new Planar(1, 1, 4, new byte[] {(byte) 250, (byte) 250, 0, 0});
    assertArrayEquals(new byte[] {(byte) 255, (byte) 255, (byte) 255, 10},
        ReconstructionFilter.fromDeltas(1, 3, false, deltas).apply(bright).pixels());
  }

  @Test
  void fitsTheFilterThatMadeTheImage() {
    // the image is the picture with its channels mixed and a blur: a 3x3 filter recovers it
    Planar picture = random(3, 40, 30, 2);
    int[] deltas = new int[ReconstructionFilter.coefficients(3, 3, false)];
    int per = 3 * 9 + 1;
    for (int out = 0; out < 3; out++) {
      deltas[out * per + ((out + 1) % 3) * 9 + 4] = ONE / 8;      // a little of the next channel
      deltas[out * per + out * 9 + 4] = -ONE / 4;                 // less of its own centre
      deltas[out * per + out * 9 + 1] = ONE / 16;                 // the pixel above
      deltas[out * per + per - 1] = 3 * ONE;                      // 3 levels brighter
    }
    Planar image = ReconstructionFilter.fromDeltas(3, 3, false, deltas).apply(picture);
    ReconstructionFilter fitted = ReconstructionFilter.fit(picture, image, 3, false);
    long before = Psnr.squaredError(picture, image);
    long after = Psnr.squaredError(fitted.apply(picture), image);
    assertTrue(after * 50 < before, before + " -> " + after);
    int[] got = fitted.deltas();
    for (int i = 0; i < deltas.length - 1; i++) {
      if (i % per != per - 1) {
        assertEquals(deltas[i], got[i], ONE / 50.0, "coefficient " + i);
      }
    }
  }

  @Test
  void aGuidedFilterReadsTheLumaGuidedPlanesAndIsFittedToThem() {
    // the image: each channel's own pixel plus the guided B − Y plane, less half the smoothed
    // luma; only a filter that reads the planes makes it exactly
    Planar picture = LumaGuidedPlanesTest.picture(30, 40, 4, false);
    int per = 3 * 9 + LumaGuidedPlanes.PLANES + 1;
    int[] deltas = new int[ReconstructionFilter.coefficients(3, 3, true)];
    assertEquals(3 * per, deltas.length);
    for (int out = 0; out < 3; out++) {
      // the planes are in quarter levels: a weight of ONE / 4 on one is a whole level per level
      deltas[out * per + 27 + 1] = ONE / 4;
      deltas[out * per + 27] = -ONE / 8;
    }
    ReconstructionFilter made = ReconstructionFilter.fromDeltas(3, 3, true, deltas);
    Planar image = made.apply(picture);
    int[][] planes = LumaGuidedPlanes.of(picture);
    int w = picture.width();
    for (int i : new int[] {0, 37, 611, 1199}) {
      int y = i / w;
      int x = i % w;
      long sum = (long) ONE * picture.value(2, y, x) + (ONE >> 1)
          + (long) deltas[2 * per + 28] * planes[1][i] + (long) deltas[2 * per + 27] * planes[0][i];
      assertEquals(Math.max(0, Math.min(255, Math.floorDiv(sum, ONE))), image.value(2, y, x));
    }
    ReconstructionFilter plain = ReconstructionFilter.fit(picture, image, 3, false);
    ReconstructionFilter guided = ReconstructionFilter.fit(picture, image, 3, true);
    long plainError = Psnr.squaredError(plain.apply(picture), image);
    long guidedError = Psnr.squaredError(guided.apply(picture), image);
    // what is left is the rounding of the made image, less than a quarter level² a value
    assertTrue(guidedError * 4 < picture.pixels().length, "guided: " + guidedError);
    assertTrue(guidedError * 4 < plainError, plainError + " -> " + guidedError);
    int[] got = guided.deltas();
    for (int out = 0; out < 3; out++) {
      assertEquals(ONE / 4, got[out * per + 28], ONE / 100.0, "B - Y weight of " + out);
      assertEquals(-ONE / 8, got[out * per + 27], ONE / 100.0, "luma weight of " + out);
    }
    assertThrows(IllegalArgumentException.class, () -> ReconstructionFilter.fromDeltas(1, 3,
        true, new int[ReconstructionFilter.coefficients(1, 3, true)]), "RGB only");
  }

  @Test
  void aFlatPictureHasNoFilterAndBadShapesAreRefused() {
    Planar flat = new Planar(1, 5, 5, new byte[25]);
    assertNull(ReconstructionFilter.fit(flat, random(1, 5, 5, 3), 3, false));
    assertThrows(IllegalArgumentException.class,
        () -> ReconstructionFilter.fromDeltas(3, 2, false, new int[3 * (3 * 4 + 1)]));
    assertThrows(IllegalArgumentException.class,
        () -> ReconstructionFilter.fromDeltas(3, 3, false, new int[10]));
    int[] huge = new int[ReconstructionFilter.coefficients(1, 1, false)];
    huge[0] = io.cdraw.codec.format.CdrawFormat.MAX_FILTER_DELTA + 1;
    assertThrows(IllegalArgumentException.class,
        () -> ReconstructionFilter.fromDeltas(1, 1, false, huge));
  }

  /** A picture of smooth random gradients plus noise. */
  private static Planar random(int channels, int height, int width, long seed) {
    Random r = new Random(seed);
    byte[] px = new byte[channels * height * width];
    for (int c = 0; c < channels; c++) {
      int base = 60 + r.nextInt(100);
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          px[(c * height + y) * width + x] = (byte) (base + 2 * x - y + r.nextInt(40));
        }
      }
    }
    return new Planar(channels, height, width, px);
  }
}
