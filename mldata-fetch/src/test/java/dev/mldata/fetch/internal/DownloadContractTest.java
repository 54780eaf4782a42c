package dev.mldata.fetch.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.Hasher;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataConfig;
import dev.mldata.core.PullException;
import dev.mldata.core.PullRequest;
import dev.mldata.core.PullResult;
import dev.mldata.testsupport.FakeHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The downloader's contract, run against every fault switch of the fake server: whatever the server
 * does, the final file is exactly the server's current content or there is no final file.
 */
class DownloadContractTest {
  static final int SIZE = 3 * 1024 * 1024 + 17;

  @TempDir Path tmp;
  FakeHttpServer server;
  final List<Event> events = Collections.synchronizedList(new ArrayList<>());
  MldataConfig config;

  @BeforeEach
  void start() throws IOException {
    server = FakeHttpServer.start();
    config =
        MldataConfig.defaults(tmp)
            .withHome(tmp.resolve("home"))
            .withTimeouts(Duration.ofSeconds(2), Duration.ofMillis(700), Duration.ofMillis(20))
            .withRetries(3);
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
  }

  static byte[] data(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  PullResult pull(String path, UnaryOperator<PullRequest> options) throws Exception {
    Mldata mldata = Mldata.builder().config(config).listener(events::add).build();
    return mldata.pull(
        options.apply(PullRequest.of(server.uri(path).toString()).into(tmp.resolve("out"))));
  }

  PullResult pull(String path) throws Exception {
    return pull(path, r -> r.connections(1));
  }

  Path out(String name) {
    return tmp.resolve("out").resolve(name);
  }

  void assertContent(String name, byte[] expected) throws IOException {
    assertThat(Files.readAllBytes(out(name))).isEqualTo(expected);
    assertThat(out(name + ".part")).doesNotExist();
    assertThat(out(name + ".part.json")).doesNotExist();
  }

  List<String> warnings() {
    synchronized (events) {
      return events.stream()
          .filter(e -> e instanceof Event.Log l && l.level() == Event.Level.WARN)
          .map(e -> ((Event.Log) e).message())
          .toList();
    }
  }

  @Test
  void downloadsAFile() throws Exception {
    byte[] content = data(SIZE, 1);
    server.put("/d/a.bin", content);
    PullResult result = pull("/d/a.bin");
    assertContent("a.bin", content);
    assertThat(result.files().get(0).outcome()).isEqualTo(Event.Outcome.DOWNLOADED);
    assertThat(result.files().get(0).size()).isEqualTo(SIZE);
    assertThat(server.requests().get(0).header("Accept-Encoding")).isEqualTo("identity");
  }

  @Test
  void verifiesAChecksumGivenInTheUrlFragment() throws Exception {
    byte[] content = data(SIZE, 31);
    server.put("/a.bin", content);
    String sha = Hasher.hash(new java.io.ByteArrayInputStream(content), "sha256").sha256();
    Mldata mldata = Mldata.builder().config(config).build();
    PullResult ok =
        mldata.pull(
            PullRequest.of(server.uri("/a.bin") + "#sha256=" + sha).into(tmp.resolve("out")));
    assertThat(ok.files().get(0).sha256()).isEqualTo(sha);
    assertThat(server.requests().get(0).path()).isEqualTo("/a.bin");
    assertThatThrownBy(
            () ->
                mldata.pull(
                    PullRequest.of(server.uri("/a.bin") + "#md5=00ff").into(tmp.resolve("o2"))))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED))
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("md5:00ff");
    assertThat(tmp.resolve("o2/a.bin")).doesNotExist();
  }

  @Test
  void resumesAfterDroppedConnection() throws Exception {
    byte[] content = data(SIZE, 2);
    server.put("/a.bin", content);
    server.dropAfter(SIZE / 3, 1);
    pull("/a.bin");
    assertContent("a.bin", content);
    assertThat(server.bodyBytesSent()).isLessThanOrEqualTo((long) (SIZE * 1.01));
    FakeHttpServer.RecordedRequest second = server.requests().get(1);
    assertThat(second.header("Range")).isEqualTo("bytes=" + (SIZE / 3) + "-");
    assertThat(second.header("If-Range")).isEqualTo(server.blob("/a.bin").etag());
  }

  @Test
  void resumesAcrossRunsFromThePartialFile() throws Exception {
    byte[] content = data(SIZE, 3);
    server.put("/a.bin", content);
    server.dropAfter(SIZE / 2, 100);
    config = config.withRetries(0);
    assertThatThrownBy(() -> pull("/a.bin"))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.NETWORK));
    assertThat(out("a.bin")).doesNotExist();
    assertThat(Files.size(out("a.bin.part"))).isEqualTo(SIZE / 2);
    server.dropAfter(-1, 0);
    PullResult result = pull("/a.bin");
    assertContent("a.bin", content);
    assertThat(result.files().get(0).outcome()).isEqualTo(Event.Outcome.RESUMED);
    assertThat(result.files().get(0).resumedFrom()).isEqualTo(SIZE / 2);
    assertThat(server.bodyBytesSent()).isLessThanOrEqualTo((long) (SIZE * 1.01));
    assertThat(events)
        .anySatisfy(e -> assertThat(e).isEqualTo(new Event.FileStarted("a.bin", SIZE, SIZE / 2)));
  }

  @Test
  void restartsWhenUpstreamChanged() throws Exception {
    byte[] oldContent = data(SIZE, 4);
    byte[] newContent = data(SIZE, 5);
    server.put("/a.bin", oldContent);
    server.dropAfter(SIZE / 2, 1).swapOnDrop(newContent);
    pull("/a.bin");
    assertContent("a.bin", newContent);
    assertThat(warnings()).anyMatch(w -> w.contains("upstream changed"));
  }

  @Test
  void restartsWhenUpstreamChangedBetweenRuns() throws Exception {
    byte[] oldContent = data(SIZE, 6);
    byte[] newContent = data(SIZE + 1000, 7);
    server.put("/a.bin", oldContent);
    server.dropAfter(SIZE / 2, 100);
    config = config.withRetries(0);
    assertThatThrownBy(() -> pull("/a.bin")).isInstanceOf(PullException.class);
    server.dropAfter(-1, 0);
    server.put("/a.bin", newContent);
    pull("/a.bin");
    assertContent("a.bin", newContent);
    assertThat(warnings()).anyMatch(w -> w.contains("upstream changed"));
  }

  @Test
  void restartsWhenRangesAreIgnored() throws Exception {
    byte[] content = data(SIZE, 8);
    server.put("/a.bin", content);
    server.ranges(false).dropAfter(SIZE / 2, 1);
    pull("/a.bin");
    assertContent("a.bin", content);
    assertThat(warnings()).anyMatch(w -> w.contains("does not support resume"));
  }

  @Test
  void honoursRetryAfter() throws Exception {
    byte[] content = data(1000, 9);
    server.put("/a.bin", content);
    server.fail(2, 503, "1");
    long start = System.nanoTime();
    pull("/a.bin");
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
    assertContent("a.bin", content);
  }

  @Test
  void retriesTooManyRequests() throws Exception {
    byte[] content = data(1000, 10);
    server.put("/a.bin", content);
    server.fail(2, 429, "0");
    pull("/a.bin");
    assertContent("a.bin", content);
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void givesUpWithNetworkErrorAfterTheRetryBudget() throws Exception {
    server.put("/a.bin", data(1000, 11));
    server.fail(100, 503, null);
    config = config.withRetries(2);
    assertThatThrownBy(() -> pull("/a.bin"))
        .isInstanceOfSatisfying(
            PullException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.NETWORK);
              assertThat(e.getMessage())
                  .contains("a.bin")
                  .contains("HTTP 503")
                  .contains("3 attempts");
            });
    assertThat(server.requests()).hasSize(3);
    assertThat(out("a.bin")).doesNotExist();
  }

  @Test
  void errorBodyIsNeverWrittenIntoTheData() throws Exception {
    byte[] content = data(SIZE, 12);
    server.put("/a.bin", content);
    server.dropAfter(SIZE / 2, 100);
    config = config.withRetries(0);
    assertThatThrownBy(() -> pull("/a.bin")).isInstanceOf(PullException.class);
    server.dropAfter(-1, 0).fail(1, 503, "0");
    config = config.withRetries(3);
    pull("/a.bin");
    assertContent("a.bin", content);
  }

  @Test
  void resumesAStalledTransfer() throws Exception {
    byte[] content = data(SIZE, 13);
    server.put("/a.bin", content);
    server.stallAfter(SIZE / 3, 3000, 1);
    pull("/a.bin");
    assertContent("a.bin", content);
    assertThat(server.requests().get(1).header("Range")).isEqualTo("bytes=" + SIZE / 3 + "-");
  }

  @Test
  void recoversFromAWrongContentLength() throws Exception {
    byte[] content = data(SIZE, 14);
    server.put("/a.bin", content);
    server.wrongContentLength(5000, 1);
    pull("/a.bin");
    assertContent("a.bin", content);
  }

  @Test
  void completePartialFileIsVerifiedOn416() throws Exception {
    byte[] content = data(SIZE, 15);
    FakeHttpServer.Blob blob = server.put("/a.bin", content);
    Files.createDirectories(out("x").getParent());
    Files.write(out("a.bin.part"), content);
    new PartState(server.uri("/a.bin").toString(), null, blob.etag(), null, SIZE, null, null)
        .save(out("a.bin.part.json"));
    PullResult result = pull("/a.bin");
    assertContent("a.bin", content);
    assertThat(server.requests().get(0).header("Range")).isEqualTo("bytes=" + SIZE + "-");
    assertThat(result.files().get(0).transferred()).isZero();
  }

  @Test
  void neverSendsGzipAndStillResumesBehindACompressingCdn() throws Exception {
    byte[] content = data(SIZE, 16);
    server.put("/a.bin", content);
    server.gzipIgnoresRange(true).dropAfter(SIZE / 2, 1);
    pull("/a.bin");
    assertContent("a.bin", content);
    assertThat(server.requests())
        .allSatisfy(r -> assertThat(r.header("Accept-Encoding")).isEqualTo("identity"));
  }

  @Test
  void downloadsInParallelRangedPieces() throws Exception {
    byte[] content = data(40 << 20, 17);
    server.put("/big.bin", content);
    server.dropAfter(5 << 20, 2);
    pull("/big.bin", r -> r.connections(4));
    assertContent("big.bin", content);
    assertThat(server.requests().stream().filter(r -> r.header("Range") != null).count())
        .isGreaterThanOrEqualTo(5);
    assertThat(server.bodyBytesSent()).isLessThanOrEqualTo((long) (content.length * 1.01));
  }

  @Test
  void resumesAParallelDownloadAcrossRuns() throws Exception {
    byte[] content = data(40 << 20, 18);
    server.put("/big.bin", content);
    server.dropAfter(3 << 20, 5);
    config = config.withRetries(0);
    assertThatThrownBy(() -> pull("/big.bin", r -> r.connections(4)))
        .isInstanceOf(PullException.class);
    PartState saved = PartState.load(out("big.bin.part.json"));
    assertThat(saved.pieces()).isNotNull();
    assertThat(saved.piecesDone()).isPositive();
    long firstRun = server.bodyBytesSent();
    server.dropAfter(-1, 0);
    PullResult result = pull("/big.bin", r -> r.connections(4));
    assertContent("big.bin", content);
    assertThat(result.files().get(0).outcome()).isEqualTo(Event.Outcome.RESUMED);
    assertThat(server.bodyBytesSent() - firstRun).isEqualTo(content.length - saved.piecesDone());
  }

  @Test
  void parallelDownloadRestartsWhenUpstreamChanges() throws Exception {
    byte[] oldContent = data(40 << 20, 19);
    byte[] newContent = data(40 << 20, 20);
    server.put("/big.bin", oldContent);
    server.dropAfter(4 << 20, 1).swapOnDrop(newContent);
    pull("/big.bin", r -> r.connections(3));
    assertContent("big.bin", newContent);
  }

  @Test
  void missingFileFailsAtOnce() throws Exception {
    assertThatThrownBy(() -> pull("/nope.bin"))
        .isInstanceOfSatisfying(
            PullException.class,
            e -> {
              assertThat(e.exitCode()).isEqualTo(ExitCode.FAILED);
              assertThat(e.getMessage()).contains("404").contains("nope.bin");
              assertThat(e.failures())
                  .extracting(PullException.Failure::path)
                  .containsExactly("nope.bin");
            });
    assertThat(server.requests()).hasSize(1);
    assertThat(out("nope.bin")).doesNotExist();
  }

  @Test
  void authFailureExitsWithCode4AtOnce() throws Exception {
    server.put("/a.bin", data(10, 21));
    server.requireBearer("secret");
    assertThatThrownBy(() -> pull("/a.bin"))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.AUTH));
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void secondPullAsksIfModifiedAndTransfersNothing() throws Exception {
    byte[] content = data(SIZE, 22);
    server.put("/a.bin", content);
    pull("/a.bin");
    long sent = server.bodyBytesSent();
    PullResult again = pull("/a.bin");
    assertThat(again.files().get(0).outcome()).isEqualTo(Event.Outcome.UNCHANGED);
    assertThat(server.bodyBytesSent()).isEqualTo(sent);
    assertThat(server.requests().get(1).header("If-None-Match"))
        .isEqualTo(server.blob("/a.bin").etag());
  }

  @Test
  void pullOfAChangedUrlReplacesTheFileMldataWrote() throws Exception {
    server.put("/a.bin", data(SIZE, 23));
    pull("/a.bin");
    byte[] newer = data(SIZE, 24);
    server.put("/a.bin", newer);
    pull("/a.bin");
    assertContent("a.bin", newer);
  }

  @Test
  void existingUserFileIsNotOverwrittenWithoutForce() throws Exception {
    byte[] content = data(1000, 25);
    server.put("/a.bin", content);
    Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out("a.bin"), "precious");
    assertThatThrownBy(() -> pull("/a.bin"))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.getMessage()).contains("--force"));
    assertThat(Files.readString(out("a.bin"))).isEqualTo("precious");
    pull("/a.bin", r -> r.connections(1).force());
    assertContent("a.bin", content);
  }

  @Test
  void noCacheSkipsTheConditionalRequest() throws Exception {
    byte[] content = data(1000, 26);
    server.put("/a.bin", content);
    pull("/a.bin", r -> r.connections(1).noCache());
    assertThat(tmp.resolve("home/cache")).doesNotExist();
    pull("/a.bin", r -> r.connections(1).noCache().force());
    assertThat(server.requests()).allSatisfy(r -> assertThat(r.header("If-None-Match")).isNull());
  }

  @Test
  void pullsAUrlListInParallel() throws Exception {
    List<String> lines = new ArrayList<>(List.of("# training shards", ""));
    for (int i = 0; i < 6; i++) {
      server.put("/shard-" + i + ".bin", data(100_000 + i, 100 + i));
      lines.add(server.uri("/shard-" + i + ".bin") + (i == 5 ? "  nested/last.bin" : ""));
    }
    Path list = Files.write(tmp.resolve("urls.txt"), lines);
    Mldata mldata = Mldata.builder().config(config).build();
    PullResult result = mldata.pull(PullRequest.of("@" + list).into(tmp.resolve("out")).jobs(3));
    assertThat(result.files()).hasSize(6);
    assertContent("shard-0.bin", data(100_000, 100));
    assertContent("nested/last.bin", data(100_005, 105));
  }

  @Test
  void urlListErrorsNameTheLine() throws Exception {
    Path list =
        Files.write(tmp.resolve("urls.txt"), List.of("http://127.0.0.1:1/a.bin", "ftp://x/y"));
    Mldata mldata = Mldata.builder().config(config).build();
    assertThatThrownBy(() -> mldata.pull(PullRequest.of("@" + list).into(tmp.resolve("out"))))
        .isInstanceOfSatisfying(
            PullException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.USAGE))
        .hasMessageContaining("urls.txt:2");
    Path dup = Files.write(tmp.resolve("dup.txt"), List.of("http://h/a/x.bin", "http://h/b/x.bin"));
    assertThatThrownBy(() -> mldata.pull(PullRequest.of("@" + dup).into(tmp.resolve("out"))))
        .hasMessageContaining("like line 1");
  }

  @Test
  void refusesPathsThatLeaveTheOutputFolder() throws Exception {
    Path list = Files.write(tmp.resolve("urls.txt"), List.of(server.uri("/a") + " ../escape.bin"));
    Mldata mldata = Mldata.builder().config(config).build();
    assertThatThrownBy(() -> mldata.pull(PullRequest.of("@" + list).into(tmp.resolve("out"))))
        .hasMessageContaining("outside the output folder");
    assertThat(tmp.resolve("escape.bin")).doesNotExist();
  }
}
