package dev.mldata.fetch.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mldata.core.PulledFile;
import dev.mldata.core.internal.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The content-addressed cache under {@code MLDATA_HOME/cache}: verified files stored once as {@code
 * blobs/sha256/<hex>} (hard-linked when possible), and per-source refs {@code
 * refs/<source>/<dataset>/<revision>.json} listing which blob each path of a pulled revision is. A
 * later pull of the same revision copies from here instead of downloading; every copy is checked
 * against its checksum first, so a blob changed on disk is never used.
 */
public final class BlobCache {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Path root;

  public BlobCache(Path home) {
    this.root = home.resolve("cache");
  }

  /**
   * The files of one pulled revision.
   *
   * @param source the dataset URI without revision
   * @param revision the resolved revision (commit, version)
   * @param files path, size and SHA-256 of each file
   */
  public record Ref(String source, String revision, List<Entry> files) {
    public Ref {
      files = List.copyOf(files);
    }
  }

  /**
   * One file of a {@link Ref}.
   *
   * @param path the path in the dataset
   * @param size its size
   * @param sha256 its SHA-256
   */
  public record Entry(String path, long size, String sha256) {}

  /** Where the blob with this SHA-256 is (or would be). */
  Path blob(String sha256) {
    return root.resolve("blobs/sha256").resolve(sha256);
  }

  /** Stores {@code file} as the blob {@code sha256}: a hard link when possible, else a copy. */
  void store(Path file, String sha256) throws IOException {
    Path blob = blob(sha256);
    if (Files.exists(blob)) {
      return;
    }
    Files.createDirectories(blob.getParent());
    Path tmp = blob.resolveSibling(sha256 + ".tmp" + ProcessHandle.current().pid());
    Files.deleteIfExists(tmp);
    try {
      Files.createLink(tmp, file);
    } catch (IOException | UnsupportedOperationException e) {
      Files.copy(file, tmp, StandardCopyOption.REPLACE_EXISTING);
    }
    AtomicFiles.move(tmp, blob);
  }

  /** Records the files of a pulled revision. */
  void putRef(String kind, String dataset, String revision, List<PulledFile> files)
      throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (PulledFile f : files) {
      if (f.sha256() != null) {
        entries.add(new Entry(f.path(), f.size(), f.sha256()));
      }
    }
    AtomicFiles.write(
        refPath(kind, dataset, revision),
        JSON.writeValueAsBytes(new Ref(kind + "://" + dataset, revision, entries)));
  }

  /** The recorded files of a revision, or null. */
  Ref ref(String kind, String dataset, String revision) {
    Path p = refPath(kind, dataset, revision);
    try {
      return Files.isRegularFile(p) ? JSON.readValue(p.toFile(), Ref.class) : null;
    } catch (IOException e) {
      return null;
    }
  }

  private Path refPath(String kind, String dataset, String revision) {
    return root.resolve("refs")
        .resolve(kind)
        .resolve(dataset)
        .resolve(revision.replace('/', '%') + ".json");
  }

  /** Every recorded revision. */
  public List<Ref> refs() throws IOException {
    Path refs = root.resolve("refs");
    if (!Files.isDirectory(refs)) {
      return List.of();
    }
    List<Ref> all = new ArrayList<>();
    try (Stream<Path> files = Files.walk(refs)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        try {
          all.add(JSON.readValue(p.toFile(), Ref.class));
        } catch (IOException e) {
          // a damaged ref is skipped; `cache clean` removes it
        }
      }
    }
    return all;
  }

  /** Bytes the cache takes on disk (hard-linked blobs count once). */
  public long size() throws IOException {
    if (!Files.isDirectory(root)) {
      return 0;
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  /** Number of blobs. */
  public long blobCount() throws IOException {
    Path blobs = root.resolve("blobs/sha256");
    if (!Files.isDirectory(blobs)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(blobs)) {
      return files.count();
    }
  }

  /** Deletes the whole cache; returns the bytes freed. */
  public long clean() throws IOException {
    long freed = size();
    if (Files.isDirectory(root)) {
      try (Stream<Path> all = Files.walk(root)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
    return freed;
  }

  /** The cache folder. */
  public Path root() {
    return root;
  }
}
