package io.cdraw.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import io.cdraw.codec.CdrawException;
import io.cdraw.codec.model.ModelConfig;
import io.cdraw.codec.model.ModelFile;
import io.cdraw.training.data.Dataset;
import io.cdraw.training.data.Datasets;
import io.cdraw.training.data.ImageSet;
import io.cdraw.training.data.SyntheticData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Trains tiny models on a few hundred synthetic images in CIFAR-10's archive format. */
class TrainerTest {
  private static final ModelConfig TINY =
      new ModelConfig(3, ModelConfig.Likelihood.GAUSSIAN, 4, 1, 12, 4, 3, 2, 0, 0, 1, true, 1.0, false);
  private static Dataset few;

  @BeforeAll
  static void writeData(@TempDir Path dir) throws IOException {
    // 1,000 training images, of which every tenth is validation, and 100 test images
    Path archive = SyntheticData.cifarArchive(dir, 1000, 100, 9);
    Dataset all = Datasets.open(archive.toString(), 0);
    few = new Dataset("synthetic (first images)", firstImages(all.train(), 300),
        firstImages(all.validation(), 100), all.test());
  }

  @Test
  void lossDropsClearlyOnAFewHundredImages(@TempDir Path out) throws IOException {
    List<String> messages = new ArrayList<>();
    Trainer.Options options = new Trainer.Options(16, 3e-3, 1, 80, 0, 60, 100, out, 0, LearningRateSchedule.CONSTANT);
    Evaluation before;
    try (NDManager m = NDManager.newBaseManager()) {
      ConvDrawNetwork fresh = new ConvDrawNetwork(TINY, new Parameters(m, 1));
      before = Evaluation.run(fresh, few.validation(), 100, 50, 12345, m, null);
    }
    try (Trainer trainer = Trainer.start(TINY, few, options,
        listener(messages).and(new TrainingLog(out)))) {
      Evaluation after =
          ((ConvDrawNetwork.BoundValidation) trainer.run()).evaluation();
      // 80 steps take the synthetic validation set from 7.84 to 7.48 bits/dim (measured)
      assertTrue(after.bitsPerDim() < before.bitsPerDim() - 0.25,
          "validation went from " + before.bitsPerDim() + " to " + after.bitsPerDim());
    }
    List<String> log = Files.readAllLines(out.resolve(Trainer.LOG));
    assertEquals("step,seconds,images_per_second,train_bits_per_dim,validation_bits_per_dim",
        log.get(0));
    assertEquals(8 + 1 + 1, log.size(), "one row per 10 steps plus the final validation");
    assertTrue(Files.size(out.resolve(Trainer.CURVE)) > 1000, "training curve plotted");
  }

  @Test
  void startsFromAnotherModelsWeightsAtAnotherBeta(@TempDir Path dir) throws IOException {
    List<String> messages = new ArrayList<>();
    Path first = dir.resolve("first");
    try (Trainer t = Trainer.start(TINY, few, options(first, 10), listener(messages))) {
      t.run();
    }
    ModelConfig lowBeta = TINY.withBeta(0.4);
    Path source = first.resolve(Trainer.MODEL);
    try (Trainer t = Trainer.start(lowBeta, few, options(dir.resolve("second"), 10),
            listener(messages), source);
        NDManager m = NDManager.newBaseManager()) {
      assertEquals(0.4, ((ConvDrawNetwork) t.network()).config().beta());
      ConvDrawNetwork original = ConvDrawNetwork.load(source, m);
      for (var e : original.parameters().asMap().entrySet()) {
        assertTrue(e.getValue().contentEquals(t.network().parameters().asMap().get(e.getKey())),
            e.getKey());
      }
    }
    ModelConfig wider = new ModelConfig(3, ModelConfig.Likelihood.GAUSSIAN, 4, 1, 16, 4, 3, 2, 0,
        0, 1, true, 1.0, false);
    IOException e = assertThrows(IOException.class, () -> Trainer.start(wider, few,
        options(dir.resolve("third"), 10), listener(messages), source));
    assertTrue(e.getMessage().contains("do not fit"), e.getMessage());
  }

