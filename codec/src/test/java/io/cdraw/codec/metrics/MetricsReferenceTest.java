package io.cdraw.codec.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdraw.codec.io.ImageFiles;
import io.cdraw.codec.io.ImageFiles.Planar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PSNR and SSIM against independent implementations: ImageMagick's and ffmpeg's PSNR, and
 * scikit-image's Gaussian SSIM (the same definition, so exact; ffmpeg's SSIM uses 8x8 boxes and
 * differs by a few hundredths, so it cannot pin ours).
 * MS-SSIM against a NumPy/SciPy transcription of Wang's reference MATLAB code.
 * The tools come from Debian's packages (imagemagick, ffmpeg, python3-skimage), which CI installs;
 * elsewhere a missing tool skips its check (reported as skipped) unless
 * CDRAW_REQUIRE_REFERENCE_TOOLS=1.
 */
class MetricsReferenceTest {
  @TempDir static Path dir;
  static Planar original;
  static Planar distorted;
  static Path originalPng;
  static Path distortedPng;

  @BeforeAll
  static void images() throws IOException {
    // 203x181: odd sizes exercise the mirrored edge of the 2x2 downsampling at every scale.
    int w = 203;
    int h = 181;
    Random random = new Random(5);
    byte[] a = new byte[3 * w * h];
    byte[] b = new byte[a.length];
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double v = 128 + 60 * Math.sin(x * 0.07 + c) * Math.cos(y * 0.05) + 30 * Math.sin(x * y * 0.002)
              + 12 * random.nextGaussian();
          int i = (c * h + y) * w + x;
          a[i] = (byte) clamp(v);
          b[i] = (byte) clamp(v + 14 * random.nextGaussian() + (x > w / 2 ? 9 : -4));
        }
      }
    }
    original = new Planar(3, h, w, a);
    distorted = new Planar(3, h, w, b);
    originalPng = dir.resolve("a.png");
    distortedPng = dir.resolve("b.png");
    ImageFiles.writePng(ImageFiles.toImage(original), originalPng);
    ImageFiles.writePng(ImageFiles.toImage(distorted), distortedPng);
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }

  @Test
  void psnrMatchesImageMagick() throws Exception {
    String out = run("compare", "-metric", "PSNR", originalPng.toString(), distortedPng.toString(),
        "null:");
    assertEquals(Double.parseDouble(firstNumber(out, "([0-9.]+)")), Psnr.of(original, distorted), 1e-3);
  }

  @Test
  void psnrMatchesFfmpeg() throws Exception {
    String out = run("ffmpeg", "-hide_banner", "-nostats", "-i", originalPng.toString(), "-i",
        distortedPng.toString(), "-lavfi", "psnr", "-f", "null", "-");
    assertEquals(Double.parseDouble(firstNumber(out, "PSNR .*average:([0-9.]+)")),
        Psnr.of(original, distorted), 1e-3);
  }

  @Test
  void ssimMatchesScikitImage() throws Exception {
    String out = python("""
        from skimage.io import imread
        from skimage.metrics import structural_similarity
        a = imread(A).astype('float64'); b = imread(B).astype('float64')
        print(structural_similarity(a, b, gaussian_weights=True, sigma=1.5, use_sample_covariance=False,
                                    data_range=255, channel_axis=2))
        """);
    assertEquals(Double.parseDouble(out.trim()), MsSsim.ssim(original, distorted), 1e-9);
  }

  @Test
  void msSsimMatchesTranscriptionOfReferenceCode() throws Exception {
    String out = python("""
        import numpy as np
        from scipy.ndimage import correlate
        from skimage.io import imread
        g = np.exp(-np.arange(-5, 6) ** 2 / (2 * 1.5 ** 2)); win = np.outer(g, g) / np.outer(g, g).sum()
        def valid(x):  # MATLAB filter2(win, x, 'valid')
            return correlate(x, win, mode='constant')[5:-5, 5:-5]
        def ssim(x, y):
            c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
            mx, my = valid(x), valid(y)
            vx, vy, cxy = valid(x * x) - mx ** 2, valid(y * y) - my ** 2, valid(x * y) - mx * my
            cs = (2 * cxy + c2) / (vx + vy + c2)
            return (((2 * mx * my + c1) / (mx ** 2 + my ** 2 + c1)) * cs).mean(), cs.mean()
        def down(x):  # imfilter(x, ones(2)/4, 'symmetric', 'same'), then x(1:2:end, 1:2:end)
            p = np.pad(x, ((0, 1), (0, 1)), mode='symmetric')
            return ((p[:-1, :-1] + p[1:, :-1] + p[:-1, 1:] + p[1:, 1:]) / 4)[::2, ::2]
        w = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]
        a = imread(A).astype('float64'); b = imread(B).astype('float64'); scores = []
        for c in range(3):
            x, y, score = a[:, :, c], b[:, :, c], 1.0
            for s in range(5):
                m, cs = ssim(x, y)
                score *= (m if s == 4 else cs) ** w[s]
                x, y = down(x), down(y)
            scores.append(score)
        print(np.mean(scores))
        """);
    assertEquals(Double.parseDouble(out.trim()), MsSsim.of(original, distorted), 1e-9);
  }

  @Test
  void identicalImagesScoreOneAndNoiseLowersTheScore() {
    assertEquals(1.0, MsSsim.of(original, original), 1e-12);
    assertEquals(Double.POSITIVE_INFINITY, Psnr.of(original, original));
    double score = MsSsim.of(original, distorted);
    assertTrue(score > 0.3 && score < 0.99, "MS-SSIM " + score);
  }

  @Test
  void tooSmallImagesAreRefusedWithTheReason() {
    Planar small = new Planar(3, 40, 50, new byte[3 * 40 * 50]);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MsSsim.of(small, small));
    assertTrue(e.getMessage().contains("176x176"), e.getMessage());
  }

  private static String python(String program) throws Exception {
    String script = "A = '" + originalPng + "'\nB = '" + distortedPng + "'\n" + program.stripIndent();
    Path file = dir.resolve("reference.py");
    Files.writeString(file, script);
    // Debian's interpreter, where python3-skimage installs; another python3 may come first on PATH.
    return run("/usr/bin/python3", file.toString());
  }

  /** Runs a tool and returns its output; skips the check when the tool is not installed. */
  private static String run(String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return missing(command[0]);
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (out.contains("No module named")) {
      return missing(command[0] + " with scikit-image");
    }
    // compare exits 1 when the images differ; anything above that is a failure.
    assertTrue(rc <= 1, String.join(" ", command) + " failed: " + out);
    return out;
  }

  private static String missing(String tool) {
    String why = tool + " is not installed";
    if ("1".equals(System.getenv("CDRAW_REQUIRE_REFERENCE_TOOLS"))) {
      throw new AssertionError(why + " (CDRAW_REQUIRE_REFERENCE_TOOLS=1)");
    }
    return Assumptions.abort(why);
  }

  private static String firstNumber(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertTrue(m.find(), "no match for " + regex + " in: " + text);
    return m.group(1);
  }
}
