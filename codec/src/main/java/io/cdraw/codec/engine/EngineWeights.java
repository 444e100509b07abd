package io.cdraw.codec.engine;

import io.cdraw.codec.model.ModelConfig;
import io.cdraw.codec.net.RdConfig;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A model file read without DJL: the header and metadata of {@code ModelFile}, then the arrays in
 * DJL's NDList encoding (count; per array "NDAR", version 3, name, "DENSE", "FLOAT32", shape with
 * layout, byte order, byte length, data). Only float32 arrays are accepted. The SHA-256 of the
 * whole file identifies the model in {@code .cdraw} streams.
 */
public final class EngineWeights {
  private static final byte[] MAGIC = "CDRAWMDL".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_ARRAYS = 10_000;
  private static final long MAX_ARRAY_BYTES = 1L << 30;

  private final Properties metadata;
  private final Map<String, float[]> arrays;
  private final Map<String, long[]> shapes;
  private final byte[] sha256;

  private EngineWeights(Properties metadata, Map<String, float[]> arrays,
      Map<String, long[]> shapes, byte[] sha256) {
    this.metadata = metadata;
    this.arrays = arrays;
    this.shapes = shapes;
    this.sha256 = sha256;
  }

  public static EngineWeights read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    try {
      return parse(bytes);
    } catch (EOFException e) {
      throw new IOException(path + ": truncated model file", e);
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }

  static EngineWeights parse(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    byte[] magic = new byte[MAGIC.length];
    in.readFully(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a cdraw model file");
    }
    int version = in.readInt();
    if (version != 1) {
      throw new IOException("unsupported model file version " + version);
    }
    int metaLength = in.readInt();
    if (metaLength < 0 || metaLength > bytes.length) {
      throw new IOException("corrupt model file");
    }
    byte[] meta = new byte[metaLength];
    in.readFully(meta);
    Properties props = new Properties();
    props.load(new ByteArrayInputStream(meta));
    // Checked here so that a bad configuration is reported with the file's name.
    if (RdConfig.describes(props)) {
      RdConfig.fromProperties(props);
    } else {
      ModelConfig.fromProperties(props);
    }
    int count = in.readInt();
    if (count < 0 || count > MAX_ARRAYS) {
      throw new IOException("corrupt model file (" + count + " arrays)");
    }
    Map<String, float[]> arrays = new HashMap<>();
    Map<String, long[]> shapes = new HashMap<>();
    for (int i = 0; i < count; i++) {
      expect(in.readUTF(), "NDAR");
      int arrayVersion = in.readInt();
      if (arrayVersion != 3) {
        throw new IOException("unsupported array encoding version " + arrayVersion);
      }
      String name = in.readByte() == 1 ? in.readUTF() : "";
      expect(in.readUTF(), "DENSE");
      expect(in.readUTF(), "FLOAT32");
      int dims = in.readInt();
      if (dims < 0 || dims > 8) {
        throw new IOException("corrupt array shape");
      }
      long[] shape = new long[dims];
      long size = 1;
      for (int d = 0; d < dims; d++) {
        shape[d] = in.readLong();
        if (shape[d] < 0 || shape[d] > MAX_ARRAY_BYTES) {
          throw new IOException("corrupt array shape");
        }
        size *= shape[d];
      }
      int layout = in.readInt();
      if (layout < 0 || layout > 8) {
        throw new IOException("corrupt array layout");
      }
      for (int d = 0; d < layout; d++) {
        in.readChar();
      }
      char order = (char) in.readByte();
      int length = in.readInt();
      if (length != size * 4) {
        throw new IOException("array " + name + " has " + length + " bytes for " + size + " floats");
      }
      byte[] data = new byte[length];
      in.readFully(data);
      float[] values = new float[(int) size];
      ByteBuffer.wrap(data)
          .order(order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer().get(values);
      if (!name.contains("/")) { // optimiser state of checkpoints is not part of the model
        arrays.put(name, values);
        shapes.put(name, shape);
      }
    }
    return new EngineWeights(props, arrays, shapes, sha256(bytes));
  }

  /** The configuration of a likelihood (paper) model; rd-draw models have {@link #metadata}. */
  public ModelConfig config() {
    return ModelConfig.fromProperties(metadata);
  }

  /** The model file's key=value metadata. */
  public Properties metadata() {
    return metadata;
  }

  /** Every weight by name. */
  Map<String, float[]> arrays() {
    return arrays;
  }

  /** SHA-256 of the model file. */
  public byte[] sha256() {
    return sha256.clone();
  }

  /** The array called {@code name}, checked to have {@code size} elements. */
  float[] get(String name, long size) throws IOException {
    float[] a = arrays.get(name);
    if (a == null) {
      throw new IOException("model has no weight '" + name + "'");
    }
    if (a.length != size) {
      throw new IOException("weight '" + name + "' has " + a.length + " values, expected " + size);
    }
    return a;
  }

  long[] shape(String name) {
    return shapes.get(name);
  }

  private static void expect(String found, String wanted) throws IOException {
    if (!wanted.equals(found)) {
      throw new IOException("unsupported array encoding: '" + found + "' where '" + wanted
          + "' was expected");
    }
  }

  /** SHA-256 of a model file's bytes: what identifies a model in streams. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
