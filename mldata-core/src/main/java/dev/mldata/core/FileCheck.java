package dev.mldata.core;

import java.util.Map;

/**
 * The verdict on one file of a {@code validate --checks files} run. Immutable and thread-safe.
 *
 * @param path path relative to the validated folder, with {@code /} separators
 * @param status the verdict
 * @param format the detected format ({@code png}, {@code jpeg}, {@code wav}, {@code html}…), or
 *     null when unknown
 * @param reason one line saying what is wrong (or why it was skipped); null for valid files
 * @param offset the byte offset where the problem was found, or -1
 * @param details for valid files: dimensions ({@code width}, {@code height}) or {@code
 *     durationSeconds}, {@code sampleRate}, {@code channels}
 */
public record FileCheck(
    String path,
    Status status,
    String format,
    String reason,
    long offset,
    Map<String, Object> details) {

  /** The verdicts. */
  public enum Status {
    /** Fully readable, structure consistent. */
    VALID,
    /** Damaged, truncated, empty, or not media at all. */
    CORRUPT,
    /** A valid file of another format than its extension says. */
    MISLABELLED,
    /** Not checked: a file type mldata does not check. */
    SKIPPED
  }

  public FileCheck {
    details = details == null ? Map.of() : Map.copyOf(details);
  }

  /** Whether this file is a problem (corrupt or mislabelled). */
  public boolean isProblem() {
    return status == Status.CORRUPT || status == Status.MISLABELLED;
  }
}
