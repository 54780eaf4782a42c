package dev.mldata.core;

/** The process exit codes of the {@code mldata} command: part of the product contract. */
public enum ExitCode {
  /** The operation succeeded. */
  OK(0),
  /** The operation failed (missing file, checksum mismatch, I/O error…). */
  FAILED(1),
  /** The data was checked and did not pass. */
  VALIDATION_FAILED(2),
  /** A configuration file or environment variable is wrong, or a required tool is missing. */
  CONFIG(3),
  /** Credentials are missing, wrong, or do not grant access. */
  AUTH(4),
  /** The network failed and retries did not help. */
  NETWORK(5),
  /** Bad flags or arguments. */
  USAGE(64),
  /** Interrupted (Ctrl-C); partial work is kept for the next run. */
  INTERRUPTED(130);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  /** The numeric process exit code. */
  public int code() {
    return code;
  }
}
