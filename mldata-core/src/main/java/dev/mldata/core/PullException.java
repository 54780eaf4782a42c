package dev.mldata.core;

import java.util.List;

/**
 * A pull could not complete. {@link #partialResult()} lists the files that did arrive; partial
 * downloads of the others stay on disk and the next pull resumes them. {@link #failures()} names
 * each file that failed.
 */
public class PullException extends MldataException {
  private static final long serialVersionUID = 1L;

  private final transient PullResult partialResult;
  private final transient List<Failure> failures;

  public PullException(
      ExitCode exitCode,
      String message,
      Throwable cause,
      PullResult partialResult,
      List<Failure> failures) {
    super(exitCode, message, cause);
    this.partialResult = partialResult;
    this.failures = List.copyOf(failures);
  }

  /** Wraps another mldata failure that stopped the pull before any file was handled. */
  public static PullException of(MldataException cause) {
    return new PullException(cause.exitCode(), cause.getMessage(), cause, null, List.of());
  }

  /** The files that completed before the failure, or {@code null} when none were attempted. */
  public PullResult partialResult() {
    return partialResult;
  }

  /** Each file that failed, with its one-line reason. */
  public List<Failure> failures() {
    return failures;
  }

  /**
   * One failed file.
   *
   * @param path path relative to the output folder
   * @param message one-line reason
   * @param exitCode the exit code this failure maps to
   */
  public record Failure(String path, String message, ExitCode exitCode) {}
}
