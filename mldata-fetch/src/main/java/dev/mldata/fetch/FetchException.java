package dev.mldata.fetch;

import dev.mldata.core.ExitCode;
import dev.mldata.core.MldataException;

/**
 * A file could not be fetched. The message names the file or URL and what to do; the subclasses
 * tell the kind of failure, and {@link #exitCode()} maps it to the command line's exit code.
 */
public class FetchException extends MldataException {
  private static final long serialVersionUID = 1L;

  public FetchException(ExitCode exitCode, String message) {
    super(exitCode, message);
  }

  public FetchException(ExitCode exitCode, String message, Throwable cause) {
    super(exitCode, message, cause);
  }

  /** The server refused the credentials, or none were given (exit code 4). */
  public static class AuthenticationException extends FetchException {
    private static final long serialVersionUID = 1L;

    public AuthenticationException(String message) {
      super(ExitCode.AUTH, message);
    }
  }

  /** The network failed and the retry budget is spent (exit code 5). */
  public static class NetworkException extends FetchException {
    private static final long serialVersionUID = 1L;

    public NetworkException(String message, Throwable cause) {
      super(ExitCode.NETWORK, message, cause);
    }
  }

  /** The dataset, revision or file does not exist (exit code 1). */
  public static class NotFoundException extends FetchException {
    private static final long serialVersionUID = 1L;

    public NotFoundException(String message) {
      super(ExitCode.FAILED, message);
    }
  }

  /** The bytes did not match the expected size or checksum, even after a fresh download. */
  public static class ChecksumMismatchException extends FetchException {
    private static final long serialVersionUID = 1L;

    public ChecksumMismatchException(String message) {
      super(ExitCode.FAILED, message);
    }
  }

  /** The transfer was interrupted (Ctrl-C); partial data is kept (exit code 130). */
  public static class InterruptedException extends FetchException {
    private static final long serialVersionUID = 1L;

    public InterruptedException(String message) {
      super(ExitCode.INTERRUPTED, message);
    }
  }
}
