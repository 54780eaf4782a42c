package dev.mldata.core;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Receives the {@link Event}s of an operation.
 *
 * <p>Threading: calls may come from any thread of the operation, but they are never concurrent:
 * mldata delivers events one at a time, so an implementation need not be thread-safe. It must
 * return quickly; it runs on the transfer threads. Progress events are throttled to about ten per
 * second per file; start, finish and log events are never dropped.
 */
@FunctionalInterface
public interface Listener {
  /** Handles one event. Exceptions thrown here are ignored. */
  void onEvent(Event event);

  /** A listener that ignores everything. */
  static Listener none() {
    return event -> {};
  }

  /**
   * A simple listener that prints one plain line per start, finish and log event (no progress
   * bars), for notebooks and JShell.
   */
  static Listener printingTo(PrintStream out) {
    return event -> {
      if (event instanceof Event.FileStarted s) {
        out.println(
            s.resumedFrom() > 0
                ? String.format(
                    Locale.ROOT, "%s: resuming from %.0f%%", s.path(), s.resumedPercent())
                : s.path() + ": started");
      } else if (event instanceof Event.FileFinished f) {
        out.println(f.path() + ": " + f.outcome().name().toLowerCase(Locale.ROOT));
      } else if (event instanceof Event.Log l) {
        out.println(l.level() + " " + l.message());
      }
    };
  }
}
