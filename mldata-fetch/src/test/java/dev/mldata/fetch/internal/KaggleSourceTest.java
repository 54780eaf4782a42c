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
import dev.mldata.testsupport.FakeKaggle;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KaggleSourceTest {
  @TempDir Path tmp;
  FakeKaggle kaggle;
  final Map<String, String> env = new HashMap<>();
  final List<Event> events = new ArrayList<>();
  int retries = 2;
  int zipMaxRatio = 1000;

  static byte[] zip(Map<String, byte[]> entries) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  static Map<String, byte[]> files(String... nameAndText) {
    Map<String, byte[]> m = new LinkedHashMap<>();
    for (int i = 0; i < nameAndText.length; i += 2) {
      m.put(nameAndText[i], nameAndText[i + 1].getBytes(StandardCharsets.UTF_8));
    }
    return m;
  }

  @BeforeEach
  void start() throws Exception {
    kaggle = FakeKaggle.start();
    kaggle.dataset("owner/titanic", 1, zip(files("train.csv", "id,survived\n1,0\n")));
    Map<String, byte[]> v2 =
        files("train.csv", "id,survived\n1,0\n2,1\n", "sub/test.csv", "id\n3\n");
    v2.put("big.bin", DownloadContractTest.data(2 << 20, 5));
    kaggle.dataset("owner/titanic", 2, zip(v2));
    env.put("MLDATA_KAGGLE_ENDPOINT", kaggle.endpoint());
    env.put("KAGGLE_USERNAME", "user");
    env.put("KAGGLE_KEY", "key");
  }

  @AfterEach
  void stop() throws Exception {
    kaggle.close();
  }

  PullResult pull(String uri, UnaryOperator<PullRequest> options) throws Exception {
    MldataConfig config =
        MldataConfig.defaults(tmp)
            .withHome(tmp.resolve("home"))
            .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(10))
            .withRetries(retries)
            .withEnv(env);
    config =
        new MldataConfig(
            config.home(),
            config.jobs(),
            config.connections(),
            config.retries(),
            config.connectTimeout(),
            config.readTimeout(),
            config.retryBackoff(),
            config.zipMaxBytes(),
            zipMaxRatio,
            config.sources(),
            config.userHome(),
            config.env());
    return Mldata.builder()
        .config(config)
        .listener(events::add)
        .build()
        .pull(options.apply(PullRequest.of(uri).into(tmp.resolve("out"))));
  }

  @Test
  void downloadsTheLatestVersionAndExtractsIt() throws Exception {
    PullResult result = pull("kaggle://owner/titanic", r -> r);
    assertThat(result.files())
        .extracting(PulledFile::path)
        .containsExactly("big.bin", "sub/test.csv", "train.csv");
    assertThat(tmp.resolve("out/sub/test.csv")).hasContent("id\n3\n");
    assertThat(tmp.resolve("out/titanic.zip")).doesNotExist();
    assertThat(kaggle.api().requests().get(0).header("Authorization")).startsWith("Basic ");
    assertThat(kaggle.storage().requests())
        .isNotEmpty()
        .allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
  }

  @Test
  void pinsAVersionAndKeepsTheArchiveWhenAsked() throws Exception {
    pull("kaggle://owner/titanic@1", PullRequest::keepArchive);
    assertThat(tmp.resolve("out/train.csv")).hasContent("id,survived\n1,0\n");
    assertThat(tmp.resolve("out/titanic.zip")).exists();
    assertThat(kaggle.api().requests().get(0).path()).endsWith("?datasetVersionNumber=1");
  }

  @Test
  void secondPullFindsTheExtractedFilesUnchanged() throws Exception {
    pull("kaggle://owner/titanic", r -> r);
    PullResult again = pull("kaggle://owner/titanic", r -> r);
    assertThat(again.files())
        .allSatisfy(f -> assertThat(f.outcome()).isEqualTo(Event.Outcome.UNCHANGED));
  }

  @Test
  void readsKaggleJsonAndBearerTokens() throws Exception {
    env.remove("KAGGLE_USERNAME");
    env.remove("KAGGLE_KEY");
    assertThatThrownBy(() -> pull("kaggle://owner/titanic", r -> r))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH))
        .hasMessageContaining("KAGGLE_USERNAME");
    Path dir = Files.createDirectories(tmp.resolve("kcfg"));
    Files.writeString(dir.resolve("kaggle.json"), "{\"username\":\"user\",\"key\":\"key\"}");
    env.put("KAGGLE_CONFIG_DIR", dir.toString());
    pull("kaggle://owner/titanic@1", r -> r);
    assertThat(tmp.resolve("out/train.csv")).exists();
    env.put("KAGGLE_API_TOKEN", "KGAT_key");
    pull("kaggle://owner/titanic@1", PullRequest::noCache);
    assertThat(
            kaggle.api().requests().get(kaggle.api().requests().size() - 1).header("Authorization"))
        .isEqualTo("Bearer KGAT_key");
  }

  @Test
  void wrongKeyExitsWith4() {
    env.put("KAGGLE_KEY", "wrong");
    assertThatThrownBy(() -> pull("kaggle://owner/titanic", r -> r))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH))
        .hasMessageContaining("KAGGLE_USERNAME/KAGGLE_KEY");
  }

  @Test
  void competitionRulesNotAcceptedExitsWith4WithTheRulesUrl() throws Exception {
    kaggle.competition("titanic", zip(files("a.csv", "x")), false);
    assertThatThrownBy(() -> pull("kaggle://competitions/titanic", r -> r))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH))
        .hasMessageContaining("https://www.kaggle.com/competitions/titanic/rules");
  }

  @Test
  void resumeNeverGluesTwoVersionsTogether() throws Exception {
    byte[] first =
        kaggle.storage().blob("/kaggle-data-sets/owner-titanic/2/bundle/archive.zip").content();
    kaggle.storage().dropAfter(first.length / 2, 100);
    retries = 0;
    assertThatThrownBy(() -> pull("kaggle://owner/titanic@2", r -> r))
        .isInstanceOf(PullException.class);
    kaggle.storage().dropAfter(-1, 0);
    Map<String, byte[]> reuploaded = files("train.csv", "id,survived\n9,9\n");
    reuploaded.put("big.bin", DownloadContractTest.data(2 << 20, 6));
    kaggle.replace("owner/titanic", 2, zip(reuploaded));
    retries = 2;
    pull("kaggle://owner/titanic@2", r -> r.force());
    assertThat(tmp.resolve("out/train.csv")).hasContent("id,survived\n9,9\n");
    assertThat(Files.readAllBytes(tmp.resolve("out/big.bin"))).isEqualTo(reuploaded.get("big.bin"));
    assertThat(events).anySatisfy(e -> assertThat(e.toString()).contains("upstream changed"));
  }

  @Test
  void refusesZipSlipAndWritesNothing() throws Exception {
    kaggle.dataset("owner/evil", 1, zip(files("ok.csv", "fine", "../evil.txt", "pwned")));
    assertThatThrownBy(() -> pull("kaggle://owner/evil", r -> r))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED))
        .hasMessageContaining("'../evil.txt'")
        .hasMessageContaining("outside");
    assertThat(tmp.resolve("evil.txt")).doesNotExist();
    assertThat(tmp.resolve("out/ok.csv")).doesNotExist();
  }

  @Test
  void refusesSymlinkEntries() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes)) {
      ZipArchiveEntry link = new ZipArchiveEntry("link");
      link.setUnixMode(0120777);
      zip.putArchiveEntry(link);
      zip.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
      zip.closeArchiveEntry();
    }
    kaggle.dataset("owner/links", 1, bytes.toByteArray());
    assertThatThrownBy(() -> pull("kaggle://owner/links", r -> r))
        .hasMessageContaining("symbolic link");
    assertThat(tmp.resolve("out/link")).doesNotExist();
  }

  @Test
  void refusesAZipBomb() throws Exception {
    Map<String, byte[]> bomb = new LinkedHashMap<>();
    bomb.put("zeros.bin", new byte[20 << 20]);
    kaggle.dataset("owner/bomb", 1, zip(bomb));
    zipMaxRatio = 100;
    assertThatThrownBy(() -> pull("kaggle://owner/bomb", r -> r))
        .hasMessageContaining("expands more than 100 times")
        .hasMessageContaining("zipMaxRatio");
    assertThat(tmp.resolve("out/zeros.bin")).doesNotExist();
    try (var left = Files.list(tmp.resolve("out"))) {
      assertThat(left).noneMatch(p -> p.getFileName().toString().startsWith(".mldata-unzip"));
    }
  }

  @Test
  void aPinnedVersionIsTakenFromTheCacheTheSecondTime() throws Exception {
    pull("kaggle://owner/titanic@2", r -> r);
    int storageRequests = kaggle.storage().requests().size();
    PullResult second = pull("kaggle://owner/titanic@2", r -> r.into(tmp.resolve("elsewhere")));
    assertThat(kaggle.storage().requests()).hasSize(storageRequests);
    assertThat(tmp.resolve("elsewhere/sub/test.csv")).hasContent("id\n3\n");
    assertThat(second.files()).hasSize(3);
  }
}
