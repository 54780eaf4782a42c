package dev.mldata.core;

/** A configuration file or environment variable is invalid (exit code 3). */
public class ConfigException extends MldataException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(ExitCode.CONFIG, message);
  }

  public ConfigException(String message, Throwable cause) {
    super(ExitCode.CONFIG, message, cause);
  }
}
