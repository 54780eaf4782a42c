package dev.mldata.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.mldata.core.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The provenance record of a dataset folder, stored as {@code manifest.yaml}: which mldata made it,
 * from which source and revision, with which parameters, and the size and checksums of every
 * artifact. It never holds secrets. Immutable and thread-safe.
 *
 * @param mldataVersion version of mldata that wrote it
 * @param created ISO-8601 instant of creation
 * @param source where the data came from
 * @param parameters every parameter of the operation, by name
 * @param artifacts every file the operation produced
 * @param table the data: row and column counts, schema, split sizes and label counts (builds)
 * @param quality the quality summary (builds)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "mldataVersion",
  "created",
  "source",
  "parameters",
  "table",
  "quality",
  "artifacts"
})
public record Manifest(
    String mldataVersion,
    String created,
    Source source,
    Map<String, Object> parameters,
    List<Artifact> artifacts,
    Map<String, Object> table,
    Map<String, Object> quality) {

  private static final ObjectMapper YAML =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  public Manifest {
    parameters = parameters == null ? Map.of() : copy(parameters);
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    table = table == null ? null : copy(table);
    quality = quality == null ? null : copy(quality);
  }

  /** A manifest without table and quality sections. */
  public Manifest(
      String mldataVersion,
      String created,
      Source source,
      Map<String, Object> parameters,
      List<Artifact> artifacts) {
    this(mldataVersion, created, source, parameters, artifacts, null, null);
  }

  /** This manifest with other artifacts. */
  public Manifest withArtifacts(List<Artifact> list) {
    return new Manifest(mldataVersion, created, source, parameters, list, table, quality);
  }

  private static Map<String, Object> copy(Map<String, Object> m) {
    // Keeps the order (YAML output is read by people) and allows null values.
    return java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(m));
  }

  /**
   * Re-hashes every artifact under {@code dir} against this manifest. Returns one line per problem:
   * {@code changed PATH}, {@code missing PATH}, or {@code extra PATH} (a file under {@code
   * artifacts/}, {@code splits/} or {@code exports/} that the manifest does not list); empty when
   * everything matches.
   */
  public List<String> verify(Path dir) throws IOException {
    List<String> problems = new java.util.ArrayList<>();
    java.util.Set<String> listed = new java.util.HashSet<>();
    for (Artifact a : artifacts) {
      listed.add(a.path());
      Path f = dir.resolve(a.path());
      if (!java.nio.file.Files.isRegularFile(f)) {
        problems.add("missing " + a.path());
        continue;
      }
      Digests d = Hasher.hash(f, "sha256");
      if (d.size() != a.size() || !d.sha256().equals(a.sha256())) {
        problems.add("changed " + a.path());
      }
    }
    for (String folder : List.of("artifacts", "splits", "exports", "reports")) {
      Path sub = dir.resolve(folder);
      if (!java.nio.file.Files.isDirectory(sub)) {
        continue;
      }
      try (var files = java.nio.file.Files.walk(sub)) {
        for (Path f : files.filter(java.nio.file.Files::isRegularFile).sorted().toList()) {
          String rel = dir.relativize(f).toString().replace('\\', '/');
          if (!listed.contains(rel)) {
            problems.add("extra " + rel);
          }
        }
      }
    }
    return problems;
  }

  /**
   * The source of a dataset.
   *
   * @param uri the dataset URI as given
   * @param revision the resolved revision, commit or version, if any
   * @param checksums upstream checksums by file, as {@code algorithm:hex}
   */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  public record Source(String uri, String revision, Map<String, String> checksums) {
    public Source {
      checksums = checksums == null ? Map.of() : Map.copyOf(checksums);
    }
  }

  /**
   * One produced file.
   *
   * @param path path relative to the dataset folder, with {@code /} separators
   * @param size size in bytes
   * @param sha256 SHA-256 of the content
   * @param md5 MD5 of the content
   */
  @JsonPropertyOrder({"path", "size", "sha256", "md5"})
  public record Artifact(String path, long size, String sha256, String md5) {}

  /** Reads a manifest. */
  public static Manifest read(Path file) throws IOException {
    return YAML.readValue(file.toFile(), Manifest.class);
  }

  /** Writes this manifest to {@code file} atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, out -> YAML.writeValue(out, this));
  }

  /** This manifest as YAML text. */
  public String toYaml() throws IOException {
    return YAML.writeValueAsString(this);
  }
}