  @Test
  void onlyTheRdObjectiveHasPartialStepsAndTheImageBalance(@TempDir Path dir) {
    for (Trainer.Options rdOnly : List.of(
        new Trainer.Options(16, 3e-3, 1, 2, 0, 60, 50, dir, 0, LearningRateSchedule.CONSTANT, 0, 1,
            0),
        new Trainer.Options(16, 3e-3, 1, 2, 0, 60, 50, dir, 0, LearningRateSchedule.CONSTANT, 0, 0,
            4))) {
      CdrawException e = assertThrows(CdrawException.class,
          () -> Trainer.start(TINY, few, rdOnly, listener(new ArrayList<>())));
      assertTrue(e.getMessage().contains("rd-draw objective only"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> new Trainer.Options(16, 3e-3, 1, 2, 0, 60,
        50, dir, 0, LearningRateSchedule.CONSTANT, 0, -1, 0));
    assertThrows(IllegalArgumentException.class, () -> new Trainer.Options(16, 3e-3, 1, 2, 0, 60,
        50, dir, 0, LearningRateSchedule.CONSTANT, 0, 0, 0.5));
  }

  /**
   * At beta = 1 the best checkpoint is the one with the lowest bound; at beta < 1 the one with the
   * lowest objective of eq. 11 at that beta, which the checkpoint messages report.
   */
  @ParameterizedTest
  @ValueSource(doubles = {1.0, 0.4})
  void modelFileKeepsTheWeightsOfTheBestValidatedObjectiveWhileTheCheckpointKeepsTheLatest(
      double beta, @TempDir Path out) throws IOException {
    ModelConfig config = TINY.withBeta(beta);
    // A checkpoint after every step at a learning rate high enough for validation to go both ways.
    Trainer.Options options = new Trainer.Options(8, 0.05, 1, 12, 0, 0, 20, out, 0, LearningRateSchedule.CONSTANT);
    List<String> messages = new ArrayList<>();
    long bestStep;
    try (Trainer t = Trainer.start(config, few, options, listener(messages))) {
      t.run();
      bestStep = t.bestStep();
    }
    Pattern checkpoint = Pattern.compile("checkpoint at step (\\d+): validation ([0-9.]+) bits/dim"
        + "(?:, objective at beta [0-9.]+ ([0-9.]+))? .*");
    long reportedBestStep = -1;
    double reportedBest = Double.POSITIVE_INFINITY;
    double last = Double.NaN;
    List<Double> objectives = new ArrayList<>();
    for (String message : messages) {
      Matcher m = checkpoint.matcher(message);
      if (m.matches()) {
        assertEquals(beta != 1, m.group(3) != null, message);
        last = Double.parseDouble(m.group(beta == 1 ? 2 : 3));
        objectives.add(last);
        if (last <= reportedBest) {
          reportedBest = last;
          reportedBestStep = Long.parseLong(m.group(1));
        }
      }
    }
    assertEquals(12 + 1, objectives.size(), "one checkpoint per step and the final one");
    assertTrue(last > reportedBest, "the run must end worse than its best for this test to bite");
    assertEquals(reportedBestStep, bestStep);
    try (NDManager m = NDManager.newBaseManager()) {
      DjlModelFile model = DjlModelFile.load(out.resolve(Trainer.MODEL), m);
      DjlModelFile ckpt = DjlModelFile.load(out.resolve(Trainer.CHECKPOINT), m);
      assertEquals(Long.toString(bestStep), model.metadata().getProperty("train.step"));
      assertEquals("12", ckpt.metadata().getProperty("train.step"));
      assertEquals(Long.toString(bestStep), ckpt.metadata().getProperty("train.bestStep"));
      ConvDrawNetwork best = ConvDrawNetwork.fromFile(model, "model", m);
      // Re-evaluated, the weights score the best step's objective and no other step's (the
      // trainer's engine random state differs, hence not to the last digit).
      double again = Evaluation.run(best, few.validation(), 20, 16, 12345, m, null)
          .objective(beta);
      for (double v : objectives) {
        assertEquals(v == reportedBest, Math.abs(v - again) < 3e-3, v + " against " + again);
      }
    }
  }

  @Test
  void resumesFromTheCheckpointWhereItStopped(@TempDir Path out) throws IOException {
    List<String> messages = new ArrayList<>();
    try (Trainer t = Trainer.start(TINY, few, options(out, 20),
        listener(messages).and(new TrainingLog(out)))) {
      t.run();
    }
    assertThrows(IOException.class,
        () -> Trainer.start(TINY, few, options(out, 40), listener(messages)),
        "a second start must not overwrite the checkpoint");
    // the stopped run had gone on past its checkpoint: its curve has rows the resumed run redoes
    Path log = out.resolve(Trainer.LOG);
    Files.writeString(log, "30,99.0,1.0,9.9,\n", StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    try (Trainer t = Trainer.resume(few, options(out, 40),
        listener(messages).and(new TrainingLog(out)))) {
      assertEquals(TINY, ((ConvDrawNetwork) t.network()).config());
      t.run();
    }
    assertTrue(messages.stream().anyMatch(s -> s.startsWith("resumed") && s.contains("step 20")),
        String.join("\n", messages));
    List<Long> steps = Files.readAllLines(log).stream().skip(1)
        .map(row -> Long.parseLong(row.substring(0, row.indexOf(',')))).toList();
    assertEquals(List.of(10L, 20L, 20L, 30L, 40L, 40L), steps,
        "one curve, without the stopped run's rows after its checkpoint");
    try (NDManager m = NDManager.newBaseManager()) {
      DjlModelFile ckpt = DjlModelFile.load(out.resolve(Trainer.CHECKPOINT), m);
      assertEquals("40", ckpt.metadata().getProperty("train.step"));
      assertEquals("40", ckpt.metadata().getProperty("train.adamUpdates"));
      assertEquals("1", ckpt.metadata().getProperty("train.seed"));
      ConvDrawNetwork model = ConvDrawNetwork.load(out.resolve(Trainer.MODEL), m);
      assertEquals(TINY, model.config());
    }
  }

  /**
   * With a weight average, every checkpoint's weights are the average and its {@code trained/}
   * arrays the weights Adam trains on: checkpointed after every step, each average is
   * decay · the previous one + (1 − decay) · the new trained weights, the first one the starting
   * weights, and a resumed run goes on from the trained weights and the saved average.
   */
  @Test
  void checkpointsHoldTheWeightAverageAndResumeFromTheTrainedWeights(@TempDir Path out)
      throws IOException {
    double decay = 0.75;
    List<Map<String, float[]>> averages = new ArrayList<>();
    List<Map<String, float[]>> trained = new ArrayList<>();
    List<String> messages = new ArrayList<>();
    Trainer.Listener recorder = listener(messages).and(new Trainer.Listener() {
      @Override
      public void onMessage(String message) {
        if (!message.startsWith("checkpoint at step")) {
          return;
        }
        try {
          ModelFile file = ModelFile.read(out.resolve(Trainer.CHECKPOINT));
          Map<String, float[]> avg = new LinkedHashMap<>();
          Map<String, float[]> raw = new LinkedHashMap<>();
          for (ModelFile.NamedArray a : file.arrays()) {
            if (a.isWeight()) {
              avg.put(a.name(), a.values());
            } else if (a.name().startsWith(ModelFile.stateName(WeightAverage.TRAINED, ""))) {
              raw.put(a.name().substring(a.name().indexOf('/') + 1), a.values());
            }
          }
          averages.add(avg);
          trained.add(raw);
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    });
    // checkpointMinutes 0: a checkpoint before every step and at the end
    Trainer.Options first = new Trainer.Options(16, 3e-3, 1, 4, 0, 0, 4, out, 0,
        LearningRateSchedule.CONSTANT, decay, 0, 0);
    try (Trainer t = Trainer.start(TINY, few, first, recorder)) {
      t.run();
    }
    int resumedAt = averages.size();
    Trainer.Options more = new Trainer.Options(16, 3e-3, 1, 6, 0, 0, 4, out, 0,
        LearningRateSchedule.CONSTANT, decay, 0, 0);
    try (Trainer t = Trainer.resume(few, more, recorder)) {
      Map<String, float[]> saved = trained.get(resumedAt - 1);
      t.network().parameters().asMap().forEach((name, w) ->
          assertArrayEquals(saved.get(name), w.toFloatArray(), name + " resumes trained"));
      t.run();
    }
    assertTrue(averages.size() >= 8, averages.size() + " checkpoints");
    assertEquals(averages.get(0).keySet(), trained.get(0).keySet());
    for (String name : averages.get(0).keySet()) {
      assertArrayEquals(trained.get(0).get(name), averages.get(0).get(name), 0f, name);
    }
    boolean moved = false;
    for (int k = 1; k < averages.size(); k++) {
      boolean stepped = false;
      for (String name : averages.get(k).keySet()) {
        float[] before = averages.get(k - 1).get(name);
        float[] now = averages.get(k).get(name);
        float[] raw = trained.get(k).get(name);
        stepped |= !java.util.Arrays.equals(raw, trained.get(k - 1).get(name));
        for (int i = 0; i < now.length; i++) {
          // the resume's first checkpoint comes before any step: the average must be unchanged
          double expected = java.util.Arrays.equals(raw, trained.get(k - 1).get(name))
              ? before[i] : decay * before[i] + (1 - decay) * raw[i];
          assertEquals(expected, now[i], 1e-5 * (1 + Math.abs(expected)),
              name + "[" + i + "] at checkpoint " + k);
          moved |= now[i] != raw[i];
        }
      }
      assertTrue(stepped || k == resumedAt,
          "checkpoint " + k + " without a step: " + String.join("\n", messages));
    }
    assertTrue(moved, "the average must differ from the trained weights");
    try (NDManager m = NDManager.newBaseManager()) {
      DjlModelFile model = DjlModelFile.load(out.resolve(Trainer.MODEL), m);
      assertTrue(model.arrays().stream().allMatch(a -> ModelFile.isWeight(a.getName())),
          "model.cdm holds the averaged weights only");
      assertEquals(Double.toString(decay), model.metadata().getProperty("train.weightAverage"));
    }
  }

  @Test
  void revertsWhenTheLossExplodes(@TempDir Path out) throws IOException {
    // A learning rate this large makes the loss jump; the guard must revert, not blow up.
    List<String> messages = new ArrayList<>();
    Trainer.Options options = new Trainer.Options(16, 5.0, 1, 120, 0, 60, 50, out, 0, LearningRateSchedule.CONSTANT);
    try (Trainer t = Trainer.start(TINY, few, options, listener(messages))) {
      t.run();
    } catch (IllegalStateException diverged) {
      assertTrue(diverged.getMessage().contains("diverged"), diverged.getMessage());
    }
    assertTrue(messages.stream().anyMatch(s -> s.startsWith("loss spike")),
        "expected at least one revert:\n" + String.join("\n", messages));
  }

  /**
   * A batch whose gradients are not finite (the loss is) skips its update without reverting; only
   * {@value Trainer#SKIPS_BEFORE_REVERT} in a row revert the weights.
   */
  @Test
  void nonFiniteGradientsSkipTheUpdateAndOnlyARunOfThemReverts(@TempDir Path out)
      throws IOException {
    List<String> messages = new ArrayList<>();
    java.util.Set<Integer> poisoned = java.util.Set.of(5, 6, 12, 13, 14);
    Trainer.ModelFactory factory = p -> new Poisoned(new ConvDrawNetwork(TINY, p), poisoned);
    try (Trainer t = Trainer.start(factory, TINY.describe(), few, options(out, 20),
        listener(messages), null)) {
      t.run();
    }
    assertEquals(5, messages.stream().filter(m -> m.endsWith("update skipped")).count(),
        String.join("\n", messages));
    List<String> reverts = messages.stream().filter(m -> m.contains("reverted")).toList();
    assertEquals(1, reverts.size(), String.join("\n", messages));
    assertTrue(reverts.get(0).startsWith("non-finite gradients 3 times in a row"), reverts.get(0));
  }

  /** A network whose training loss has NaN gradients on the chosen calls. */
  private record Poisoned(ConvDrawNetwork net, java.util.Set<Integer> calls, int[] count)
      implements TrainableModel {
    Poisoned(ConvDrawNetwork net, java.util.Set<Integer> calls) {
      this(net, calls, new int[1]);
    }

    @Override
    public Loss trainingLoss(ImageSet set, int[] indices, Random augment, Random noise,
        NDManager manager, LossWeights weights) {
      Loss loss = net.trainingLoss(set, indices, augment, noise, manager, weights);
      if (!calls.contains(++count[0])) {
        return loss;
      }
      // sqrt at 0: the forward value is 0, the gradient inf - inf = NaN in every weight
      ai.djl.ndarray.NDArray w = net.parameters().asMap().get("write.w");
      return new Loss(loss.objective().add(w.sub(w).sqrt().sum()), loss.reported(),
          loss.optimised());
    }

    @Override
    public Parameters parameters() {
      return net.parameters();
    }

    @Override
    public java.util.Properties properties() {
      return net.properties();
    }

    @Override
    public String describe() {
      return net.describe();
    }

    @Override
    public String unit() {
      return net.unit();
    }

    @Override
    public String criterionName() {
      return net.criterionName();
    }

    @Override
    public void checkData(ImageSet set) {
      net.checkData(set);
    }

    @Override
    public Validation validate(ImageSet set, int limit, int batchSize, long seed,
        NDManager manager) {
      return net.validate(set, limit, batchSize, seed, manager);
    }
  }

  private static Trainer.Options options(Path out, long steps) {
    return new Trainer.Options(16, 3e-3, 1, steps, 0, 60, 50, out, 0, LearningRateSchedule.CONSTANT);
  }

  private static Trainer.Listener listener(List<String> messages) {
    return new Trainer.Listener() {
      @Override
      public void onProgress(Trainer.Progress progress) {}

      @Override
      public void onMessage(String message) {
        messages.add(message);
      }
    };
  }

  /** The first {@code n} images of a split, with the split's own augmentation. */
  private static ImageSet firstImages(ImageSet set, int n) {
    return new ImageSet() {
      @Override
      public int size() {
        return Math.min(n, set.size());
      }

      @Override
      public int channels() {
        return set.channels();
      }

      @Override
      public int height() {
        return set.height();
      }

      @Override
      public int width() {
        return set.width();
      }

      @Override
      public boolean binary() {
        return set.binary();
      }

      @Override
      public void copy(int index, Random random, byte[] dst, int offset) {
        set.copy(index, random, dst, offset);
      }
    };
  }
}
