package io.cdraw.codec;

import io.cdraw.codec.CdrawException.Kind;
import io.cdraw.codec.engine.CodingEngine;
import io.cdraw.codec.engine.EngineWeights;
import io.cdraw.codec.engine.RdEngine;
import io.cdraw.codec.format.CdrawFormat;
import io.cdraw.codec.io.ImageFiles.Planar;
import io.cdraw.codec.model.ModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A model file opened for coding: its engine and its id. {@link CdrawEncoder} and
 * {@link CdrawDecoder} code with it.
 */
public final class CdrawModel {
  /**
   * Images of more pixels are refused unless the caller raises the limit ({@code --max-pixels}):
   * a 36-megapixel image (6000x6000) is as large as a camera photo gets, and a stream's header
   * cannot make the decoder work on more than this without being asked.
   */
  public static final long DEFAULT_MAX_PIXELS = 36_000_000L;

  final CodingEngine engine;
  private final int modelId;
  private final long maxPixels;

  private CdrawModel(CodingEngine engine, int modelId, long maxPixels) {
    this.engine = engine;
    this.modelId = modelId;
    this.maxPixels = maxPixels;
  }

  /** The same model with images of more than {@code maxPixels} pixels refused. */
  public CdrawModel withMaxPixels(long maxPixels) {
    if (maxPixels < 1) {
      throw new IllegalArgumentException("the pixel limit must be at least 1");
    }
    return new CdrawModel(engine, modelId, maxPixels);
  }

  public static CdrawModel open(Path model) {
    try {
      EngineWeights weights = EngineWeights.read(model);
      return new CdrawModel(CodingEngine.of(weights), idOf(weights.sha256()),
          DEFAULT_MAX_PIXELS);
    } catch (IOException e) {
      throw new CdrawException(Kind.BAD_INPUT, e.getMessage(), e);
    }
  }

  /** The id a model file would write into streams, without loading it. */
  public static int modelIdOf(Path model) throws IOException {
    return modelIdOf(Files.readAllBytes(model));
  }

  /** The id a model file of these bytes writes into streams. */
  public static int modelIdOf(byte[] modelFile) {
    return idOf(ModelFile.sha256(modelFile));
  }

  private static int idOf(byte[] sha) {
    return (sha[0] & 0xFF) << 24 | (sha[1] & 0xFF) << 16 | (sha[2] & 0xFF) << 8 | (sha[3] & 0xFF);
  }

  /** The model identity written into streams: the first 4 bytes of its SHA-256. */
  public int modelId() {
    return modelId;
  }

  public int totalSteps() {
    return engine.steps();
  }

  public int channels() {
    return engine.channels();
  }

  /**
   * What to do with steps a stream does not store, unless the user says: a rate–distortion
   * model decodes its prefix better by stopping than by running the rest at the prior mean
   * (0.8 dB at 0.1 bpp on McMaster, docs/rd-model.md); the likelihood models generate, as the
   * paper's conceptual compression does, and any model generates at a variance above 0.
   */
  public CdrawDecoder.MissingSteps defaultMissingSteps(double variance) {
    return engine instanceof RdEngine && variance == 0 ? CdrawDecoder.MissingSteps.STOP
        : CdrawDecoder.MissingSteps.GENERATE;
  }

  void checkImage(Planar image) {
    if (image.channels() != channels()) {
      throw new CdrawException(Kind.BAD_INPUT, "the model codes " + channels()
          + "-channel images, the input has " + image.channels());
    }
    checkSize(image.width(), image.height());
  }

  /**
   * Refuses images above the pixel limit or whose engine state (and for RGB models the
   * reconstruction filter's guided planes) would not fit in this JVM's memory; called with the
   * size a header gives, before any pixel is decoded.
   */
  public void checkSize(int width, int height) {
    if (width > CdrawFormat.MAX_SIDE || height > CdrawFormat.MAX_SIDE) {
      throw new CdrawException(Kind.BAD_INPUT, "images are limited to "
          + CdrawFormat.MAX_SIDE + " pixels a side");
    }
    if ((long) width * height > maxPixels) {
      throw new CdrawException(Kind.BAD_INPUT, String.format(Locale.ROOT,
          "a %dx%d image has %d pixels, more than the limit of %d (--max-pixels)", width,
          height, (long) width * height, maxPixels));
    }
    double need = (engine.bytesPerPixel() + (LumaGuidedPlanes.appliesTo(channels())
        ? LumaGuidedPlanes.PEAK_BYTES_PER_PIXEL : 0)) * width * height;
    double available = Runtime.getRuntime().maxMemory() * 0.7;
    if (need > available) {
      throw new CdrawException(Kind.BAD_INPUT, String.format(Locale.ROOT,
          "a %dx%d image needs about %.0f MB, more than the %.0f MB this JVM may use "
              + "(raise it with CDRAW_JAVA_OPTS=-Xmx...)", width, height, need / 1e6,
          available / 1e6));
    }
  }
}
