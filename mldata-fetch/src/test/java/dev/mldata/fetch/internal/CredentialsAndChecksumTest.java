package dev.mldata.fetch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mldata.core.Checksum;
import dev.mldata.core.Hasher;
import dev.mldata.core.Listener;
import dev.mldata.core.MldataConfig;
import dev.mldata.fetch.FetchException;
import dev.mldata.testsupport.FakeHttpServer;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsAndChecksumTest {
  @TempDir Path tmp;

  final MldataConfig config =
      MldataConfig.defaults(Path.of("unused"))
          .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofMillis(10));

  void download(RemoteFile file, Path target) throws Exception {
    try (HttpTransport http = new HttpTransport(config, 4)) {
      new Transfer(http, config, Listener.none(), new Cancellation(), file, target, 1).run();
    }
  }

  @Test
  void neverLeaksTheTokenToARedirectTarget() throws Exception {
    byte[] content = DownloadContractTest.data(5000, 1);
    try (FakeHttpServer origin = FakeHttpServer.start();
        FakeHttpServer cdn = FakeHttpServer.start()) {
      cdn.put("/blob", content);
      origin.redirect("/file", cdn.localhostUri("/blob"));
      RemoteFile file =
          new RemoteFile(
              "file", origin.uri("/file"), -1, null, Map.of("Authorization", "Bearer secret"));
      download(file, tmp.resolve("file"));
      assertThat(Files.readAllBytes(tmp.resolve("file"))).isEqualTo(content);
      assertThat(origin.requests().get(0).header("Authorization")).isEqualTo("Bearer secret");
      assertThat(cdn.requests()).isNotEmpty();
      assertThat(cdn.requests()).allSatisfy(r -> assertThat(r.header("Authorization")).isNull());
    }
  }

  @Test
  void keepsTheTokenOnASameOriginRedirect() throws Exception {
    byte[] content = DownloadContractTest.data(5000, 2);
    try (FakeHttpServer origin = FakeHttpServer.start()) {
      origin.put("/blob", content);
      origin.redirect("/file", origin.uri("/blob"));
      origin.requireBearer("secret");
      RemoteFile file =
          new RemoteFile(
              "file", origin.uri("/file"), -1, null, Map.of("Authorization", "Bearer secret"));
      download(file, tmp.resolve("file"));
      assertThat(Files.readAllBytes(tmp.resolve("file"))).isEqualTo(content);
    }
  }

  @Test
  void verifiesTheExpectedChecksum() throws Exception {
    byte[] content = DownloadContractTest.data(5000, 3);
    String sha = Hasher.hash(new ByteArrayInputStream(content), "sha256").sha256();
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.put("/f", content);
      download(
          new RemoteFile("f", server.uri("/f"), content.length, Checksum.sha256(sha), Map.of()),
          tmp.resolve("f"));
      assertThat(Files.readAllBytes(tmp.resolve("f"))).isEqualTo(content);
    }
  }

  @Test
  void wrongChecksumLeavesNoFinalFile() throws Exception {
    byte[] content = DownloadContractTest.data(5000, 4);
    String wrong = "0".repeat(64);
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.put("/f", content);
      RemoteFile file = new RemoteFile("f", server.uri("/f"), -1, Checksum.sha256(wrong), Map.of());
      assertThatThrownBy(() -> download(file, tmp.resolve("f")))
          .isInstanceOf(FetchException.ChecksumMismatchException.class)
          .hasMessageContaining("checksum mismatch")
          .hasMessageContaining(wrong);
      assertThat(server.requests()).hasSize(2);
      assertThat(tmp.resolve("f")).doesNotExist();
      assertThat(tmp.resolve("f.part")).doesNotExist();
    }
  }

  @Test
  void verifiesTheMd5ThatTheServerAdvertises() throws Exception {
    byte[] content = DownloadContractTest.data(5000, 5);
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.put("/f", content);
      server.put("/f", DownloadContractTest.data(5000, 6));
      // The blob was replaced: the ETag is fresh but no md5 is advertised, so the download passes.
      download(RemoteFile.of("f", server.uri("/f")), tmp.resolve("f"));
      assertThat(Files.readAllBytes(tmp.resolve("f")))
          .isEqualTo(DownloadContractTest.data(5000, 6));
    }
  }
}
