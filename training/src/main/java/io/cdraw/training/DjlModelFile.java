package io.cdraw.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.cdraw.codec.model.ModelConfig;
import io.cdraw.codec.model.ModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * A {@link ModelFile} (the one reader and writer of model files) with its arrays as DJL
 * {@link NDArray}s, each carrying its name.
 */
public final class DjlModelFile {
  private final Properties metadata;
  private final NDList arrays;

  public DjlModelFile(Properties metadata, NDList arrays) {
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

  /** The network's weights. */
  public NDList weights() {
    NDList out = new NDList();
    for (NDArray a : arrays) {
      if (ModelFile.isWeight(a.getName())) {
        out.add(a);
      }
    }
    return out;
  }

  /** Writes to a temporary file beside {@code path} and moves it into place atomically. */
  public void save(Path path) throws IOException {
    toModelFile().save(path);
  }

  public byte[] toBytes() {
    return toModelFile().toBytes();
  }

  private ModelFile toModelFile() {
    List<ModelFile.NamedArray> list = new ArrayList<>(arrays.size());
    for (NDArray a : arrays) {
      list.add(new ModelFile.NamedArray(a.getName(), a.getShape().getShape(), a.toFloatArray()));
    }
    return new ModelFile(metadata, list);
  }

  public static DjlModelFile load(Path path, NDManager manager) throws IOException {
    return of(ModelFile.read(path), manager);
  }

  public static DjlModelFile parse(byte[] bytes, NDManager manager) throws IOException {
    return of(ModelFile.parse(bytes), manager);
  }

  private static DjlModelFile of(ModelFile file, NDManager manager) {
    NDList arrays = new NDList(file.arrays().size());
    for (ModelFile.NamedArray a : file.arrays()) {
      NDArray array = manager.create(a.values(), new Shape(a.shape()));
      array.setName(a.name());
      arrays.add(array);
    }
    return new DjlModelFile(file.metadata(), arrays);
  }
}
