package io.cdraw.codec.model;

import io.cdraw.codec.io.OutputFiles;
import io.cdraw.codec.net.RdConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A model or training checkpoint on disk, read and written here only (docs/engine.md, "Model
 * files"): magic {@code CDRAWMDL}, format version 1, a block of sorted {@code key=value}
 * metadata (the model's configuration and, for checkpoints, the training state), then the named
 * float32 arrays in the layout of DJL's {@code NDList.encode} (count; per array "NDAR", version
 * 3, name, "DENSE", "FLOAT32", shape, layout, byte order, byte length, data), so that files
 * written before this class existed read unchanged. Arrays whose name holds a '/' are training
 * state (Adam moments), not weights. The SHA-256 of the file's bytes is the model's id in
 * {@code .cdraw} streams.
 */
public final class ModelFile {
  private static final byte[] MAGIC = "CDRAWMDL".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int ARRAY_VERSION = 3;
  private static final int MAX_METADATA_BYTES = 1 << 20;
  private static final int MAX_ARRAYS = 10_000;
  private static final long MAX_ARRAY_FLOATS = 1L << 28;
  private static final String STATE_SEPARATOR = "/";

  /** One named array, row-major. */
  public record NamedArray(String name, long[] shape, float[] values) {
    public NamedArray {
      if (Arrays.stream(shape).reduce(1, Math::multiplyExact) != values.length) {
        throw new IllegalArgumentException("array " + name + ": shape "
            + Arrays.toString(shape) + " does not hold " + values.length + " values");
      }
    }

    public boolean isWeight() {
      return ModelFile.isWeight(name);
    }
  }

  private final Properties metadata;
  private final List<NamedArray> arrays;
  private byte[] sha256;

  public ModelFile(Properties metadata, List<NamedArray> arrays) {
    this.metadata = metadata;
    this.arrays = List.copyOf(arrays);
  }

  /** SHA-256 of the file's bytes: the model's id in streams. */
  public byte[] sha256() {
    if (sha256 == null) {
      sha256 = sha256(toBytes());
    }
    return sha256.clone();
  }

  /** The name under which checkpoints store training state {@code name} of kind {@code kind}. */
  public static String stateName(String kind, String name) {
    return kind + STATE_SEPARATOR + name;
  }

  /** True for the network's weights, false for training state (a '/' in the name). */
  public static boolean isWeight(String arrayName) {
    return !arrayName.contains(STATE_SEPARATOR);
  }

  public Properties metadata() {
    return metadata;
  }

  /** Every array in file order. */
  public List<NamedArray> arrays() {
    return arrays;
  }

  /** The network's weights in file order. */
  public List<NamedArray> weights() {
    return arrays.stream().filter(NamedArray::isWeight).toList();
  }

  public static ModelFile read(Path path) throws IOException {
    byte[] bytes = Files.readAllBytes(path);
    try {
      return parse(bytes);
    } catch (EOFException e) {
      throw new IOException(path + ": truncated model file", e);
    } catch (IOException | IllegalArgumentException | ArithmeticException e) {
      throw new IOException(path + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a whole file's bytes, checking its configuration (a likelihood or an rd-draw model);
   * errors do not name the file.
   */
  public static ModelFile parse(byte[] bytes) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes));
    byte[] magic = new byte[MAGIC.length];
    in.readFully(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new IOException("not a cdraw model file");
    }
    int version = in.readInt();
    if (version != VERSION) {
      throw new IOException("unsupported model file version " + version);
    }
    int metaLength = in.readInt();
    if (metaLength < 0 || metaLength > Math.min(MAX_METADATA_BYTES, bytes.length)) {
      throw new IOException("corrupt model file (metadata length " + metaLength + ")");
    }
    byte[] meta = new byte[metaLength];
    in.readFully(meta);
    Properties props = new Properties();
    props.load(new ByteArrayInputStream(meta));
    int count = in.readInt();
    if (count < 0 || count > MAX_ARRAYS) {
      throw new IOException("corrupt model file (" + count + " arrays)");
    }
    List<NamedArray> arrays = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      arrays.add(readArray(in));
    }
    if (in.available() > 0) {
      throw new IOException("corrupt model file (" + in.available() + " bytes after the arrays)");
    }
    if (RdConfig.describes(props)) {
      RdConfig.fromProperties(props);
    } else {
      ModelConfig.fromProperties(props);
    }
    ModelFile file = new ModelFile(props, arrays);
    file.sha256 = sha256(bytes);
    return file;
  }

  private static NamedArray readArray(DataInputStream in) throws IOException {
    expect(in.readUTF(), "NDAR");
    int arrayVersion = in.readInt();
    if (arrayVersion != ARRAY_VERSION) {
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
      if (shape[d] < 0 || shape[d] > MAX_ARRAY_FLOATS) {
        throw new IOException("corrupt array shape");
      }
      size *= shape[d];
      if (size > MAX_ARRAY_FLOATS) {
        throw new IOException("array " + name + " is too large");
      }
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
    if (length != size * Float.BYTES) {
      throw new IOException("array " + name + " has " + length + " bytes for " + size + " floats");
    }
    byte[] data = new byte[length];
    in.readFully(data);
    float[] values = new float[(int) size];
    ByteBuffer.wrap(data)
        .order(order == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN)
        .asFloatBuffer().get(values);
    return new NamedArray(name, shape, values);
  }

  /** The file's bytes: the same as DJL's encoding of the same arrays (little-endian data). */
  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(MAGIC);
      out.writeInt(VERSION);
      byte[] meta = metadataText(metadata).getBytes(StandardCharsets.UTF_8);
      out.writeInt(meta.length);
      out.write(meta);
      out.writeInt(arrays.size());
      for (NamedArray a : arrays) {
        out.writeUTF("NDAR");
        out.writeInt(ARRAY_VERSION);
        out.writeByte(1);
        out.writeUTF(a.name());
        out.writeUTF("DENSE");
        out.writeUTF("FLOAT32");
        out.writeInt(a.shape().length);
        for (long d : a.shape()) {
          out.writeLong(d);
        }
        out.writeInt(a.shape().length);
        for (int d = 0; d < a.shape().length; d++) {
          out.writeChar('?'); // DJL's "unknown" layout
        }
        out.writeByte('<');
        out.writeInt(a.values().length * Float.BYTES);
        ByteBuffer data = ByteBuffer.allocate(a.values().length * Float.BYTES)
            .order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(a.values());
        out.write(data.array());
      }
    } catch (IOException e) {
      throw new IllegalStateException(e); // a byte array does not fail
    }
    return bytes.toByteArray();
  }

  /** Writes to a temporary file beside {@code path} and moves it into place atomically. */
  public void save(Path path) throws IOException {
    OutputFiles.write(path, toBytes(), true);
  }

  /** SHA-256 of a model file's bytes: what identifies a model in streams. */
  public static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void expect(String found, String wanted) throws IOException {
    if (!wanted.equals(found)) {
      throw new IOException("unsupported array encoding: '" + found + "' where '" + wanted
          + "' was expected");
    }
  }

  /** Sorted key=value lines without the timestamp {@link Properties#store} adds. */
  static String metadataText(Properties p) {
    Map<String, String> sorted = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> sorted.put(k, p.getProperty(k)));
    StringBuilder sb = new StringBuilder();
    try {
      for (Map.Entry<String, String> e : sorted.entrySet()) {
        Properties one = new Properties();
        one.setProperty(e.getKey(), e.getValue());
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        one.store(line, null);
        String text = line.toString(StandardCharsets.ISO_8859_1);
        sb.append(text.substring(text.indexOf('\n') + 1)); // drop the date comment
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return sb.toString();
  }
}
