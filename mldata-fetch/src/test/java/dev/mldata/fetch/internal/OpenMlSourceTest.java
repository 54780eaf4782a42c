package dev.mldata.fetch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataConfig;
import dev.mldata.core.PullException;
import dev.mldata.core.PullRequest;
import dev.mldata.core.PullResult;
import dev.mldata.testsupport.FakeOpenMl;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenMlSourceTest {
  static final byte[] ARFF =
      """
      @relation iris
      @attribute sepallength numeric
      @attribute class {Iris-setosa,Iris-versicolor}
      @data
      5.1,Iris-setosa
      7.0,Iris-versicolor
      """
          .getBytes(StandardCharsets.UTF_8);
  static final String FEATURES =
      "[{\"index\":\"0\",\"name\":\"sepallength\",\"data_type\":\"numeric\",\"is_target\":\"false\"},"
          + "{\"index\":\"1\",\"name\":\"class\",\"data_type\":\"nominal\",\"nominal_value\":"
          + "[\"Iris-setosa\",\"Iris-versicolor\"],\"is_target\":\"true\"}]";

  @TempDir Path tmp;
  FakeOpenMl openml;
  final Map<String, String> env = new HashMap<>();
  final List<Event> events = new ArrayList<>();
  final byte[] parquet = DownloadContractTest.data(4000, 7);

  @BeforeEach
  void start() throws Exception {
    openml = FakeOpenMl.start();
    openml.add(
        new FakeOpenMl.Dataset(
            "61", "iris", ARFF, parquet, FakeOpenMl.md5(ARFF), "class", FEATURES));
    openml.add(
        new FakeOpenMl.Dataset(
            "62", "iris-arff", ARFF, null, FakeOpenMl.md5(ARFF), "class", FEATURES));
    openml.add(
        new FakeOpenMl.Dataset(
            "63", "broken", ARFF, null, "0123456789abcdef0123456789abcdef", "class", FEATURES));
    env.put("MLDATA_OPENML_ENDPOINT", openml.endpoint());
  }

  @AfterEach
  void stop() throws Exception {
    openml.close();
  }

  PullResult pull(String uri) throws Exception {
    return pull(uri, tmp.resolve("out"));
  }

  PullResult pull(String uri, Path out) throws Exception {
    MldataConfig config =
        MldataConfig.defaults(tmp)
            .withHome(tmp.resolve("home"))
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(10))
            .withRetries(1)
            .withEnv(env);
    return Mldata.builder()
        .config(config)
        .listener(events::add)
        .build()
        .pull(PullRequest.of(uri).into(out));
  }

  @Test
  void prefersParquetAndSavesDescriptionAndFeatures() throws Exception {
    PullResult result = pull("openml://61");
    assertThat(result.files()).extracting(f -> f.path()).containsExactly("iris.parquet");
    assertThat(Files.readAllBytes(tmp.resolve("out/iris.parquet"))).isEqualTo(parquet);
    var description = new ObjectMapper().readTree(tmp.resolve("out/description.json").toFile());
    assertThat(description.path("default_target_attribute").asText()).isEqualTo("class");
    var features = new ObjectMapper().readTree(tmp.resolve("out/features.json").toFile());
    assertThat(features.path("data_features").path("feature").get(1).path("nominal_value"))
        .hasSize(2);
  }

  @Test
  void resolvesANameAndVerifiesTheArffMd5() throws Exception {
    PullResult result = pull("openml://iris-arff");
    assertThat(result.files().get(0).path()).isEqualTo("iris-arff.arff");
    assertThat(tmp.resolve("out/iris-arff.arff")).hasBinaryContent(ARFF);
    assertThat(openml.api().paths()).anyMatch(p -> p.contains("/data/list/data_name/iris-arff"));
  }

  @Test
  void wrongMd5IsRetriedOnceThenFailsNamingBothValues() {
    assertThatThrownBy(() -> pull("openml://63"))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED))
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("md5:0123456789abcdef0123456789abcdef")
        .hasMessageContaining("md5:" + FakeOpenMl.md5(ARFF));
    assertThat(openml.files().requests()).hasSize(2);
    assertThat(tmp.resolve("out/broken.arff")).doesNotExist();
  }

  @Test
  void fallsBackToArffWhenTheParquetFileFails() throws Exception {
    openml.files().fail(100, 404, null);
    assertThatThrownBy(() -> pull("openml://61")).isInstanceOf(PullException.class);
    openml.files().fail(0, 404, null);
    openml.add(
        new FakeOpenMl.Dataset(
            "64", "half", ARFF, parquet, FakeOpenMl.md5(ARFF), "class", FEATURES));
    openml.files().put("/datasets/0000/0064/dataset_64.pq", new byte[0]);
    openml.files().redirect("/datasets/0000/0064/dataset_64.pq", openml.files().uri("/gone"));
    pull("openml://64");
    assertThat(tmp.resolve("out/half.arff")).hasBinaryContent(ARFF);
    assertThat(events).anySatisfy(e -> assertThat(e.toString()).contains("taking the ARFF file"));
  }

  @Test
  void unknownDatasetExitsWith1() {
    assertThatThrownBy(() -> pull("openml://999"))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED))
        .hasMessageContaining("dataset 999 not found");
  }

  @Test
  void sendsTheApiKeyAndNeverWritesIt() throws Exception {
    openml.requireKey("k3y");
    assertThatThrownBy(() -> pull("openml://62"))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH))
        .hasMessageContaining("OPENML_API_KEY");
    Files.createDirectories(tmp.resolve(".config/openml"));
    Files.writeString(tmp.resolve(".config/openml/config"), "server = x\napikey = k3y\n");
    pull("openml://62");
    assertThat(tmp.resolve("out/iris-arff.arff")).hasBinaryContent(ARFF);
    assertThat(Files.readString(tmp.resolve("out/description.json"))).doesNotContain("k3y");
  }

  @Test
  void theSameVersionIsCopiedFromTheCacheTheSecondTime() throws Exception {
    pull("openml://62");
    int fileRequests = openml.files().requests().size();
    PullResult second = pull("openml://62", tmp.resolve("two"));
    assertThat(second.files().get(0).outcome()).isEqualTo(Event.Outcome.CACHED);
    assertThat(openml.files().requests()).hasSize(fileRequests);
    assertThat(tmp.resolve("two/iris-arff.arff")).hasBinaryContent(ARFF);
  }
}
