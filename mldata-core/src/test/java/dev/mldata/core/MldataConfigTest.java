package dev.mldata.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MldataConfigTest {
  @TempDir Path tmp;

  @Test
  void defaultsWithoutFiles() throws Exception {
    MldataConfig c = MldataConfig.load(tmp.resolve("work"), tmp.resolve("user"), Map.of());
    assertThat(c.home()).isEqualTo(tmp.resolve("user/.mldata"));
    assertThat(c.jobs()).isEqualTo(4);
    assertThat(c.sources()).isEmpty();
  }

  @Test
  void projectFileWinsOverUserFilesAndEnvironmentWinsOverAll() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Path user = Files.createDirectories(tmp.resolve("user/.config"));
    Files.writeString(work.resolve("mldata.yaml"), "jobs: 8\n");
    Files.writeString(user.resolve("mldata.yaml"), "jobs: 2\nretries: 9\n");
    Files.writeString(tmp.resolve("user/.mldata.yaml"), "retries: 1\nreadTimeout: 500ms\n");
    MldataConfig c = MldataConfig.load(work, tmp.resolve("user"), Map.of());
    assertThat(c.jobs()).isEqualTo(8);
    assertThat(c.retries()).isEqualTo(9);
    assertThat(c.readTimeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.sources()).hasSize(3);
    MldataConfig e =
        MldataConfig.load(
            work, tmp.resolve("user"), Map.of("MLDATA_JOBS", "3", "MLDATA_HOME", "~/h"));
    assertThat(e.jobs()).isEqualTo(3);
    assertThat(e.home()).isEqualTo(tmp.resolve("user/h"));
  }

  @Test
  void unknownKeyIsAConfigErrorNamingTheFile() throws Exception {
    Path work = Files.createDirectories(tmp.resolve("work"));
    Files.writeString(work.resolve("mldata.yaml"), "jbos: 8\n");
    assertThatThrownBy(() -> MldataConfig.load(work, tmp, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCode.CONFIG))
        .hasMessageContaining("mldata.yaml")
        .hasMessageContaining("jbos");
  }

  @Test
  void badValuesAreConfigErrors() {
    assertThatThrownBy(() -> MldataConfig.load(tmp, tmp, Map.of("MLDATA_JOBS", "zero")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("jobs");
    assertThatThrownBy(() -> MldataConfig.load(tmp, tmp, Map.of("MLDATA_READ_TIMEOUT", "soon")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("readTimeout");
  }

  @Test
  void parsesDurations() {
    assertThat(MldataConfig.parseDuration("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(MldataConfig.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(MldataConfig.parseDuration("1.5")).isEqualTo(Duration.ofMillis(1500));
  }
}
