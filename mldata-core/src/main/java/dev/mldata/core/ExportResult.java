package dev.mldata.core;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What an export wrote. Immutable.
 *
 * @param output the output folder
 * @param files every file written, in order
 * @param failures one line per format that failed (the others were still written)
 * @param generated loader code and README written for {@code --framework}, if any
 * @param snippet a short loading example for the chosen framework, or null
 */
public record ExportResult(
    Path output,
    List<ExportedFile> files,
    List<String> failures,
    List<Path> generated,
    String snippet) {
  public ExportResult {
    files = List.copyOf(files);
    failures = List.copyOf(failures);
    generated = List.copyOf(generated);
  }

  /**
   * One written file.
   *
   * @param path the file
   * @param format its format
   * @param size its size in bytes
   * @param rows rows written
   * @param elapsed time spent writing it
   */
  public record ExportedFile(
      Path path, ExportFormat format, long size, long rows, Duration elapsed) {}
}
