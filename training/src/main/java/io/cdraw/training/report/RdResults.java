package io.cdraw.training.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The rows of a rate-distortion comparison (scripts/compare-codecs.sh's results.csv) and their
 * means per codec and target rate.
 */
public final class RdResults {
  /** One image coded by one codec at one target rate; NaN where the codec could not reach it. */
  public record Row(String image, String codec, double targetBpp, double bpp, double psnr,
      double msSsim, double encodeSeconds, double decodeSeconds, boolean reached) {}

  /**
   * Means over the images a codec reached at a target rate.
   *
   * @param reached images whose file fits the target
   * @param images images attempted
   */
  public record Mean(String codec, double targetBpp, int reached, int images, double bpp,
      double psnr, double msSsim, double encodeSeconds, double decodeSeconds) {
    public boolean complete() {
      return reached == images;
    }
  }

  private static final String HEADER =
      "image,codec,target_bpp,bpp,bytes,setting,psnr_db,ms_ssim,encode_s,decode_s,status";

  private final List<Row> rows;

  private RdResults(List<Row> rows) {
    this.rows = rows;
  }

  public static RdResults read(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv);
    if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
      throw new IOException(csv + ": not a compare-codecs results file (expected header " + HEADER + ")");
    }
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",", -1);
      if (f.length != 11) {
        throw new IOException(csv + ":" + (i + 1) + ": expected 11 fields, found " + f.length);
      }
      boolean reached = f[10].equals("ok");
      rows.add(new Row(f[0], f[1], Double.parseDouble(f[2]), number(f[3]), number(f[6]),
          number(f[7]), number(f[8]), number(f[9]), reached));
    }
    return new RdResults(rows);
  }

  private static double number(String s) {
    if (s.isEmpty() || s.equals("null")) {
      return Double.NaN;
    }
    return s.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(s);
  }

  public List<Row> rows() {
    return rows;
  }

  /** Codecs in order of first appearance. */
  public List<String> codecs() {
    Set<String> s = new LinkedHashSet<>();
    rows.forEach(r -> s.add(r.codec()));
    return List.copyOf(s);
  }

  public List<Double> targetRates() {
    return rows.stream().map(Row::targetBpp).distinct().sorted().toList();
  }

  public List<String> images() {
    Set<String> s = new LinkedHashSet<>();
    rows.forEach(r -> s.add(r.image()));
    return List.copyOf(s);
  }

  /** Means per codec (outer key, in order) and target rate (inner key, ascending). */
  public Map<String, Map<Double, Mean>> means() {
    Map<String, Map<Double, Mean>> out = new LinkedHashMap<>();
    for (String codec : codecs()) {
      Map<Double, Mean> perRate = new LinkedHashMap<>();
      for (double rate : targetRates()) {
        List<Row> all = rows.stream()
            .filter(r -> r.codec().equals(codec) && r.targetBpp() == rate).toList();
        List<Row> ok = all.stream().filter(Row::reached).toList();
        perRate.put(rate, new Mean(codec, rate, ok.size(), all.size(),
            mean(ok, Row::bpp), mean(ok, Row::psnr), mean(ok, Row::msSsim),
            mean(ok, Row::encodeSeconds), mean(ok, Row::decodeSeconds)));
      }
      out.put(codec, perRate);
    }
    return out;
  }

  private static double mean(List<Row> rows, java.util.function.ToDoubleFunction<Row> f) {
    return rows.isEmpty() ? Double.NaN : rows.stream().mapToDouble(f).average().orElse(Double.NaN);
  }

  /**
   * Markdown: a PSNR and an MS-SSIM table (codec by target rate; a codec that missed some images
   * shows how many it reached, one that reached none a dash) and a full table with bpp and times.
   */
  public String summaryMarkdown() {
    Map<String, Map<Double, Mean>> means = means();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%d images, %d codecs, target rates %s bpp.%n%n",
        images().size(), codecs().size(), targetRates().stream().map(RdResults::rate).toList()));
    pivot(sb, means, "Mean PSNR (dB)", Mean::psnr, "%.2f");
    pivot(sb, means, "Mean MS-SSIM", Mean::msSsim, "%.4f");
    sb.append("| target bpp | codec | images reached | mean bpp | PSNR dB | MS-SSIM | encode s | decode s |\n");
    sb.append("|---|---|---|---|---|---|---|---|\n");
    for (double rate : targetRates()) {
      for (String codec : codecs()) {
        Mean m = means.get(codec).get(rate);
        sb.append(String.format(Locale.ROOT, "| %s | %s | %d/%d | %s | %s | %s | %s | %s |%n",
            rate(rate), codec, m.reached(), m.images(), fmt(m.bpp(), "%.4f"), fmt(m.psnr(), "%.2f"),
            fmt(m.msSsim(), "%.4f"), fmt(m.encodeSeconds(), "%.2f"), fmt(m.decodeSeconds(), "%.2f")));
      }
    }
    return sb.toString();
  }

  private void pivot(StringBuilder sb, Map<String, Map<Double, Mean>> means, String title,
      java.util.function.ToDoubleFunction<Mean> f, String format) {
    sb.append("**").append(title).append("** by target bits per pixel (n/N: the codec's smallest file"
        + " exceeded the target for the other images; the mean is over those it reached)\n\n| codec |");
    targetRates().forEach(r -> sb.append(' ').append(rate(r)).append(" |"));
    sb.append("\n|---|");
    targetRates().forEach(r -> sb.append("---|"));
    sb.append('\n');
    for (String codec : codecs()) {
      sb.append("| ").append(codec).append(" |");
      for (double rate : targetRates()) {
        Mean m = means.get(codec).get(rate);
        String cell = m.reached() == 0 ? "—" : fmt(f.applyAsDouble(m), format)
            + (m.complete() ? "" : " (" + m.reached() + "/" + m.images() + ")");
        sb.append(' ').append(cell).append(" |");
      }
      sb.append('\n');
    }
    sb.append('\n');
  }

  static String rate(double r) {
    return String.format(Locale.ROOT, "%s", r).replaceAll("\\.?0+$", "");
  }

  private static String fmt(double v, String format) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return Double.isInfinite(v) ? "inf" : String.format(Locale.ROOT, format, v);
  }
}
