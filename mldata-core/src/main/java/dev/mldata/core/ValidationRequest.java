package dev.mldata.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What to validate and how. Immutable and thread-safe; the {@code with}-style methods return
 * copies.
 *
 * <pre>{@code
 * ValidationRequest.of(Path.of("images")).checks("files").sample(10).timeout(Duration.ofSeconds(5))
 * }</pre>
 *
 * @param path the file or folder to validate
 * @param checks which checks to run ({@code files} for image/audio integrity)
 * @param samplePercent the share of files to check, 0 < p <= 100 (a seeded, deterministic sample)
 * @param seed the sample's seed
 * @param timeout the time one file may take before it counts as corrupt
 * @param jobs files checked at once, or 0 for one per core
 * @param quarantine where to move corrupt files (keeping their relative paths), or null
 */
public record ValidationRequest(
    Path path,
    Set<String> checks,
    double samplePercent,
    long seed,
    Duration timeout,
    int jobs,
    Path quarantine) {

  public ValidationRequest {
    Objects.requireNonNull(path, "path");
    checks = Set.copyOf(checks);
  }

  /** All files of {@code path}, the {@code files} check, 5 s per file. */
  public static ValidationRequest of(Path path) {
    return new ValidationRequest(path, Set.of("files"), 100, 0, Duration.ofSeconds(5), 0, null);
  }

  public ValidationRequest checks(String... names) {
    return new ValidationRequest(
        path, Set.of(names), samplePercent, seed, timeout, jobs, quarantine);
  }

  public ValidationRequest sample(double percent) {
    return new ValidationRequest(path, checks, percent, seed, timeout, jobs, quarantine);
  }

  public ValidationRequest seed(long s) {
    return new ValidationRequest(path, checks, samplePercent, s, timeout, jobs, quarantine);
  }

  public ValidationRequest timeout(Duration t) {
    return new ValidationRequest(path, checks, samplePercent, seed, t, jobs, quarantine);
  }

  public ValidationRequest jobs(int n) {
    return new ValidationRequest(path, checks, samplePercent, seed, timeout, n, quarantine);
  }

  public ValidationRequest quarantine(Path dir) {
    return new ValidationRequest(path, checks, samplePercent, seed, timeout, jobs, dir);
  }
}
