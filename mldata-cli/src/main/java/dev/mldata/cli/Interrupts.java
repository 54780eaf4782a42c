package dev.mldata.cli;

import dev.mldata.core.ExitCode;

/**
 * Ctrl-C handling for the command line: the first SIGINT interrupts the main thread, which stops
 * the operation cleanly (partial data kept) and exits with 130; a second one exits at once.
 */
final class Interrupts {
  private static volatile boolean requested;

  private Interrupts() {}

  static void install(Thread main) {
    try {
      sun.misc.Signal.handle(
          new sun.misc.Signal("INT"),
          signal -> {
            if (requested) {
              Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code());
            }
            requested = true;
            main.interrupt();
          });
    } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
      // No signal support: the JVM's default Ctrl-C handling applies.
    }
  }
}
