package dev.mldata.cli;

import com.beust.jcommander.Parameter;
import dev.mldata.core.MldataException;

/** One {@code mldata} command: its fields are JCommander options. */
abstract class Command {
  @Parameter(
      names = {"-h", "--help"},
      help = true,
      description = "Show help for this command")
  boolean help;

  /** Runs the command, printing through {@code console}; returns the exit code. */
  abstract int run(Console console) throws MldataException;

  /** Whether {@code --help} was given after the command name. */
  boolean help() {
    return help;
  }
}
