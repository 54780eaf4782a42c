package dev.mldata.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a validation. Only problem files are kept here (every checked file is reported as
 * an {@link Event.Checked} event while the run goes on), so a run over 100,000 files does not hold
 * 100,000 results. Immutable and thread-safe.
 *
 * @param root the validated file or folder
 * @param counts files per status
 * @param problems the corrupt and mislabelled files, sorted by path
 * @param elapsed wall-clock time
 */
public record ValidationReport(
    Path root, Map<FileCheck.Status, Long> counts, List<FileCheck> problems, Duration elapsed) {
  public ValidationReport {
    counts = Map.copyOf(counts);
    problems = List.copyOf(problems);
  }

  /** Number of files checked (all statuses). */
  public long total() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Files with this status. */
  public long count(FileCheck.Status status) {
    return counts.getOrDefault(status, 0L);
  }

  /** Whether any file is corrupt (the command line then exits with 2). */
  public boolean hasCorrupt() {
    return count(FileCheck.Status.CORRUPT) > 0;
  }
}
