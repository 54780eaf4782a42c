package dev.mldata.cli;

import dev.mldata.core.MldataException;

/** One {@code mldata} command: its fields are JCommander options. */
interface Command {
  /** Runs the command, printing through {@code console}; returns the exit code. */
  int run(Console console) throws MldataException;

  /** Whether {@code --help} was given after the command name. */
  boolean help();
}
