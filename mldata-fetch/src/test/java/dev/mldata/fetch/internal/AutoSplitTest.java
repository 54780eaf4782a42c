package dev.mldata.fetch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mldata.core.Event;
import dev.mldata.core.MldataConfig;
import dev.mldata.testsupport.FakeHttpServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoSplitTest {
  @TempDir Path tmp;

  final MldataConfig config =
      MldataConfig.defaults(Path.of("unused"))
          .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMillis(10));
  final AutoSplit eager =
      new AutoSplit(Duration.ofMillis(300), 100e6, 1 << 20, Duration.ofSeconds(1), 4);

  @Test
  void aSlowSingleStreamIsWidenedIntoRangedPieces() throws Exception {
    byte[] content = DownloadContractTest.data(48 << 20, 1);
    List<Event> events = Collections.synchronizedList(new ArrayList<>());
    try (FakeHttpServer server = FakeHttpServer.start();
        HttpTransport http = new HttpTransport(config, 8)) {
      server.put("/big.bin", content);
      server.throttle(16L << 20);
      Path target = tmp.resolve("big.bin");
      RemoteFile file = RemoteFile.of("big.bin", server.uri("/big.bin"));
      new Transfer(http, config, events::add, new Cancellation(), file, target, 0, eager).run();
      assertThat(Files.readAllBytes(target)).isEqualTo(content);
      assertThat(server.requests()).hasSizeGreaterThanOrEqualTo(5);
      assertThat(server.requests().get(0).header("Range")).isNull();
      assertThat(server.requests().subList(1, server.requests().size()))
          .allSatisfy(r -> assertThat(r.header("Range")).startsWith("bytes="));
      assertThat(events)
          .anySatisfy(e -> assertThat(e.toString()).contains("slow single connection"));
      assertThat(server.bodyBytesSent()).isLessThan(content.length + (4L << 20));
    }
  }

  @Test
  void aFastStreamStaysSingle() throws Exception {
    byte[] content = DownloadContractTest.data(24 << 20, 2);
    try (FakeHttpServer server = FakeHttpServer.start();
        HttpTransport http = new HttpTransport(config, 8)) {
      server.put("/big.bin", content);
      Path target = tmp.resolve("big.bin");
      AutoSplit slowCheck =
          new AutoSplit(Duration.ofMillis(300), 1, 1 << 20, Duration.ofSeconds(1), 4);
      new Transfer(
              http,
              config,
              e -> {},
              new Cancellation(),
              RemoteFile.of("big.bin", server.uri("/big.bin")),
              target,
              0,
              slowCheck)
          .run();
      assertThat(Files.readAllBytes(target)).isEqualTo(content);
      assertThat(server.requests()).hasSize(1);
    }
  }
}
