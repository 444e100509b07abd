package io.cdraw.codec.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.cdraw.codec.io.OutputFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A model or training checkpoint on disk: magic {@code CDRAWMDL}, a format version, a block of
 * {@code key=value} metadata (the {@link ModelConfig} and, for checkpoints, the training state)
 * and the named arrays encoded by DJL's {@link NDList#encode()}. Checkpoint arrays beyond the
 * network's weights (Adam moments) carry a prefix so a checkpoint is also a loadable model.
 */
public final class ModelFile {
  private static final byte[] MAGIC = "CDRAWMDL".getBytes(StandardCharsets.US_ASCII);
  private static final int VERSION = 1;
  private static final int MAX_METADATA_BYTES = 1 << 20;

  private final Properties metadata;
  private final NDList arrays;

  public ModelFile(Properties metadata, NDList arrays) {
    this.metadata = metadata;
    this.arrays = arrays;
  }

  public Properties metadata() {
    return metadata;
  }

  public NDList arrays() {
    return arrays;
  }

  public ModelConfig config() {
    return ModelConfig.fromProperties(metadata);
  }

  /** The arrays whose names start with {@code prefix}, with the prefix removed. */
  public NDList withPrefix(String prefix) {
    NDList out = new NDList();
    for (NDArray a : arrays) {
      if (a.getName() != null && a.getName().startsWith(prefix)) {
        a.setName(a.getName().substring(prefix.length()));
        out.add(a);
      }
    }
    return out;
  }

  /** The arrays without a prefix: the network's weights. */
  public NDList weights() {
    NDList out = new NDList();
    for (NDArray a : arrays) {
      if (a.getName() != null && !a.getName().contains("/")) {
        out.add(a);
      }
    }
    return out;
  }

  /** Writes to a temporary file beside {@code path} and moves it into place atomically. */
  public void save(Path path) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    write(bytes);
    OutputFiles.write(path, bytes.toByteArray(), true);
  }

  public void write(OutputStream stream) throws IOException {
    DataOutputStream out = new DataOutputStream(stream);
    out.write(MAGIC);
    out.writeInt(VERSION);
    byte[] meta = metadataText(metadata).getBytes(StandardCharsets.UTF_8);
    out.writeInt(meta.length);
    out.write(meta);
    arrays.encode(out);
    out.flush();
  }

  public static ModelFile load(Path path, NDManager manager) throws IOException {
    try (InputStream in = Files.newInputStream(path)) {
      return read(in, manager, path.toString());
    }
  }

  public static ModelFile read(InputStream stream, NDManager manager, String name)
      throws IOException {
    DataInputStream in = new DataInputStream(stream);
    byte[] magic = new byte[MAGIC.length];
    try {
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException(name + ": not a cdraw model file");
      }
      int version = in.readInt();
      if (version != VERSION) {
        throw new IOException(name + ": unsupported model file version " + version);
      }
      int metaLength = in.readInt();
      if (metaLength < 0 || metaLength > MAX_METADATA_BYTES) {
        throw new IOException(name + ": corrupt model file (metadata length " + metaLength + ")");
      }
      byte[] meta = new byte[metaLength];
      in.readFully(meta);
      Properties props = new Properties();
      props.load(new ByteArrayInputStream(meta));
      NDList arrays = NDList.decode(manager, in);
      return new ModelFile(props, arrays);
    } catch (java.io.EOFException e) {
      throw new IOException(name + ": truncated model file", e);
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
