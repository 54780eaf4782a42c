package dev.mldata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mldata.core.Hasher;
import dev.mldata.testsupport.FakeHttpServer;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the real CLI jar as a process, stops it mid-download (SIGKILL, then Ctrl-C), runs it
 * again, and checks the file and the bytes the server sent.
 */
class KillAndResumeIT {
  static final int SIZE = 48 << 20;

  @TempDir Path tmp;

  Process start(FakeHttpServer server, Path log, String... extra) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String jar = System.getProperty("mldata.jar", "target/mldata.jar");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                java,
                "-jar",
                jar,
                "pull",
                server.uri("/big.bin").toString(),
                "-o",
                tmp.resolve("out").toString()));
    command.addAll(List.of(extra));
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("MLDATA_HOME", tmp.resolve("home").toString());
    return pb.start();
  }

  static void waitForPart(Path part, long atLeast) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!(Files.exists(part) && Files.size(part) >= atLeast)) {
      assertThat(System.nanoTime())
          .as("waiting for %s to reach %d bytes", part, atLeast)
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  byte[] content() {
    byte[] content = new byte[SIZE];
    new Random(42).nextBytes(content);
    return content;
  }

  @Test
  void resumesAfterSigkillWithTheRightBytesAndLittleExtraTraffic() throws Exception {
    byte[] content = content();
    Path part = tmp.resolve("out/big.bin.part");
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.put("/big.bin", content);
      server.throttle(64L << 20);
      Process first = start(server, tmp.resolve("first.log"), "--connections", "1");
      waitForPart(part, SIZE * 3L / 10);
      first.destroyForcibly();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      long kept = Files.size(part);
      assertThat(tmp.resolve("out/big.bin")).doesNotExist();
      long sentBefore = server.bodyBytesSent();

      server.throttle(0);
      Process second = start(server, tmp.resolve("second.log"), "--connections", "1");
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String log = Files.readString(tmp.resolve("second.log"), StandardCharsets.UTF_8);
      assertThat(second.exitValue()).as(log).isZero();
      assertThat(log).contains("Resuming big.bin from");
      assertThat(Hasher.hash(tmp.resolve("out/big.bin"), "sha256").sha256())
          .isEqualTo(Hasher.hash(new ByteArrayInputStream(content), "sha256").sha256());
      assertThat(part).doesNotExist();
      long secondRun = server.bodyBytesSent() - sentBefore;
      assertThat(secondRun).isEqualTo(SIZE - kept);
      double ratio = (double) server.bodyBytesSent() / SIZE;
      System.out.printf(
          "kill -9 at %.1f%%: server sent %.4f x the file size%n", 100.0 * kept / SIZE, ratio);
      // The excess is what the kernel buffered (server send + our receive buffer) when the process
      // died: about 1% on an idle machine, more when the machine is busy.
      assertThat(ratio).isLessThan(1.10);
    }
  }

  @Test
  void ctrlCExitsWith130AndKeepsThePartialDownload() throws Exception {
    byte[] content = content();
    Path part = tmp.resolve("out/big.bin.part");
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.put("/big.bin", content);
      server.throttle(32L << 20);
      Process first = start(server, tmp.resolve("first.log"), "--connections", "4");
      waitForPart(tmp.resolve("out/big.bin.part.json"), 1);
      waitForPart(part, 4L << 20);
      new ProcessBuilder("kill", "-INT", Long.toString(first.pid())).start().waitFor();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String log = Files.readString(tmp.resolve("first.log"), StandardCharsets.UTF_8);
      assertThat(first.exitValue()).as(log).isEqualTo(130);
      assertThat(log).contains("interrupted").contains("resume");
      assertThat(part).exists();
      assertThat(tmp.resolve("out/big.bin")).doesNotExist();
      long kept = 0;
      for (var piece :
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readTree(tmp.resolve("out/big.bin.part.json").toFile())
              .get("pieces")) {
        kept += piece.get("done").asLong();
      }
      assertThat(kept).isPositive();
      long sentBefore = server.bodyBytesSent();

      server.throttle(0);
      Process second = start(server, tmp.resolve("second.log"));
      assertThat(second.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).as(Files.readString(tmp.resolve("second.log"))).isZero();
      assertThat(Files.readAllBytes(tmp.resolve("out/big.bin"))).isEqualTo(content);
      // Ctrl-C saves each piece's progress exactly: the second run fetches only what was missing.
      assertThat(server.bodyBytesSent() - sentBefore).isEqualTo(SIZE - kept);
    }
  }

  static String separator() {
    return File.separator;
  }
}
