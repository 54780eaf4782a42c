package dev.mldata.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a pull produced. Immutable and thread-safe.
 *
 * @param source the dataset URI that was pulled
 * @param directory the output folder
 * @param files every file now in place, sorted by path
 * @param elapsed wall-clock time of the pull
 * @param revision what the source resolved to: a Hugging Face commit, a Kaggle or OpenML version;
 *     null for URLs and local files
 */
public record PullResult(
    String source, Path directory, List<PulledFile> files, Duration elapsed, String revision) {
  public PullResult {
    files = List.copyOf(files);
  }

  /** A result without a resolved revision. */
  public PullResult(String source, Path directory, List<PulledFile> files, Duration elapsed) {
    this(source, directory, files, elapsed, null);
  }

  /** This result with the revision the source resolved to. */
  public PullResult withRevision(String resolved) {
    return new PullResult(source, directory, files, elapsed, resolved);
  }

  /** Total size of the files. */
  public long totalBytes() {
    return files.stream().mapToLong(PulledFile::size).sum();
  }

  /** Bytes transferred in this run. */
  public long transferredBytes() {
    return files.stream().mapToLong(PulledFile::transferred).sum();
  }

  /** Number of files with the given outcome. */
  public long count(Event.Outcome outcome) {
    return files.stream().filter(f -> f.outcome() == outcome).count();
  }

  /** Transfer rate of this run in bytes per second. */
  public double bytesPerSecond() {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? transferredBytes() / seconds : 0;
  }
}
