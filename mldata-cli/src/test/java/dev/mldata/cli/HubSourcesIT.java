package dev.mldata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mldata.cli.CliProcess.Run;
import dev.mldata.testsupport.FakeHuggingFace;
import dev.mldata.testsupport.FakeKaggle;
import dev.mldata.testsupport.FakeOpenMl;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mldata pull} as a user runs it: the real jar in its own process, against each fake hub.
 */
class HubSourcesIT {
  @TempDir Path tmp;
  final Map<String, String> env = new HashMap<>();

  Run mldata(String... args) throws Exception {
    return CliProcess.run(tmp, env, null, args);
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void pullsFromHuggingFace() throws Exception {
    try (FakeHuggingFace hf = FakeHuggingFace.start().lfsThreshold(100_000)) {
      byte[] train = random(2 << 20, 1);
      hf.repo("acme/reviews")
          .commit(
              "main",
              Map.of(
                  "README.md",
                  "# hi\n".getBytes(StandardCharsets.UTF_8),
                  "data/train.parquet",
                  train));
      hf.repo("acme/gated").commit("main", Map.of("a.csv", new byte[] {1}));
      hf.repo("acme/gated").gated("hf_ok");
      env.put("HF_ENDPOINT", hf.endpoint());
      env.put("HF_HOME", tmp.resolve("hf").toString());
      Run run = mldata("pull", "hf://acme/reviews", "-o", tmp.resolve("out").toString());
      assertThat(run.exit()).as(run.output()).isZero();
      assertThat(run.output()).contains("Pulled 2 files");
      assertThat(Files.readAllBytes(tmp.resolve("out/data/train.parquet"))).isEqualTo(train);
      Run gated = mldata("pull", "hf://acme/gated", "-o", tmp.resolve("g").toString());
      assertThat(gated.exit()).as(gated.output()).isEqualTo(4);
      assertThat(gated.output()).contains("request access").contains("HF_TOKEN");
      Run list = mldata("cache", "list");
      assertThat(list.exit()).isZero();
      assertThat(list.output()).contains("hf://acme/reviews@").contains("2 files");
      Run again = mldata("pull", "hf://acme/reviews", "-o", tmp.resolve("again").toString());
      assertThat(again.output()).contains("2 cached");
      Run clean = mldata("cache", "clean");
      assertThat(clean.output()).contains("Freed");
    }
  }

  @Test
  void pullsFromKaggle() throws Exception {
    ByteArrayOutputStream zip = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(zip)) {
      z.putNextEntry(new ZipEntry("train.csv"));
      z.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
      z.closeEntry();
    }
    ByteArrayOutputStream evil = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(evil)) {
      z.putNextEntry(new ZipEntry("../../escape.txt"));
      z.write(1);
      z.closeEntry();
    }
    try (FakeKaggle kaggle = FakeKaggle.start()) {
      kaggle.dataset("owner/titanic", 1, zip.toByteArray());
      kaggle.dataset("owner/evil", 1, evil.toByteArray());
      env.put("MLDATA_KAGGLE_ENDPOINT", kaggle.endpoint());
      env.put("KAGGLE_USERNAME", "user");
      env.put("KAGGLE_KEY", "key");
      Run run = mldata("pull", "kaggle://owner/titanic", "-o", tmp.resolve("k").toString());
      assertThat(run.exit()).as(run.output()).isZero();
      assertThat(tmp.resolve("k/train.csv")).hasContent("a,b\n1,2\n");
      Run slip = mldata("pull", "kaggle://owner/evil", "-o", tmp.resolve("e/x").toString());
      assertThat(slip.exit()).as(slip.output()).isEqualTo(1);
      assertThat(slip.output()).contains("outside");
      assertThat(tmp.resolve("escape.txt")).doesNotExist();
      assertThat(tmp.resolve("e/escape.txt")).doesNotExist();
    }
  }

  @Test
  void pullsFromOpenMl() throws Exception {
    byte[] arff = "@relation r\n@attribute a numeric\n@data\n1\n".getBytes(StandardCharsets.UTF_8);
    try (FakeOpenMl openml = FakeOpenMl.start()) {
      openml.add(new FakeOpenMl.Dataset("61", "iris", arff, null, FakeOpenMl.md5(arff), "a", "[]"));
      env.put("MLDATA_OPENML_ENDPOINT", openml.endpoint());
      Run run = mldata("pull", "openml://61", "-o", tmp.resolve("o").toString(), "--json");
      assertThat(run.exit()).as(run.output()).isZero();
      assertThat(run.output()).contains("\"path\" : \"iris.arff\"");
      assertThat(tmp.resolve("o/iris.arff")).hasBinaryContent(arff);
      assertThat(tmp.resolve("o/features.json")).exists();
      Run missing = mldata("pull", "openml://7", "-o", tmp.resolve("m").toString());
      assertThat(missing.exit()).isEqualTo(1);
      assertThat(missing.output()).contains("not found");
    }
  }
}
