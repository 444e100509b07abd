package io.cdraw.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers, on small files in the staged data's formats ({@link SyntheticData}). */
class DatasetsTest {
  @Test
  void binarizedMnistKeepsItsThreeFiles(@TempDir Path dir) throws Exception {
    SyntheticData.mnistFolder(dir, 50, 10, 12, 1);
    Dataset d = Datasets.open(dir.toString(), 0); // kind detected
    assertEquals(50, d.train().size());
    assertEquals(10, d.validation().size());
    assertEquals(12, d.test().size());
    assertTrue(d.train().binary());
    assertEquals(28, d.test().width());
    // boxes of 8 to 16 pixels a side on 28x28: 8% to 33% ink
    assertInkFraction(d.test(), 0.08, 0.33);
  }

  @Test
  void omniglotIsDownsampledToBinary28x28AndHoldsOutTheLastDrawer(@TempDir Path dir)
      throws Exception {
    SyntheticData.omniglotFolder(dir, 3, 7, 2);
    Dataset d = Datasets.open(dir.toString(), 0);
    assertEquals(3 * 19, d.train().size());
    assertEquals(3, d.validation().size());
    assertEquals(7, d.test().size());
    assertEquals(28, d.train().height());
    assertTrue(d.train().binary());
    double ink = SyntheticData.OMNIGLOT_INK;
    assertInkFraction(d.train(), 0.8 * ink, 1.3 * ink);
  }

  @Test
  void foldersGiveRandomCropsForTrainingAndCentreCropsOtherwise(@TempDir Path dir)
      throws Exception {
    Path testdata = Path.of(System.getProperty("cdraw.testdata", "../testdata"));
    for (String split : new String[] {"train", "test"}) {
      Files.createDirectories(dir.resolve(split));
      for (String f : new String[] {"scene-61x47.png", "grey-40x30.png", "rgba-33x21.png"}) {
        Files.copy(testdata.resolve(f), dir.resolve(split).resolve(f));
      }
    }
    Dataset d = Datasets.open("folder:" + dir, 16);
    assertEquals(3, d.train().size());
    assertEquals(16, d.train().width());
    byte[] a = new byte[d.train().pixelsPerImage()];
    byte[] b = new byte[a.length];
    d.validation().copy(0, null, a, 0);
    d.validation().copy(0, null, b, 0);
    assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(b), "deterministic view");
    java.io.IOException tooSmall = org.junit.jupiter.api.Assertions.assertThrows(
        java.io.IOException.class, () -> Datasets.open("folder:" + dir, 64));
    assertTrue(tooSmall.getMessage().contains("no images of at least 64x64"), tooSmall.getMessage());
  }

  @Test
  void aReducedFolderHoldsTheBoxAveragesRoundedHalfUp(@TempDir Path dir) throws Exception {
    Path testdata = Path.of(System.getProperty("cdraw.testdata", "../testdata"));
    for (String split : new String[] {"train", "test"}) {
      Files.createDirectories(dir.resolve(split));
      Files.copy(testdata.resolve("scene-61x47.png"), dir.resolve(split).resolve("scene.png"));
    }
    Path image = dir.resolve("test").resolve("scene.png");
    io.cdraw.codec.io.ImageFiles.Planar full = io.cdraw.codec.io.ImageFiles.read(image, 3);
    // 61x47 halves to 30x23 (last column and row dropped); the 16x16 centre crop starts at (7, 3)
    Dataset d = Datasets.open("folder:" + dir + "@2", 16);
    assertEquals("folder:" + dir + "@2", d.name(), "the name says the folder is reduced");
    byte[] crop = new byte[d.validation().pixelsPerImage()];
    d.validation().copy(0, null, crop, 0);
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 16; y++) {
        for (int x = 0; x < 16; x++) {
          int sy = 2 * (y + 3);
          int sx = 2 * (x + 7);
          int sum = full.value(c, sy, sx) + full.value(c, sy, sx + 1) + full.value(c, sy + 1, sx)
              + full.value(c, sy + 1, sx + 1);
          assertEquals((sum + 2) >> 2, crop[(c * 16 + y) * 16 + x] & 0xff, c + "," + y + "," + x);
        }
      }
    }
    java.io.IOException tooSmall = org.junit.jupiter.api.Assertions.assertThrows(
        java.io.IOException.class, () -> Datasets.open("folder:" + dir + "@3", 16));
    assertTrue(tooSmall.getMessage().contains("no images of at least 16x16"), tooSmall.getMessage());
    java.io.IOException notANumber = org.junit.jupiter.api.Assertions.assertThrows(
        java.io.IOException.class, () -> Datasets.open("folder:" + dir + "@half", 16));
    assertTrue(notANumber.getMessage().contains("folder:PATH@N"), notANumber.getMessage());
  }

  /** Images numbered by their single pixel value: part A holds 0..2, part B 100..199. */
  private static StoredImageSet numbered(int first, int count) {
    byte[] pixels = new byte[count];
    for (int i = 0; i < count; i++) {
      pixels[i] = (byte) (first + i);
    }
    return new StoredImageSet(pixels, count, 1, 1, 1, false, false);
  }

  @Test
  void mixedSetsDrawEachPartEquallyOftenAndReachEveryImage() {
    MixedImageSet mix = new MixedImageSet(numbered(0, 3), numbered(100, 100));
    assertEquals(200, mix.size());
    int[] seen = new int[256];
    byte[] pixel = new byte[1];
    for (int i = 0; i < mix.size(); i++) {
      mix.copy(i, new Random(i), pixel, 0);
      seen[pixel[0] & 0xFF]++;
    }
    int fromSmall = seen[0] + seen[1] + seen[2];
    assertEquals(100, fromSmall, "half of the indices draw from the small part");
    for (int v = 0; v < 3; v++) {
      assertTrue(seen[v] >= 33 && seen[v] <= 34, "small image " + v + " drawn " + seen[v]);
    }
    for (int v = 100; v < 200; v++) {
      assertEquals(1, seen[v], "large image " + v);
    }
  }

  private static void assertInkFraction(ImageSet set, double low, double high) {
    byte[] img = new byte[set.pixelsPerImage()];
    long ink = 0;
    int n = Math.min(500, set.size());
    for (int i = 0; i < n; i++) {
      set.copy(i, new Random(i), img, 0);
      for (byte v : img) {
        assertTrue(v == 0 || v == 1, "binary values");
        ink += v;
      }
    }
    double fraction = (double) ink / ((long) n * img.length);
    assertTrue(fraction > low && fraction < high, "ink fraction " + fraction);
  }
}
