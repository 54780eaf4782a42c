package dev.mldata.fetch.internal;

import dev.mldata.core.Checksum;
import dev.mldata.core.Digests;
import dev.mldata.core.Event;
import dev.mldata.core.Hasher;
import dev.mldata.core.Listener;
import dev.mldata.core.MldataConfig;
import dev.mldata.core.PulledFile;
import dev.mldata.core.internal.AtomicFiles;
import dev.mldata.fetch.FetchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One remote file: unchanged since mldata saved it (a conditional request answered 304), copied
 * from where mldata saved it before, or downloaded (resuming any partial data).
 */
record RemotePull(
    HttpTransport http,
    MldataConfig config,
    Listener listener,
    Cancellation cancellation,
    PullLedger ledger,
    BlobCache cache) {

  RemotePull(
      HttpTransport http,
      MldataConfig config,
      Listener listener,
      Cancellation cancellation,
      PullLedger ledger) {
    this(
        http,
        config,
        listener,
        cancellation,
        ledger,
        ledger == null ? null : new BlobCache(config.home()));
  }

  PulledFile pull(RemoteFile file, Path target, int connections, boolean overwrite)
      throws FetchException, IOException {
    String url = file.url().toString();
    PullLedger.Entry entry = ledger == null ? null : ledger.get(url);
    boolean usable = entry != null && entry.intact();
    boolean resuming = Files.exists(Transfer.sibling(target, ".part"));
    if (file.expected() != null && !resuming && Files.isRegularFile(target)) {
      Digests have = hash(target, file);
      if (have.matches(file.expected())
          && (file.expectedSize() < 0 || have.size() == file.expectedSize())) {
        listener.onEvent(
            new Event.FileFinished(
                file.path(),
                have.size(),
                have.sha256(),
                0,
                Duration.ZERO,
                Event.Outcome.UNCHANGED));
        return new PulledFile(
            file.path(), have.size(), have.sha256(), Event.Outcome.UNCHANGED, 0, 0);
      }
    }
    if (Files.exists(target) && !overwrite && !(usable && entry.at(target))) {
      throw DefaultPullService.exists(target);
    }
    if (file.expected() == null && usable && !resuming && notModified(file, entry)) {
      Event.Outcome outcome = Event.Outcome.UNCHANGED;
      if (!entry.at(target)) {
        copyVerified(Path.of(entry.location()), target, entry.sha256());
        outcome = Event.Outcome.CACHED;
      }
      listener.onEvent(
          new Event.FileFinished(
              file.path(), entry.size(), entry.sha256(), 0, Duration.ZERO, outcome));
      return new PulledFile(file.path(), entry.size(), entry.sha256(), outcome, 0, 0);
    }
    if (!resuming) {
      List<Path> candidates = new ArrayList<>(file.candidates());
      if (cache != null
          && file.expected() != null
          && file.expected().algorithm().equals(Checksum.SHA256)) {
        candidates.add(0, cache.blob(file.expected().hex()));
      }
      for (Path candidate : candidates) {
        Checksum check = file.expected();
        if (check == null && cache != null && candidate.startsWith(cache.blob("x").getParent())) {
          check = Checksum.sha256(candidate.getFileName().toString());
        }
        if (check == null) {
          continue;
        }
        PulledFile copied = copyIfIdentical(candidate, target, file, check);
        if (copied != null) {
          return copied;
        }
      }
    }
    Transfer transfer =
        new Transfer(http, config, listener, cancellation, file, target, connections);
    PulledFile pulled = transfer.run();
    if (cache != null && pulled.sha256() != null) {
      cache.store(target, pulled.sha256());
    }
    if (ledger != null) {
      PartState last = transfer.state();
      ledger.put(url, last.etag(), last.lastModified(), target, pulled.sha256());
    }
    return pulled;
  }

  private static Digests hash(Path path, RemoteFile file) throws IOException {
    Hasher hasher = Transfer.hasherFor(file.expected(), Files.size(path));
    hasher.updateFrom(path, Files.size(path));
    return hasher.digests();
  }

  /**
   * Copies {@code source} (a hub's cache entry) to {@code target} when it has exactly the expected
   * bytes; null when it does not exist or differs.
   */
  private PulledFile copyIfIdentical(Path source, Path target, RemoteFile file, Checksum check)
      throws IOException {
    if (!Files.isRegularFile(source)
        || file.expectedSize() >= 0 && Files.size(source) != file.expectedSize()) {
      return null;
    }
    long start = System.nanoTime();
    Path part = Transfer.sibling(target, ".part");
    Files.createDirectories(target.toAbsolutePath().getParent());
    Hasher hasher = Transfer.hasherFor(check, Files.size(source));
    try (InputStream in = Files.newInputStream(source);
        OutputStream out = Files.newOutputStream(part)) {
      hasher.copy(in, out, size -> {});
    }
    Digests digests = hasher.digests();
    if (!digests.matches(check)) {
      Files.deleteIfExists(part);
      return null;
    }
    AtomicFiles.move(part, target);
    listener.onEvent(
        new Event.FileFinished(
            file.path(),
            digests.size(),
            digests.sha256(),
            0,
            Duration.ofNanos(System.nanoTime() - start),
            Event.Outcome.CACHED));
    return new PulledFile(
        file.path(), digests.size(), digests.sha256(), Event.Outcome.CACHED, 0, 0);
  }

  /** Asks the server whether the remembered download is still current. */
  private boolean notModified(RemoteFile file, PullLedger.Entry entry) {
    if (entry.etag() == null && entry.lastModified() == null) {
      return false;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept-Encoding", "identity");
    if (entry.etag() != null) {
      headers.put("If-None-Match", entry.etag());
    } else {
      headers.put("If-Modified-Since", entry.lastModified());
    }
    try (HttpTransport.Response response = http.get(file.url(), file.headers(), headers)) {
      boolean unchanged = response.status() == 304;
      if (!unchanged) {
        response.abort();
      }
      return unchanged;
    } catch (IOException e) {
      return false;
    }
  }

  /** Copies a file mldata saved before, checking it still has the recorded SHA-256. */
  private static void copyVerified(Path source, Path target, String sha256) throws IOException {
    Path part = Transfer.sibling(target, ".part");
    Files.createDirectories(target.toAbsolutePath().getParent());
    Hasher hasher = Hasher.of("sha256");
    try (InputStream in = Files.newInputStream(source);
        OutputStream out = Files.newOutputStream(part)) {
      hasher.copy(in, out, size -> {});
    }
    Digests digests = hasher.digests();
    if (sha256 != null ? !sha256.equals(digests.sha256()) : digests.size() != Files.size(source)) {
      Files.deleteIfExists(part);
      throw new IOException(source + " changed since mldata saved it; run with --no-cache");
    }
    AtomicFiles.move(part, target);
  }
}
