package dev.mldata.core;

/**
 * Base of every checked exception mldata throws: an operation could not run to the end. The message
 * is one actionable line (what failed, where, what to do); {@link #exitCode()} tells the command
 * line which documented exit code to use.
 */
public class MldataException extends Exception {
  private static final long serialVersionUID = 1L;

  private final ExitCode exitCode;

  public MldataException(ExitCode exitCode, String message) {
    this(exitCode, message, null);
  }

  public MldataException(ExitCode exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  /** The exit code the command line reports for this failure. */
  public ExitCode exitCode() {
    return exitCode;
  }
}
