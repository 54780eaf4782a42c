package dev.mldata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mldata.testsupport.FakeHttpServer;
import dev.mldata.testsupport.Tools;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @TempDir Path tmp;
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  final Map<String, String> env = new HashMap<>();

  @BeforeEach
  void isolate() {
    env.put("MLDATA_HOME", tmp.resolve("home").toString());
    env.put("MLDATA_RETRY_BACKOFF", "10ms");
  }

  int run(String... args) {
    out.reset();
    err.reset();
    return new Main(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            env)
        .run(args);
  }

  String out() {
    return out.toString(StandardCharsets.UTF_8);
  }

  String err() {
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noCommandIsAUsageError() {
    assertThat(run()).isEqualTo(64);
    assertThat(err()).contains("Usage: mldata").contains("pull");
  }

  @Test
  void unknownOptionIsAOneLineUsageError() {
    assertThat(run("pull", "--bogus", "x")).isEqualTo(64);
    assertThat(err().strip().lines()).hasSize(1);
    assertThat(err()).contains("--bogus");
  }

  @Test
  void helpExitsZero() {
    assertThat(run("--help")).isZero();
    assertThat(out()).contains("pull").contains("doctor").contains("version");
    assertThat(run("pull", "--help")).isZero();
    assertThat(out()).contains("--connections").contains("--no-cache");
  }

  @Test
  void printsTheVersion() {
    assertThat(run("version")).isZero();
    assertThat(out()).startsWith("mldata 0.4.0");
  }

  @Test
  void malformedUriIsAUsageError() {
    assertThat(run("pull", "hf://just-a-name")).isEqualTo(64);
    assertThat(err()).contains("hf://owner/name");
  }

  @Test
  void badFlagValuesAreUsageErrors() {
    assertThat(run("pull", "x", "--connections", "0")).isEqualTo(64);
    assertThat(run("pull", "x", "--jobs", "nope")).isEqualTo(64);
  }

  @Test
  void badConfigurationExitsWith3() {
    env.put("MLDATA_JOBS", "many");
    assertThat(run("pull", tmp.toString())).isEqualTo(3);
    assertThat(err()).contains("jobs");
  }

  @Test
  void pullsALocalFolderAndGlob() throws Exception {
    Path src = Files.createDirectories(tmp.resolve("src/sub"));
    Files.writeString(tmp.resolve("src/a.csv"), "x,y\n1,2\n");
    Files.writeString(src.resolve("b.csv"), "x,y\n3,4\n");
    Files.writeString(src.resolve("c.txt"), "skip");
    assertThat(run("pull", tmp.resolve("src").toString(), "-o", tmp.resolve("out").toString()))
        .isZero();
    assertThat(tmp.resolve("out/sub/b.csv")).hasContent("x,y\n3,4\n");
    assertThat(out()).contains("Pulled 3 files");
    assertThat(
            run(
                "pull",
                tmp.resolve("src") + "/**.csv",
                "-o",
                tmp.resolve("glob").toString(),
                "--json"))
        .isZero();
    JsonNode json = new ObjectMapper().readTree(out());
    assertThat(json.get("files").asInt()).isEqualTo(2);
    assertThat(tmp.resolve("glob/sub/b.csv")).exists();
    assertThat(tmp.resolve("glob/sub/c.txt")).doesNotExist();
    assertThat(run("pull", tmp.resolve("src").toString(), "-o", tmp.resolve("out").toString()))
        .isZero();
    assertThat(out()).contains("3 unchanged");
  }

  @Test
  void missingLocalSourceFailsWithExit1() {
    assertThat(run("pull", tmp.resolve("nope").toString())).isEqualTo(1);
    assertThat(err()).contains("no such file or folder").contains("nope");
  }

  @Test
  void pullsAUrlWithAJsonSummary() throws Exception {
    byte[] content = new byte[100_000];
    new Random(3).nextBytes(content);
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.put("/data/train.bin", content);
      String url = server.uri("/data/train.bin").toString();
      assertThat(run("pull", url, "-o", tmp.resolve("o").toString(), "--json")).isZero();
      JsonNode json = new ObjectMapper().readTree(out());
      assertThat(json.get("fileList").get(0).get("path").asText()).isEqualTo("train.bin");
      assertThat(json.get("fileList").get(0).get("outcome").asText()).isEqualTo("downloaded");
      assertThat(Files.readAllBytes(tmp.resolve("o/train.bin"))).isEqualTo(content);
    }
  }

  @Test
  void refusesToOverwriteAUserFileWithoutForce() throws Exception {
    Files.createDirectories(tmp.resolve("mine"));
    Files.writeString(tmp.resolve("mine/train.bin"), "mine");
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.put("/train.bin", new byte[1000]);
      String url = server.uri("/train.bin").toString();
      assertThat(run("pull", url, "-o", tmp.resolve("mine").toString())).isEqualTo(1);
      assertThat(err()).contains("--force");
      assertThat(tmp.resolve("mine/train.bin")).hasContent("mine");
      assertThat(run("pull", url, "-o", tmp.resolve("mine").toString(), "--force")).isZero();
      assertThat(tmp.resolve("mine/train.bin")).hasSize(1000);
    }
  }

  @Test
  void networkFailureExitsWith5AndAuthFailureWith4() throws Exception {
    env.put("MLDATA_RETRIES", "1");
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.put("/a", new byte[10]);
      server.fail(100, 503, null);
      assertThat(run("pull", server.uri("/a").toString(), "-o", tmp.resolve("n").toString()))
          .isEqualTo(5);
      assertThat(err()).contains("HTTP 503").contains("run again");
    }
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.put("/a", new byte[10]);
      server.requireBearer("t");
      assertThat(run("pull", server.uri("/a").toString(), "-o", tmp.resolve("n").toString()))
          .isEqualTo(4);
    }
  }

  @Test
  void pullsAUrlListGivenWithAtSign() throws Exception {
    try (FakeHttpServer server = FakeHttpServer.start()) {
      server.put("/a.bin", new byte[10]);
      server.put("/b.bin", new byte[20]);
      Path list =
          Files.write(
              tmp.resolve("urls.txt"),
              java.util.List.of(server.uri("/a.bin").toString(), server.uri("/b.bin").toString()));
      assertThat(run("pull", "@" + list, "-o", tmp.resolve("l").toString())).as(err()).isZero();
      assertThat(tmp.resolve("l/b.bin")).hasSize(20);
    }
  }

  @Test
  void validatesFilesWithReportsQuarantineAndExitCode2() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("images"));
    java.awt.image.BufferedImage img =
        new java.awt.image.BufferedImage(20, 10, java.awt.image.BufferedImage.TYPE_INT_RGB);
    javax.imageio.ImageIO.write(img, "png", dir.resolve("ok.png").toFile());
    Files.write(dir.resolve("empty.png"), new byte[0]);
    Files.writeString(dir.resolve("page.jpg"), "<!DOCTYPE html><html><body>403</body></html>");
    Files.writeString(dir.resolve("readme.txt"), "x");
    assertThat(run("validate", dir.toString(), "--report", tmp.resolve("r.json").toString()))
        .isEqualTo(2);
    assertThat(out())
        .contains("Checked 4 files")
        .contains("2 corrupt")
        .contains("empty.png: empty file");
    JsonNode report = new ObjectMapper().readTree(tmp.resolve("r.json").toFile());
    assertThat(report.get("files")).hasSize(4);
    assertThat(report.get("summary").get("corrupt").asInt()).isEqualTo(2);
    assertThat(run("validate", dir.toString(), "--json")).isEqualTo(2);
    assertThat(new ObjectMapper().readTree(out()).get("files")).hasSize(4);
    assertThat(run("validate", dir.toString(), "--report", tmp.resolve("r.md").toString()))
        .isEqualTo(2);
    assertThat(tmp.resolve("r.md")).content().contains("| `page.jpg` | corrupt | html |");
    assertThat(run("validate", dir.toString(), "--report", tmp.resolve("r.html").toString()))
        .isEqualTo(2);
    assertThat(tmp.resolve("r.html"))
        .content()
        .startsWith("<!DOCTYPE html>")
        .contains("<td>empty.png</td>")
        .contains("an HTML page where jpeg data was expected");
    Path q = tmp.resolve("q");
    assertThat(run("validate", dir.toString(), "--quarantine", q.toString())).isEqualTo(2);
    assertThat(dir.resolve("empty.png")).doesNotExist();
    assertThat(run("validate", dir.toString())).isZero();
    assertThat(run("validate", "--restore", q.toString())).isZero();
    assertThat(dir.resolve("empty.png")).exists();
    assertThat(run("validate", dir.toString(), "--report", "x.pdf")).isEqualTo(64);
  }

  @Test
  void doctorChecksTheEnvironment() {
    Tools.require("git", "--version");
    assertThat(run("doctor")).isZero();
    assertThat(out()).contains("ok    java").contains("MLDATA_HOME").contains("ok    git version");
  }

  @Test
  void doctorFailsWhenTheHomeIsNotWritable() throws Exception {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    env.put("MLDATA_HOME", file.resolve("home").toString());
    assertThat(run("doctor")).isEqualTo(3);
    assertThat(out()).contains("FAIL").contains("MLDATA_HOME");
  }

  @Test
  void isAvailableAsAToolProvider() {
    ToolProvider tool = ToolProvider.findFirst("mldata").orElseThrow();
    assertThat(tool.run(new PrintStream(out), new PrintStream(err), "version")).isZero();
    assertThat(out()).contains("mldata");
  }
}
