package io.cdraw.cli;

/** DJL settings that must be in place before the engine loads. */
final class Engines {
  private Engines() {}

  static void configure() {
    // Never download: libtorch comes from the pytorch-native-cpu jar on the class path.
    System.setProperty("ai.djl.offline", "true");
    // One intra-op thread per core; inter-op parallelism only adds contention for small graphs.
    String cores = Integer.toString(Runtime.getRuntime().availableProcessors());
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", cores);
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
  }
}
