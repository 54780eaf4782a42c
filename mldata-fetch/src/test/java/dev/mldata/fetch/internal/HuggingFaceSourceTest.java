package dev.mldata.fetch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataConfig;
import dev.mldata.core.PullException;
import dev.mldata.core.PullRequest;
import dev.mldata.core.PullResult;
import dev.mldata.core.PulledFile;
import dev.mldata.testsupport.FakeHttpServer;
import dev.mldata.testsupport.FakeHuggingFace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HuggingFaceSourceTest {
  @TempDir Path tmp;
  FakeHuggingFace hf;
  final Map<String, String> env = new HashMap<>();
  final Map<String, byte[]> main = new LinkedHashMap<>();
  final Map<String, byte[]> v1 = new LinkedHashMap<>();
  String mainCommit;
  int retries = 2;

  @BeforeEach
  void start() throws Exception {
    hf = FakeHuggingFace.start().pageSize(2).lfsThreshold(100_000);
    main.put("README.md", "# Reviews\n".getBytes(StandardCharsets.UTF_8));
    main.put("data/train.parquet", DownloadContractTest.data(3 << 20, 1));
    main.put("data/test.parquet", DownloadContractTest.data(200_000, 2));
    main.put("data/nested/labels.csv", "id,label\n1,pos\n".getBytes(StandardCharsets.UTF_8));
    v1.put("README.md", "# Reviews v1\n".getBytes(StandardCharsets.UTF_8));
    v1.put("data/train.parquet", DownloadContractTest.data(150_000, 3));
    hf.repo("acme/reviews").commit("v1", v1);
    mainCommit = hf.repo("acme/reviews").commit("main", main);
    env.put("HF_ENDPOINT", hf.endpoint() + "/");
    env.put("HF_HOME", tmp.resolve("hf").toString());
  }

  @AfterEach
  void stop() throws Exception {
    hf.close();
  }

  PullResult pull(String uri, UnaryOperator<PullRequest> options) throws Exception {
    MldataConfig config =
        MldataConfig.defaults(tmp)
            .withHome(tmp.resolve("home"))
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(10))
            .withRetries(retries)
            .withEnv(env);
    return Mldata.builder()
        .config(config)
        .build()
        .pull(options.apply(PullRequest.of(uri).into(tmp.resolve("out"))));
  }

  void assertFiles(Map<String, byte[]> expected) throws Exception {
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      assertThat(Files.readAllBytes(tmp.resolve("out").resolve(e.getKey())))
          .as(e.getKey())
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void pullsEveryFilePinnedToTheCommitAndVerified() throws Exception {
    env.put("HF_TOKEN", "hf_secret");
    PullResult result = pull("hf://acme/reviews", r -> r);
    assertFiles(main);
    assertThat(result.files()).hasSize(4).allSatisfy(f -> assertThat(f.sha256()).isNotNull());
    assertThat(hf.hub().paths())
        .filteredOn(p -> p.contains("/tree/"))
        .hasSizeGreaterThanOrEqualTo(3)
        .allSatisfy(p -> assertThat(p).contains("/tree/" + mainCommit));
    assertThat(hf.hub().paths())
        .filteredOn(p -> p.contains("/resolve/"))
        .hasSize(4)
        .allSatisfy(p -> assertThat(p).contains("/resolve/" + mainCommit + "/"));
    assertThat(hf.hub().requests())
        .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer hf_secret"));
    assertThat(hf.cdn().requests()).hasSize(2);
    assertThat(hf.cdn().requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
  }

  @Test
  void pinsARevision() throws Exception {
    pull("hf://acme/reviews@v1", r -> r);
    assertFiles(v1);
    assertThat(tmp.resolve("out/data/test.parquet")).doesNotExist();
  }

  @Test
  void revisionOptionWinsOverTheUri() throws Exception {
    pull("hf://acme/reviews@main", r -> r.revision("v1"));
    assertFiles(v1);
  }

  @Test
  void filtersWithIncludeAndExclude() throws Exception {
    PullResult result =
        pull("hf://acme/reviews", r -> r.include("*.parquet", "*.csv").exclude("data/nested/**"));
    assertThat(result.files())
        .extracting(PulledFile::path)
        .containsExactly("data/test.parquet", "data/train.parquet");
  }

  @Test
  void takesTheParquetConversion() throws Exception {
    Map<String, byte[]> converted =
        Map.of("default/train/0000.parquet", DownloadContractTest.data(5000, 9));
    hf.repo("acme/reviews").commit("refs/convert/parquet", converted);
    pull("hf://acme/reviews", PullRequest::parquet);
    assertFiles(converted);
    assertThat(hf.hub().paths()).anyMatch(p -> p.contains("/revision/refs%2Fconvert%2Fparquet"));
  }

  @Test
  void gatedDatasetWithoutAccessExitsWith4AndSaysWhatToDo() throws Exception {
    hf.repo("acme/gated")
        .commit("main", Map.of("a.csv", "x\n".getBytes(StandardCharsets.UTF_8)))
        .length();
    hf.repo("acme/gated").gated("hf_approved");
    assertThatThrownBy(() -> pull("hf://acme/gated", r -> r))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH))
        .hasMessageContaining("request access")
        .hasMessageContaining("HF_TOKEN");
    env.put("HF_TOKEN", "hf_other");
    assertThatThrownBy(() -> pull("hf://acme/gated", r -> r))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH));
    env.put("HF_TOKEN", "hf_approved");
    pull("hf://acme/gated", r -> r);
    assertThat(tmp.resolve("out/a.csv")).hasContent("x");
  }

  @Test
  void readsTheTokenFile() throws Exception {
    hf.repo("acme/private").commit("main", Map.of("a.csv", "y\n".getBytes(StandardCharsets.UTF_8)));
    hf.repo("acme/private").privateTo("hf_from_file");
    Files.createDirectories(tmp.resolve("hf"));
    Files.writeString(tmp.resolve("hf/token"), "hf_from_file\n");
    pull("hf://acme/private", r -> r);
    assertThat(tmp.resolve("out/a.csv")).hasContent("y");
  }

  @Test
  void missingDatasetRevisionAndFilesExitWith1NamingThem() {
    assertThatThrownBy(() -> pull("hf://acme/nothing", r -> r))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED))
        .hasMessageContaining("hf://acme/nothing")
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> pull("hf://acme/reviews@nope", r -> r))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED))
        .hasMessageContaining("revision 'nope' not found");
    assertThatThrownBy(() -> pull("hf://acme/reviews", r -> r.include("*.zip")))
        .hasMessageContaining("no files match");
  }

  @Test
  void corruptBlobFailsWithChecksumMismatchAndNoFile() {
    hf.repo("acme/reviews").corrupt("main", "data/train.parquet");
    assertThatThrownBy(() -> pull("hf://acme/reviews", r -> r.include("train.parquet")))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED))
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("sha256:" + FakeHuggingFace.sha256(main.get("data/train.parquet")));
    assertThat(tmp.resolve("out/data/train.parquet")).doesNotExist();
    assertThat(hf.cdn().requests()).hasSize(2);
  }

  @Test
  void resumesAnInterruptedLfsFile() throws Exception {
    FakeHttpServer cdn = hf.cdn();
    cdn.dropAfter(1 << 20, 100);
    retries = 0;
    assertThatThrownBy(() -> pull("hf://acme/reviews", r -> r.include("train.parquet")))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.NETWORK));
    long firstRun = cdn.bodyBytesSent();
    cdn.dropAfter(-1, 0);
    retries = 2;
    PullResult result = pull("hf://acme/reviews", r -> r.include("train.parquet"));
    assertThat(result.files().get(0).outcome()).isEqualTo(Event.Outcome.RESUMED);
    assertFiles(Map.of("data/train.parquet", main.get("data/train.parquet")));
    assertThat(cdn.bodyBytesSent() - firstRun).isEqualTo((3 << 20) - (1 << 20));
  }

  @Test
  void reusesABlobFromTheHuggingFaceCache() throws Exception {
    byte[] train = main.get("data/train.parquet");
    Path blobs = Files.createDirectories(tmp.resolve("hf/hub/datasets--acme--reviews/blobs"));
    Files.write(blobs.resolve(FakeHuggingFace.sha256(train)), train);
    byte[] test = main.get("data/test.parquet").clone();
    test[0] ^= 1;
    Files.write(blobs.resolve(FakeHuggingFace.sha256(main.get("data/test.parquet"))), test);
    PullResult result = pull("hf://acme/reviews", r -> r.include("*.parquet"));
    assertFiles(
        main.entrySet().stream()
            .filter(e -> e.getKey().endsWith(".parquet"))
            .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
    assertThat(result.files())
        .extracting(PulledFile::path, PulledFile::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("data/test.parquet", Event.Outcome.DOWNLOADED),
            org.assertj.core.groups.Tuple.tuple("data/train.parquet", Event.Outcome.CACHED));
    assertThat(hf.cdn().requests()).hasSize(1);
  }

  @Test
  void secondPullFindsEveryFileUnchangedWithoutDownloading() throws Exception {
    pull("hf://acme/reviews", r -> r);
    int resolves = (int) hf.hub().paths().stream().filter(p -> p.contains("/resolve/")).count();
    PullResult again = pull("hf://acme/reviews", r -> r);
    assertThat(again.files())
        .allSatisfy(f -> assertThat(f.outcome()).isEqualTo(Event.Outcome.UNCHANGED));
    assertThat(hf.hub().paths().stream().filter(p -> p.contains("/resolve/")).count())
        .isEqualTo(resolves);
  }

  PullResult pullInto(String folder, UnaryOperator<PullRequest> options) throws Exception {
    return pull("hf://acme/reviews", r -> options.apply(r.into(tmp.resolve(folder))));
  }

  @Test
  void secondPullOfTheSameRevisionElsewhereCopiesFromTheCache() throws Exception {
    pullInto("one", r -> r);
    long cdnBefore = hf.cdn().requests().size();
    long resolvesBefore = hf.hub().paths().stream().filter(p -> p.contains("/resolve/")).count();
    PullResult second = pullInto("two", r -> r);
    assertThat(second.files())
        .allSatisfy(f -> assertThat(f.outcome()).isEqualTo(Event.Outcome.CACHED));
    for (Map.Entry<String, byte[]> e : main.entrySet()) {
      assertThat(Files.readAllBytes(tmp.resolve("two").resolve(e.getKey())))
          .isEqualTo(e.getValue());
    }
    assertThat(hf.cdn().requests()).hasSize((int) cdnBefore);
    assertThat(hf.hub().paths().stream().filter(p -> p.contains("/resolve/")).count())
        .isEqualTo(resolvesBefore);
    PullResult noCache = pullInto("three", PullRequest::noCache);
    assertThat(noCache.files())
        .allSatisfy(f -> assertThat(f.outcome()).isEqualTo(Event.Outcome.DOWNLOADED));
  }

  @Test
  void aCachedBlobChangedOnDiskIsNotUsed() throws Exception {
    pullInto("one", r -> r.include("README.md"));
    Path blob =
        tmp.resolve("home/cache/blobs/sha256")
            .resolve(FakeHuggingFace.sha256(main.get("README.md")));
    assertThat(blob).exists();
    Files.delete(tmp.resolve("one/README.md"));
    Files.writeString(blob, "# tampered\n");
    PullResult second = pullInto("two", r -> r.include("README.md"));
    assertThat(second.files().get(0).outcome()).isEqualTo(Event.Outcome.DOWNLOADED);
    assertThat(tmp.resolve("two/README.md")).hasBinaryContent(main.get("README.md"));
  }

  @Test
  void aFileAnnouncedWithAnotherSha256FailsBeforeDownloading() {
    hf.announceEtag("ab".repeat(32));
    assertThatThrownBy(() -> pull("hf://acme/reviews", r -> r.include("train.parquet")))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED))
        .hasMessageContaining("announces sha256:" + "ab".repeat(32));
    assertThat(hf.cdn().requests()).hasSize(1);
    assertThat(tmp.resolve("out/data/train.parquet.part")).doesNotExist();
    assertThat(tmp.resolve("out/data/train.parquet")).doesNotExist();
  }

  @Test
  void anAnswerFromAnotherCommitIsRefused() {
    hf.announceCommit("f".repeat(40));
    assertThatThrownBy(() -> pull("hf://acme/reviews", r -> r.include("README.md")))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED))
        .hasMessageContaining("from commit " + "f".repeat(40));
    assertThat(tmp.resolve("out/README.md")).doesNotExist();
  }
}
