package io.cdraw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The comparison tooling: scripts/reference-codecs.sh's size search with the real encoders (from
 * Debian's packages; skipped when absent unless CDRAW_REQUIRE_REFERENCE_TOOLS=1), `metrics` on
 * several images, and `rd-report` on a small results file.
 */
class ComparisonToolsTest {
  static final Path ROOT = CodecCommandsTest.TESTDATA.resolve("..").normalize();
  @TempDir Path work;

  @Test
  void sizeSearchFindsTheLargestFileWithinTheBudget() throws Exception {
    Path png = work.resolve("ref.png");
    Files.copy(CodecCommandsTest.TESTDATA.resolve("scene-61x47.png"), png);
    bash("convert ref.png ref.ppm");
    for (String codec : List.of("jpeg", "webp", "jpeg2000")) {
      int budget = 1000; // bytes: 2.8 bits per pixel for 61x47 (a JPEG header alone is about 600)
      String ext = bash("rc_extension " + codec).strip(); // opj_compress picks its format by it
      String q = bash("rc_search " + codec + " ref.png ref.ppm " + budget + " out." + ext).strip();
      assertFalse(q.equals("none"), codec + " should reach " + budget + " bytes");
      long size = Files.size(work.resolve("out." + ext));
      assertTrue(size <= budget, codec + ": " + size + " bytes > budget");
      int hi = Integer.parseInt(bash("rc_hi " + codec).strip());
      if (Integer.parseInt(q) < hi) { // the next setting up must not fit: the search found the largest
        bash("rc_encode " + codec + " " + (Integer.parseInt(q) + 1) + " ref.png ref.ppm next." + ext);
        assertTrue(Files.size(work.resolve("next." + ext)) > budget, codec + " setting " + q + "+1 fits too");
      }
      bash("rc_decode " + codec + " out." + ext + " dec-" + codec + ".png");
      assertEquals(61, ImageIO.read(work.resolve("dec-" + codec + ".png").toFile()).getWidth());
    }
    // No JPEG of this image fits in 20 bytes: reported, and no file is left.
    assertEquals("none", bash("rc_search jpeg ref.png ref.ppm 20 tiny.jpeg").strip());
    assertFalse(Files.exists(work.resolve("tiny.jpeg")));
  }

  @Test
  void metricsComparesSeveralImagesInOneRunAsJson() throws Exception {
    Path a = CodecCommandsTest.TESTDATA.resolve("scene-61x47.png");
    String out = run(0, "metrics", "--json", a.toString(), a.toString(),
        CodecCommandsTest.TESTDATA.resolve("scene-61x47.png").toString());
    List<String> lines = out.lines().toList();
    assertEquals(2, lines.size());
    // Equal images: PSNR is infinite and MS-SSIM undefined below 176x176, both null in JSON.
    assertTrue(lines.get(0).matches("\\{\"file\":\".*scene-61x47.png\",\"psnr\":null,\"ms_ssim\":null,\"ssim\":1.000000}"),
        lines.get(0));
    run(3, "metrics", a.toString(), CodecCommandsTest.TESTDATA.resolve("grey-40x30.png").toString());
  }

  @Test
  void rdReportWritesTablesPlotsAndGrid() throws Exception {
    Path dir = work.resolve("cmp");
    for (String image : List.of("a", "b")) {
      Files.createDirectories(dir.resolve("work").resolve(image));
      Files.copy(CodecCommandsTest.TESTDATA.resolve("scene-61x47.png"), dir.resolve("work/" + image + "/ref.png"));
      Files.copy(CodecCommandsTest.TESTDATA.resolve("scene-61x47.png"), dir.resolve("work/" + image + "/jpeg-0.5.png"));
      Files.copy(CodecCommandsTest.TESTDATA.resolve("scene-61x47.png"), dir.resolve("work/" + image + "/cdraw-0badcafe-v0-0.5.png"));
    }
    Files.writeString(dir.resolve("results.csv"), """
        image,codec,target_bpp,bpp,bytes,setting,psnr_db,ms_ssim,encode_s,decode_s,status
        a,jpeg,0.1,,,,,,,,cannot_reach
        a,cdraw-v0,0.1,0.08,29,t=1/10,20.0,0.5,4.0,7.0,ok
        a,jpeg,0.5,0.45,161,11,30.0,0.9,0.1,0.2,ok
        a,cdraw-v0,0.5,0.40,143,t=3/10,22.0,0.6,4.0,7.0,ok
        b,jpeg,0.1,0.09,32,1,18.0,0.4,0.1,0.2,ok
        b,cdraw-v0,0.1,0.07,25,t=1/10,24.0,0.7,4.0,7.0,ok
        b,jpeg,0.5,0.47,168,12,32.0,0.8,0.1,0.2,ok
        b,cdraw-v0,0.5,0.42,150,t=3/10,26.0,0.8,4.0,7.0,ok
        """);
    String out = run(0, "rd-report", dir.toString(), "--model-id", "0badcafe", "--grid-rates", "0.1,0.5",
        "--grid-images", "2");
    // jpeg reached 0.1 bpp on one image of two: its mean is over that one and says so.
    assertTrue(out.contains("| jpeg | 18.00 (1/2) | 31.00 |"), out);
    assertTrue(out.contains("| cdraw-v0 | 22.00 | 24.00 |"), out);
    assertTrue(out.contains("| 0.5 | cdraw-v0 | 2/2 | 0.4100 | 24.00 | 0.7000 | 4.00 | 7.00 |"), out);
    for (String png : List.of("rd-psnr.png", "rd-ms-ssim.png", "grid.png")) {
      assertTrue(ImageIO.read(dir.resolve(png).toFile()).getWidth() > 100, png);
    }
    // The grid: the originals, then two codecs at two rates, one 47-pixel crop row each.
    assertEquals(2 + 5 * (47 + 2), ImageIO.read(dir.resolve("grid.png").toFile()).getHeight());
  }

  private String run(int expectedExit, String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    CommandLine cl = CdrawCommand.newCommandLine();
    cl.setOut(new PrintWriter(o));
    cl.setErr(new PrintWriter(e));
    assertEquals(expectedExit, cl.execute(args), e.toString());
    return o.toString();
  }

  /** Runs a command in the work folder with the reference-codec functions loaded. */
  private String bash(String command) throws IOException, InterruptedException {
    for (String tool : List.of("cjpeg", "cwebp", "opj_compress", "convert")) {
      if (new ProcessBuilder("bash", "-c", "command -v " + tool).start().waitFor() != 0) {
        if ("1".equals(System.getenv("CDRAW_REQUIRE_REFERENCE_TOOLS"))) {
          throw new AssertionError(tool + " is not installed (CDRAW_REQUIRE_REFERENCE_TOOLS=1)");
        }
        Assumptions.abort(tool + " is not installed");
      }
    }
    Process p = new ProcessBuilder("bash", "-c",
        "set -euo pipefail; source '" + ROOT.resolve("scripts/reference-codecs.sh") + "'; " + command)
        .directory(work.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), command + ": " + out);
    return out;
  }
}
