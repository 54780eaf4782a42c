package dev.mldata.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  @TempDir Path tmp;

  @Test
  void roundTripsThroughYamlAndWritesAtomically() throws Exception {
    Manifest m =
        new Manifest(
            "0.4.0-SNAPSHOT",
            "2026-11-26T10:00:00Z",
            new Manifest.Source("hf://a/b", "0123abc", Map.of("data.csv", "sha256:aa")),
            Map.of("seed", 42, "split", "0.8,0.1,0.1"),
            List.of(new Manifest.Artifact("artifacts/data.parquet", 10, "ab", "cd")));
    Path file = tmp.resolve("manifest.yaml");
    m.write(file);
    assertThat(Manifest.read(file)).isEqualTo(m);
    String yaml = Files.readString(file);
    assertThat(yaml)
        .startsWith("mldataVersion: 0.4.0-SNAPSHOT\n")
        .contains("path: artifacts/data.parquet");
    try (var files = Files.list(tmp)) {
      assertThat(files).containsExactly(file);
    }
  }
}
