package dev.mldata.core;

/** Bad arguments: an unparseable dataset URI, a value out of range (exit code 64). */
public class UsageException extends MldataException {
  private static final long serialVersionUID = 1L;

  public UsageException(String message) {
    super(ExitCode.USAGE, message);
  }
}
