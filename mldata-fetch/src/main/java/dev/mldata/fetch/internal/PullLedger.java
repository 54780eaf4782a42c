package dev.mldata.fetch.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mldata.core.internal.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What mldata remembers about URLs it pulled, under {@code MLDATA_HOME/cache/urls/}: the
 * validators, size and SHA-256 of the last download and where it was saved. It lets a later pull
 * ask the server "changed since?" and skip or copy instead of downloading, and it tells mldata
 * which existing files it wrote itself (and may replace) from files a user put there.
 */
final class PullLedger {
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final Path dir;

  PullLedger(Path home) {
    this.dir = home.resolve("cache").resolve("urls");
  }

  /**
   * One remembered download.
   *
   * @param url the URL
   * @param etag its strong ETag, or null
   * @param lastModified its Last-Modified, or null
   * @param size the size in bytes
   * @param sha256 the SHA-256
   * @param location absolute path of the saved file
   * @param mtimeMillis the saved file's modification time, to notice local edits
   */
  record Entry(
      String url,
      String etag,
      String lastModified,
      long size,
      String sha256,
      String location,
      long mtimeMillis) {

    /** Whether the file at {@link #location} still looks as mldata left it (size and mtime). */
    boolean intact() {
      Path p = Path.of(location);
      try {
        return Files.isRegularFile(p)
            && Files.size(p) == size
            && Files.getLastModifiedTime(p).toMillis() == mtimeMillis;
      } catch (IOException e) {
        return false;
      }
    }

    boolean at(Path target) {
      return Path.of(location).equals(target.toAbsolutePath().normalize());
    }
  }

  Entry get(String url) {
    Path file = fileFor(url);
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      Entry e = JSON.readValue(file.toFile(), Entry.class);
      return url.equals(e.url()) ? e : null;
    } catch (IOException e) {
      return null;
    }
  }

  void put(String url, String etag, String lastModified, Path saved, String sha256)
      throws IOException {
    Path abs = saved.toAbsolutePath().normalize();
    Entry e =
        new Entry(
            url,
            etag,
            lastModified,
            Files.size(abs),
            sha256,
            abs.toString(),
            Files.getLastModifiedTime(abs).toMillis());
    AtomicFiles.write(fileFor(url), JSON.writeValueAsBytes(e));
  }

  private Path fileFor(String url) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return dir.resolve(HexFormat.of().formatHex(d) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
