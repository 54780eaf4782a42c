package dev.mldata.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a build made. Immutable.
 *
 * @param output the dataset folder
 * @param manifest the manifest written
 * @param steps each step with what it did and how long it took
 * @param quality the quality report, or null when no tabular check ran
 * @param failed whether findings at the {@code --fail-on} level stopped the build (exit 2)
 * @param snippet the loading snippet of {@code --framework}, or null
 */
public record BuildResult(
    Path output,
    Manifest manifest,
    List<Step> steps,
    QualityReport quality,
    boolean failed,
    String snippet) {
  public BuildResult {
    steps = List.copyOf(steps);
  }

  /**
   * One step.
   *
   * @param name pull, normalize, validate, split, export, track
   * @param outcome what it did, e.g. "1,000 rows, 6 columns" or "unchanged, skipped"
   * @param elapsed its time
   */
  public record Step(String name, String outcome, Duration elapsed) {}
}
