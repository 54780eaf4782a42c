package dev.mldata.fetch.internal;

import dev.mldata.core.DatasetUri;
import dev.mldata.core.Digests;
import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.Hasher;
import dev.mldata.core.Listener;
import dev.mldata.core.PulledFile;
import dev.mldata.core.internal.AtomicFiles;
import dev.mldata.fetch.FetchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Local files, folders and globs: each file is hard-linked into the output folder when both are on
 * the same file system, else copied through a {@code .part} file, and hashed either way.
 */
final class LocalSource {
  private LocalSource() {}

  /**
   * One local file to bring in.
   *
   * @param path relative path in the output folder
   * @param source absolute source path
   */
  record LocalFile(String path, Path source) {}

  /** Lists the files a local dataset URI names. */
  static List<LocalFile> list(DatasetUri uri, Path output) throws FetchException {
    String id = uri.id();
    Path outAbs = output.toAbsolutePath().normalize();
    List<LocalFile> files = new ArrayList<>();
    try {
      if (uri.isGlob()) {
        String base = DatasetUri.globBase(id);
        Path root = Path.of(base.isEmpty() ? "." : base).toAbsolutePath().normalize();
        PathMatcher matcher =
            FileSystems.getDefault().getPathMatcher("glob:" + id.substring(base.length()));
        if (Files.isDirectory(root)) {
          walk(root, outAbs, files, matcher);
        }
        if (files.isEmpty()) {
          throw new FetchException.NotFoundException("glob '" + id + "' matched no files");
        }
      } else {
        Path p = Path.of(id).toAbsolutePath().normalize();
        if (Files.isRegularFile(p)) {
          files.add(new LocalFile(p.getFileName().toString(), p));
        } else if (Files.isDirectory(p)) {
          walk(p, outAbs, files, null);
        } else {
          throw new FetchException.NotFoundException(
              "no such file or folder: " + id + "; check the path");
        }
      }
    } catch (IOException e) {
      throw new FetchException(ExitCode.FAILED, "cannot read " + id + ": " + e.getMessage(), e);
    }
    return files;
  }

  private static void walk(Path root, Path outAbs, List<LocalFile> files, PathMatcher matcher)
      throws IOException {
    try (Stream<Path> all = Files.walk(root)) {
      all.filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(outAbs))
          .sorted()
          .forEach(
              p -> {
                Path rel = root.relativize(p);
                if (matcher == null || matcher.matches(rel)) {
                  files.add(new LocalFile(rel.toString().replace('\\', '/'), p));
                }
              });
    }
  }

  /** Links or copies one file into place. {@code target} may exist only when it may be replaced. */
  static PulledFile bring(LocalFile file, Path target, Listener listener) throws FetchException {
    long start = System.nanoTime();
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      long size = Files.size(file.source());
      listener.onEvent(new Event.FileStarted(file.path(), size, 0));
      Path tmp = Transfer.sibling(target, ".part");
      Files.deleteIfExists(tmp);
      Event.Outcome outcome;
      Digests digests;
      try {
        Files.createLink(tmp, file.source());
        digests = new Digests(Files.size(tmp), java.util.Map.of());
        outcome = Event.Outcome.LINKED;
      } catch (IOException | UnsupportedOperationException e) {
        digests = copy(file, tmp, size, listener);
        outcome = Event.Outcome.DOWNLOADED;
      }
      if (digests.size() != size) {
        Files.deleteIfExists(tmp);
        throw new FetchException.ChecksumMismatchException(
            file.path()
                + ": copied "
                + digests.size()
                + " bytes of "
                + size
                + "; the source changed while it was read");
      }
      AtomicFiles.move(tmp, target);
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      long moved = outcome == Event.Outcome.LINKED ? 0 : size;
      listener.onEvent(
          new Event.FileFinished(file.path(), size, digests.sha256(), moved, elapsed, outcome));
      return new PulledFile(file.path(), size, digests.sha256(), outcome, moved, 0);
    } catch (IOException e) {
      throw new FetchException(
          ExitCode.FAILED,
          file.path() + ": cannot copy from " + file.source() + ": " + e.getMessage(),
          e);
    }
  }

  private static Digests copy(LocalFile file, Path tmp, long size, Listener listener)
      throws IOException {
    Hasher hasher = Hasher.of();
    long start = System.nanoTime();
    try (InputStream in = Files.newInputStream(file.source());
        OutputStream out = Files.newOutputStream(tmp)) {
      hasher.copy(
          in,
          out,
          copied -> {
            double seconds = (System.nanoTime() - start) / 1e9;
            listener.onEvent(
                new Event.Progress(file.path(), copied, size, seconds > 0 ? copied / seconds : 0));
          });
    }
    return hasher.digests();
  }
}
