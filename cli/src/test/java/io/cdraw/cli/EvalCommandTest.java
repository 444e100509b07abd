package io.cdraw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.cdraw.codec.net.RdConfig;
import io.cdraw.training.DjlModelFile;
import io.cdraw.training.Parameters;
import io.cdraw.training.RdDrawModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code cdraw eval} on a rate–distortion model: the RD table of every prefix. */
class EvalCommandTest {
  @TempDir Path work;

  @Test
  void anRdModelGetsTheRateAndPsnrOfEveryPrefix() throws Exception {
    RdConfig config = RdConfig.builder(3, 8, 4, 8, 8, 1e-3, 0.01).build();
    Path model = work.resolve("rd.cdm");
    try (NDManager m = NDManager.newBaseManager()) {
      RdDrawModel rd = new RdDrawModel(config, new Parameters(m, 5));
      new DjlModelFile(config.toProperties(), rd.parameters().toNDList()).save(model);
    }
    Path data = work.resolve("data");
    for (String split : new String[] {"train", "test"}) {
      Files.createDirectories(data.resolve(split));
      Files.copy(CodecCommandsTest.TESTDATA.resolve("scene-61x47.png"),
          data.resolve(split).resolve("scene.png"));
    }
    Path csv = work.resolve("rd.csv");
    Path plot = work.resolve("rd.png");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = CdrawCommand.newCommandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("eval", model.toString(), "folder:" + data, "--crop", "32",
        "--csv", csv.toString(), "--plot", plot.toString());
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().contains("RD loss") && out.toString().contains("1 images"), out.toString());
    List<String> rows = Files.readAllLines(csv);
    assertEquals("prefix,bpp,psnr_db", rows.get(0));
    assertEquals(4, rows.size(), "one row per prefix");
    double previous = 0;
    for (int t = 1; t <= 3; t++) {
      String[] f = rows.get(t).split(",");
      assertEquals(Integer.toString(t), f[0]);
      double bpp = Double.parseDouble(f[1]);
      assertTrue(bpp > previous, "each prefix codes more bits: " + rows);
      previous = bpp;
      double psnr = Double.parseDouble(f[2]);
      assertTrue(psnr > 3 && psnr < 60, "a PSNR of 8-bit images: " + psnr);
      String[] printed = out.toString().lines().filter(l -> l.matches("\\s*" + f[0] + "\\s+.*"))
          .findFirst().orElseThrow().trim().split("\\s+");
      assertEquals(bpp, Double.parseDouble(printed[1]), 1e-4, "the table prints what the CSV holds");
      assertEquals(psnr, Double.parseDouble(printed[2]), 1e-3);
    }
    assertTrue(Files.size(plot) > 1000, "a PNG plot");
  }
}
