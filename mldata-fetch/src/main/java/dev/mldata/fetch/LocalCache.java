package dev.mldata.fetch;

import dev.mldata.core.MldataConfig;
import dev.mldata.fetch.internal.BlobCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The local cache of pulled data under {@code MLDATA_HOME/cache}: verified files stored once by
 * SHA-256, the revisions they belong to, and what mldata remembers of URLs. Thread-safe for
 * reading; {@link #clean()} must not run while a pull does.
 */
public final class LocalCache {
  private final BlobCache cache;

  private LocalCache(BlobCache cache) {
    this.cache = cache;
  }

  /** The cache of {@code config}'s home folder. */
  public static LocalCache of(MldataConfig config) {
    return new LocalCache(new BlobCache(config.home()));
  }

  /**
   * One cached revision of a dataset.
   *
   * @param source the dataset URI
   * @param revision the commit or version
   * @param files number of files
   * @param bytes their total size
   */
  public record Revision(String source, String revision, int files, long bytes) {}

  /** Every cached revision, sorted by source. */
  public List<Revision> revisions() throws IOException {
    List<Revision> all = new ArrayList<>();
    for (BlobCache.Ref ref : cache.refs()) {
      all.add(
          new Revision(
              ref.source(),
              ref.revision(),
              ref.files().size(),
              ref.files().stream().mapToLong(BlobCache.Entry::size).sum()));
    }
    return all;
  }

  /** Bytes on disk. */
  public long size() throws IOException {
    return cache.size();
  }

  /** Number of stored files. */
  public long blobCount() throws IOException {
    return cache.blobCount();
  }

  /** Deletes everything; returns the bytes freed. */
  public long clean() throws IOException {
    return cache.clean();
  }

  /** The cache folder. */
  public Path root() {
    return cache.root();
  }
}
