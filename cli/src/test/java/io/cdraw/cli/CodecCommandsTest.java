package io.cdraw.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cdraw.codec.TestModels;
import io.cdraw.codec.model.ModelFile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The encode, decode and info commands: outputs, exit codes and one-line errors. */
class CodecCommandsTest {
  static final Path TESTDATA = Path.of(System.getProperty("cdraw.testdata", "../testdata"));
  @TempDir static Path models;
  static String model;
  @TempDir Path work;

  private String out;
  private String err;

  @BeforeAll
  static void writeModels() throws Exception {
    model = TestModels.write(models, "tiny.cdm", TestModels.Fixture.TINY_7).toString();
    TestModels.write(models, "other.cdm", TestModels.Fixture.TINY_8);
  }

  private int run(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    CommandLine cl = CdrawCommand.newCommandLine();
    cl.setOut(new PrintWriter(o));
    cl.setErr(new PrintWriter(e));
    int code = cl.execute(args);
    out = o.toString();
    err = e.toString().replaceAll("\r[^\n]*", "").strip(); // drop progress-bar redraws
    return code;
  }

  private Path copy(String fixture) throws Exception {
    Path p = work.resolve(fixture);
    Files.copy(TESTDATA.resolve(fixture), p);
    return p;
  }

  @Test
  void encodeInfoDecodeRoundTrip() throws Exception {
    Path png = copy("scene-61x47.png");
    assertEquals(0, run("encode", "-m", model, "--bpp", "4", png.toString()), err);
    Path cdraw = work.resolve("scene-61x47.cdraw");
    assertTrue(Files.size(cdraw) * 8 <= 4 * 61 * 47, "bpp respected");
    assertTrue(out.contains("steps") && out.contains("bpp") && out.contains("model rate"), out);
    assertEquals(0, run("info", cdraw.toString()), err);
    assertTrue(out.contains("61x47") && out.contains("of 4"), out);
    assertEquals(0, run("decode", "-m", model, cdraw.toString()), err);
    Path decodedFile = work.resolve("scene-61x47.decoded.png");
    assertTrue(Files.getPosixFilePermissions(decodedFile)
        .contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ),
        "outputs follow the umask, not private temp-file permissions");
    BufferedImage decoded = ImageIO.read(decodedFile.toFile());
    assertEquals(61, decoded.getWidth());
    assertEquals(47, decoded.getHeight());
  }

  @Test
  void losslessStreamsRoundTripSeveralImagesExactly() throws Exception {
    Path scene = copy("scene-61x47.png");
    Path rgba = copy("rgba-33x21.png");
    Path grey = copy("grey-40x30.png");
    Path stream = work.resolve("three.cdraw");
    assertEquals(2, run("encode", "--lossless", "-m", model, scene.toString(), grey.toString()));
    assertTrue(err.contains("give it a name with -o"), err);
    assertEquals(2, run("encode", "--lossless", "--bpp", "1", "-m", model, scene.toString()));
    assertEquals(3, run("encode", "--lossless", "-m", model, "-o", stream.toString(),
        rgba.toString()));
    assertTrue(err.contains("no alpha"), err);
    assertEquals(0, run("encode", "--lossless", "--json", "-m", model, "-o", stream.toString(),
        scene.toString(), grey.toString(), scene.toString()), err);
    List<String> lines = out.lines().toList();
    assertEquals(4, lines.size(), out);
    assertTrue(lines.get(1).contains("\"bits_per_dim\":") && lines.get(1).contains("\"bound_bits\":")
        && lines.get(1).contains("\"overhead_percent\":"), lines.get(1));
    assertTrue(lines.get(3).contains("\"images\":3") && lines.get(3).contains("\"borrowed_bits\":"),
        lines.get(3));
    assertEquals(0, run("info", stream.toString()), err);
    assertTrue(out.contains("lossless") && out.contains("images           3"), out);
    Path decoded = work.resolve("back.png");
    assertEquals(0, run("decode", "-m", model, "-o", decoded.toString(), stream.toString()), err);
    for (int i = 1; i <= 3; i++) {
      Path original = i == 2 ? grey : scene;
      BufferedImage a = ImageIO.read(original.toFile());
      BufferedImage b = ImageIO.read(work.resolve("back-" + i + ".png").toFile());
      assertEquals(a.getWidth(), b.getWidth());
      for (int y = 0; y < a.getHeight(); y++) {
        for (int x = 0; x < a.getWidth(); x++) {
          assertEquals(a.getRGB(x, y), b.getRGB(x, y), "image " + i + " at " + x + "," + y);
        }
      }
    }
    assertEquals(java.awt.image.BufferedImage.TYPE_BYTE_GRAY,
        ImageIO.read(work.resolve("back-2.png").toFile()).getType(), "a grey source decodes grey");
    byte[] bytes = Files.readAllBytes(stream);
    bytes[bytes.length / 2] ^= 1;
    Files.write(stream, bytes);
    assertEquals(4, run("decode", "-m", model, "-f", "-o", decoded.toString(), stream.toString()));
    assertTrue(err.startsWith("cdraw: " + stream + ": "), err);
  }

  @Test
  void figuresShowsStepsInformationAndSamples() throws Exception {
    Path png = copy("scene-61x47.png");
    Path dir = work.resolve("figures");
    assertEquals(0, run("figures", "-m", model, "--compare", models.resolve("other.cdm").toString(),
        "--crop", "16", "--steps", "0,1,3", "--samples", "2", "--scale", "1", "-o", dir.toString(),
        png.toString(), png.toString()), err);
    // conceptual.png: rows t = 0, 1, 3 and the originals; per image the prior mean and 2 samples.
    BufferedImage conceptual = ImageIO.read(dir.resolve("conceptual.png").toFile());
    assertEquals(2 + 4 * (16 + 2), conceptual.getHeight());
    assertEquals(170 + 2 + 2 * 3 * (16 + 2), conceptual.getWidth());
    java.util.List<String> info = Files.readAllLines(dir.resolve("information.csv"));
    assertEquals(1 + TestModels.TINY.steps(), info.size());
    for (String line : info.subList(1, info.size())) {
      assertTrue(Double.parseDouble(line.split(",")[1]) > 0, line);
    }
    assertTrue(Files.size(dir.resolve("information.png")) > 1000);
    // samples.png: one row of 8 per model.
    assertEquals(2 + 2 * (32 + 2), ImageIO.read(dir.resolve("samples.png").toFile()).getHeight());
  }

  @Test
  void decodeFindsTheInstalledModelNamedByTheStream() throws Exception {
    Path png = copy("scene-61x47.png");
    Path home = installTwoModels();
    Path stream = work.resolve("s.cdraw");
    assertEquals(0, run("encode", "-m", models.resolve("other.cdm").toString(), "--steps", "2",
        "-o", stream.toString(), png.toString()), err);
    withHome(home, () -> {
      assertEquals(0, run("decode", "-o", work.resolve("s.png").toString(), stream.toString()), err);
      Files.delete(home.resolve("models/b/model.cdm"));
      assertEquals(5, run("decode", "--force", "-o", work.resolve("s.png").toString(), stream.toString()));
      assertTrue(err.contains("not among the installed models"), err);
    });
  }

  @Test
  void pickModelKeepsTheModelWithTheBetterReconstruction() throws Exception {
    Path png = copy("scene-61x47.png");
    Path home = installTwoModels();
    double[] psnr = new double[2];
    for (int m = 0; m < 2; m++) {
      String dir = m == 0 ? "a" : "b";
      Path one = work.resolve(dir + ".cdraw");
      assertEquals(0, run("encode", "-m", home.resolve("models/" + dir + "/model.cdm").toString(),
          "--bpp", "3", "-o", one.toString(), png.toString()), err);
      assertEquals(0, run("decode", "-m", home.resolve("models/" + dir + "/model.cdm").toString(),
          "-o", work.resolve(dir + ".png").toString(), one.toString()), err);
      assertEquals(0, run("metrics", "--json", png.toString(), work.resolve(dir + ".png").toString()));
      psnr[m] = Double.parseDouble(out.replaceAll("(?s).*\"psnr\":([0-9.]+).*", "$1"));
    }
    String better = psnr[0] >= psnr[1] ? "a" : "b";
    withHome(home, () -> {
      assertEquals(0, run("encode", "--pick-model", "--bpp", "3", "--json", "-o",
          work.resolve("picked.cdraw").toString(), png.toString()), err);
      assertTrue(out.contains("\"model\":\"" + better + "\""), out + " PSNR a/b " + Arrays.toString(psnr));
      assertArrayEquals(Files.readAllBytes(work.resolve(better + ".cdraw")),
          Files.readAllBytes(work.resolve("picked.cdraw")));
      assertEquals(0, run("decode", "-o", work.resolve("picked.png").toString(),
          work.resolve("picked.cdraw").toString()), err);
      assertEquals(2, run("encode", "--pick-model", "--steps", "2", png.toString()));
    });
  }

  /** An installation folder with models/a (the tiny model) and models/b (the other one). */
  private Path installTwoModels() throws Exception {
    Path home = work.resolve("home");
    Files.createDirectories(home.resolve("models/a"));
    Files.createDirectories(home.resolve("models/b"));
    Files.copy(Path.of(model), home.resolve("models/a/model.cdm"));
    Files.copy(models.resolve("other.cdm"), home.resolve("models/b/model.cdm"));
    return home;
  }

  private interface Action {
    void run() throws Exception;
  }

  /** Runs with cdraw.home (where models/ is looked up) set to {@code home}. */
  private static void withHome(Path home, Action action) throws Exception {
    String before = System.getProperty("cdraw.home");
    System.setProperty("cdraw.home", home.toString());
    try {
      action.run();
    } finally {
      if (before == null) {
        System.clearProperty("cdraw.home");
      } else {
        System.setProperty("cdraw.home", before);
      }
    }
  }

  @Test
  void exportLeavesTheTrainingStateOutAndKeepsTheModel() throws Exception {
    // a checkpoint: the tiny model's weights and metadata plus an optimiser moment
    ModelFile tiny = ModelFile.read(Path.of(model));
    List<ModelFile.NamedArray> arrays = new java.util.ArrayList<>(tiny.arrays());
    ModelFile.NamedArray first = tiny.weights().get(0);
    arrays.add(new ModelFile.NamedArray(ModelFile.stateName("adam.m", first.name()),
        first.shape(), first.values()));
    Path checkpoint = work.resolve("checkpoint.ckpt");
    new ModelFile(tiny.metadata(), arrays).save(checkpoint);
    Path exported = work.resolve("models/tiny/model.cdm");
    assertEquals(0, run("export", checkpoint.toString(), "-o", exported.toString()), err);
    assertTrue(out.contains("1 training-state arrays left out"), out);
    assertArrayEquals(Files.readAllBytes(Path.of(model)), Files.readAllBytes(exported),
        "the model file the checkpoint was made from");
    assertEquals(3, run("export", checkpoint.toString(), "-o", exported.toString()));
    assertTrue(err.contains("exists"), err);
    assertEquals(0, run("export", "-f", checkpoint.toString(), "-o", exported.toString()), err);
    assertEquals(3, run("export", work.resolve("none.ckpt").toString(), "-o",
        work.resolve("x.cdm").toString()));
    assertTrue(err.contains("no such checkpoint"), err);
  }

  @Test
  void binaryImagesRoundTripWithABinaryModel() throws Exception {
    Path png = copy("stroke-28x28.png");
    String binary = TestModels.write(models, "binary.cdm", TestModels.Fixture.BINARY_9).toString();
    Path stream = work.resolve("stroke.cdraw");
    assertEquals(0, run("encode", "-m", binary, "-o", stream.toString(), png.toString()), err);
    assertTrue(out.contains("4 of 4 steps"), out);
    Path decoded = work.resolve("stroke.png");
    assertEquals(0, run("decode", "-m", binary, "-o", decoded.toString(), stream.toString()), err);
    BufferedImage img = ImageIO.read(decoded.toFile());
    assertEquals(28, img.getWidth());
    assertEquals(1, img.getRaster().getNumBands(), "a binary model decodes to grey (probabilities)");
    // A colour image given to a binary model is read as grey (and thresholded at 128).
    assertEquals(0, run("encode", "-m", binary, "--force", "-o", stream.toString(),
        copy("scene-61x47.png").toString()), err);
  }

  @Test
  void jsonReportHasTheThreeRates() throws Exception {
    Path png = copy("scene-61x47.png");
    assertEquals(0, run("encode", "-m", model, "--steps", "2", "--json", png.toString()), err);
    for (String key : new String[] {"\"model_rate_bits\"", "\"ideal_bits\"", "\"payload_bits\"",
        "\"file_bits\"", "\"steps\":2"}) {
      assertTrue(out.contains(key), key + " in " + out);
    }
  }

  @Test
  void jsonStaysValidForNamesWithControlCharacters() throws Exception {
    Path png = work.resolve("a\tb\n\u0001\"q\\.png");
    Files.copy(TESTDATA.resolve("scene-61x47.png"), png);
    assertEquals(0, run("encode", "-m", model, "--steps", "1", "--json", png.toString()), err);
    assertTrue(out.contains("a\\tb\\n\\u0001\\\"q\\\\.png"), out);
    assertTrue(out.strip().chars().noneMatch(c -> c < 0x20), "no raw control character: " + out);
  }

  /** /dev/zero has size 0 and never ends: the cap applies while reading. */
  @Test
  void endlessDevicesAreRefusedAtTheInputCap() throws Exception {
    assertEquals(3, run("info", "/dev/zero"));
    assertEquals("cdraw: /dev/zero: larger than 1 GiB", err);
  }

  @Test
  void ratesMustBeFinitePositiveAndStepsWithinT() throws Exception {
    Path png = copy("scene-61x47.png");
    for (String bpp : new String[] {"0", "-1", "NaN", "Infinity"}) {
      assertEquals(2, run("encode", "-m", model, "--bpp", bpp, png.toString()), bpp);
      assertTrue(err.contains("--bpp must be a finite number greater than 0"), err);
    }
    // the tiny model has T = 4
    for (String steps : new String[] {"0", "5", "-2"}) {
      assertEquals(2, run("encode", "-m", model, "--steps", steps, png.toString()), steps);
      assertTrue(err.contains("--steps must be in 1..4"), err);
    }
    assertFalse(Files.exists(work.resolve("scene-61x47.cdraw")), "nothing written");
  }

  @Test
  void missingAndUnreadableInputsFailWithOneLine() throws Exception {
    assertEquals(3, run("encode", "-m", model, work.resolve("nope.png").toString()));
    assertEquals("cdraw: " + work.resolve("nope.png") + ": no such file", err);
    Path text = copy("not-an-image.png");
    assertEquals(3, run("encode", "-m", model, text.toString()));
    assertTrue(err.startsWith("cdraw: " + text + ": not a readable image"), err);
    assertEquals(1, err.lines().count(), err);
    assertFalse(Files.exists(work.resolve("not-an-image.cdraw")), "no output on failure");
    assertEquals(3, run("encode", "-m", work.resolve("missing.cdm").toString(), text.toString()));
    assertTrue(err.contains("missing.cdm: no such model file"), err);
    for (String format : new String[] {"bmp", "tiff"}) {
      java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
      ImageIO.write(ImageIO.read(TESTDATA.resolve("scene-61x47.png").toFile()), format, buf);
      Path cut = work.resolve("cut." + format);
      Files.write(cut, java.util.Arrays.copyOf(buf.toByteArray(), buf.size() / 2));
      assertEquals(3, run("encode", "-m", model, cut.toString()), format);
      assertTrue(err.startsWith("cdraw: " + cut + ": ") && !err.contains("null"), err);
    }
  }

  @Test
  void imagesTooLargeAreRefusedBeforeDecoding() throws Exception {
    // A PNG signature and IHDR chunk declaring 100000 x 100000 pixels, and nothing else.
    java.nio.ByteBuffer ihdr = java.nio.ByteBuffer.allocate(17);
    ihdr.put("IHDR".getBytes()).putInt(100000).putInt(100000).put(new byte[] {8, 2, 0, 0, 0});
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(ihdr.array());
    java.nio.ByteBuffer png = java.nio.ByteBuffer.allocate(8 + 4 + 17 + 4);
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}).putInt(13).put(ihdr.array())
        .putInt((int) crc.getValue());
    Path huge = work.resolve("huge.png");
    Files.write(huge, png.array());
    assertEquals(3, run("encode", "-m", model, huge.toString()));
    assertEquals("cdraw: " + huge + ": 100000x100000 is too large (at most 268435456 pixels)", err);
    // 16000 x 16000 is within the reader's limit but not the model's memory: refused from the
    // header (this PNG has no pixel data, so decoding it first would say "not readable")
    ihdr.putInt(4, 16000).putInt(8, 16000);
    crc.reset();
    crc.update(ihdr.array());
    png.clear();
    png.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10}).putInt(13).put(ihdr.array())
        .putInt((int) crc.getValue());
    Files.write(huge, png.array());
    assertEquals(3, run("encode", "-m", model, huge.toString()));
    assertEquals("cdraw: " + huge + ": a 16000x16000 image has 256000000 pixels, more than the"
        + " limit of 36000000 (--max-pixels)", err);
    assertEquals(3, run("encode", "-m", model, "--max-pixels", "300000000", huge.toString()));
    assertTrue(err.startsWith("cdraw: " + huge + ": a 16000x16000 image needs about"), err);
  }

  @Test
  void thePixelLimitAppliesToHeadersBeforeAnyWork() throws Exception {
    Path png = copy("scene-61x47.png"); // 2,867 pixels
    assertEquals(3, run("encode", "-m", model, "--max-pixels", "2866", png.toString()));
    assertEquals("cdraw: " + png + ": a 61x47 image has 2867 pixels, more than the limit of 2866"
        + " (--max-pixels)", err);
    assertEquals(0, run("encode", "-m", model, "--max-pixels", "2867", png.toString()));
    // a valid stream of a 4096x4096 image with no stored steps: 26 bytes that would make the
    // decoder work on 16.8 million pixels
    byte[] stream = io.cdraw.codec.format.ContainerWriter.write(
        new io.cdraw.codec.format.StreamHeader(io.cdraw.codec.format.CdrawFormat.VERSION,
            io.cdraw.codec.CdrawModel.modelIdOf(Path.of(model)), 4096, 4096, 0, 0, 4, 0, 0, 0,
            new int[0]),
        new byte[0]);
    Path small = work.resolve("declares-4096.cdraw");
    Files.write(small, stream);
    assertEquals(3, run("decode", "-m", model, "--max-pixels", "1000000", small.toString()));
    assertEquals("cdraw: " + small + ": a 4096x4096 image has 16777216 pixels, more than the"
        + " limit of 1000000 (--max-pixels)", err);
    for (String command : new String[] {"encode", "decode"}) {
      assertEquals(2, run(command, "-m", model, "--max-pixels", "0", png.toString()), command);
      assertTrue(err.contains("--max-pixels must be at least 1"), err);
    }
  }

  @Test
  void existingOutputsAreKeptUnlessForced() throws Exception {
    Path png = copy("scene-61x47.png");
    Path target = work.resolve("scene-61x47.cdraw");
    Files.writeString(target, "precious");
    assertEquals(3, run("encode", "-m", model, png.toString()));
    assertEquals("cdraw: " + target + ": exists (use --force to replace it)", err);
    assertEquals("precious", Files.readString(target));
    assertEquals(0, run("encode", "-m", model, "--force", png.toString()), err);
    assertFalse(Files.readString(target, java.nio.charset.StandardCharsets.ISO_8859_1)
        .equals("precious"));
  }

  @Test
  void corruptStreamsAndOtherModelsAreRefusedWithoutOutput() throws Exception {
    Path png = copy("scene-61x47.png");
    assertEquals(0, run("encode", "-m", model, png.toString()), err);
    byte[] stream = Files.readAllBytes(work.resolve("scene-61x47.cdraw"));
    Path cut = work.resolve("cut.cdraw");
    Files.write(cut, Arrays.copyOf(stream, stream.length - 3));
    assertEquals(4, run("decode", "-m", model, cut.toString()));
    assertTrue(err.startsWith("cdraw: " + cut + ": "), err);
    assertFalse(Files.exists(work.resolve("cut.decoded.png")));
    Path flipped = work.resolve("flipped.cdraw");
    byte[] bad = stream.clone();
    bad[bad.length / 2] ^= 0x10;
    Files.write(flipped, bad);
    assertEquals(4, run("decode", "-m", model, flipped.toString()));
    assertTrue(err.contains("damaged"), err);
    assertEquals(5, run("decode", "-m", models.resolve("other.cdm").toString(),
        work.resolve("scene-61x47.cdraw").toString()));
    assertTrue(err.contains("another model"), err);
  }

  @Test
  void batchesProcessEveryInputAndExitWithTheMostSevereFailure() throws Exception {
    Path png = copy("scene-61x47.png");
    Path grey = copy("grey-40x30.png");
    Path notImage = copy("not-an-image.png");
    assertEquals(3, run("encode", "-m", model, "--steps", "1", png.toString(),
        notImage.toString(), grey.toString()), err);
    assertTrue(Files.exists(work.resolve("scene-61x47.cdraw")));
    assertTrue(Files.exists(work.resolve("grey-40x30.cdraw")), "the input after the bad one");
    assertEquals(1, err.lines().filter(l -> l.startsWith("cdraw: ")).count(), err);
    assertTrue(err.contains("not-an-image.png"), err);

    Path good = work.resolve("scene-61x47.cdraw");
    Path damaged = work.resolve("damaged.cdraw");
    byte[] bytes = Files.readAllBytes(good);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(damaged, bytes);
    assertEquals(4, run("decode", "-m", model, damaged.toString(),
        work.resolve("missing.cdraw").toString(), good.toString()), err);
    assertTrue(Files.exists(work.resolve("scene-61x47.decoded.png")), "the last input decoded");
    assertEquals(2, err.lines().filter(l -> l.startsWith("cdraw: ")).count(), err);
    assertEquals(4, run("info", damaged.toString(), good.toString()));
    assertTrue(out.contains("scene-61x47.cdraw:"), out);
  }

  @Test
  void quietPrintsNothingButErrors() throws Exception {
    Path png = copy("scene-61x47.png");
    assertEquals(0, run("encode", "-q", "-m", model, "--steps", "2", png.toString()), err);
    assertEquals("", out + err);
    assertEquals(0, run("decode", "--quiet", "-m", model,
        work.resolve("scene-61x47.cdraw").toString()), err);
    assertEquals("", out + err);
    assertTrue(Files.exists(work.resolve("scene-61x47.decoded.png")));
    assertEquals(3, run("decode", "-q", "-m", model, work.resolve("nope.cdraw").toString()));
    assertTrue(err.startsWith("cdraw: "), err);
  }

  @Test
  void usageErrorsExitWithTwo() {
    assertEquals(2, run("encode", "-m", model, "--bpp", "-1", "x.png"));
    assertEquals(2, run("encode", "-m", model, "--bpp", "1", "--steps", "2", "x.png"));
    assertEquals(2, run("decode", "-m", model, "--variance", "-1", "x.cdraw"));
    assertEquals(2, run("frobnicate"));
    assertEquals(2, run("decode", "-m", model, "--variance", "-1", "x.cdraw"));
    assertEquals(1, err.lines().count(), "one line, not the help text: " + err);
    assertTrue(err.startsWith("cdraw: ") && err.endsWith("(see 'cdraw decode --help')"), err);
  }

  @Test
  void greyAlphaAndSixteenBitInputs() throws Exception {
    Path grey = copy("grey-40x30.png");
    assertEquals(0, run("encode", "-m", model, grey.toString()), err);
    assertEquals(0, run("decode", "-m", model, work.resolve("grey-40x30.cdraw").toString()), err);
    BufferedImage g = ImageIO.read(work.resolve("grey-40x30.decoded.png").toFile());
    assertEquals(1, g.getColorModel().getNumColorComponents(), "grey in, grey out");
    Path rgba = copy("rgba-33x21.png");
    assertEquals(0, run("encode", "-m", model, rgba.toString()), err);
    assertTrue(out.contains("alpha ignored"), out);
    Path deep = copy("rgb16-24x24.png");
    assertEquals(0, run("encode", "-m", model, deep.toString()), err);
    assertTrue(out.contains("16-bit reduced to 8"), out);
  }

  @Test
  void readsJpegBmpAndTiffAndProcessesSeveralInputsInTurn() throws Exception {
    BufferedImage scene = ImageIO.read(TESTDATA.resolve("scene-61x47.png").toFile());
    String[] formats = {"jpeg", "bmp", "tiff"};
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("encode", "-m", model));
    for (String format : formats) {
      Path p = work.resolve("scene-" + format + "." + format);
      assertTrue(ImageIO.write(scene, format, p.toFile()), "writer for " + format);
      args.add(p.toString());
    }
    assertEquals(0, run(args.toArray(String[]::new)), err);
    for (String format : formats) {
      assertTrue(Files.size(work.resolve("scene-" + format + ".cdraw")) > 25, format);
      assertTrue(out.contains("scene-" + format + "." + format + " -> "), out);
    }
  }

  @Test
  void dashReadsStandardInputAndWritesStandardOutput() throws Exception {
    InputStream stdin = System.in;
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(Files.readAllBytes(TESTDATA.resolve("scene-61x47.png"))));
      System.setOut(new PrintStream(captured));
      assertEquals(0, run("encode", "-m", model, "-"), err);
    } finally {
      System.setIn(stdin);
      System.setOut(stdout);
    }
    byte[] stream = captured.toByteArray();
    assertArrayEquals("CDRW".getBytes(), Arrays.copyOf(stream, 4));
    assertTrue(err.contains("- -> -"), "the report goes to stderr: " + err);
  }
}
