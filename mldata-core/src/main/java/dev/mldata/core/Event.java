package dev.mldata.core;

import java.time.Duration;

/**
 * What an operation reports while it runs. Every event is an immutable, thread-safe record. For one
 * file the order is always {@link FileStarted}, any number of {@link Progress}, then {@link
 * FileFinished} (or a {@link Log} of level {@code ERROR} naming the file when it failed). Events of
 * different files interleave.
 */
public sealed interface Event
    permits Event.FileStarted,
        Event.Progress,
        Event.FileFinished,
        Event.Log,
        Event.Checked,
        Event.Step {

  /** Severity of a {@link Log} event. */
  enum Level {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  /**
   * A file transfer starts.
   *
   * @param path the file's path relative to the output folder
   * @param total expected size in bytes, or -1 when unknown
   * @param resumedFrom bytes already on disk from an earlier attempt (0 for a fresh start)
   */
  record FileStarted(String path, long total, long resumedFrom) implements Event {
    /** Share of the file already on disk, in percent, or 0 when the total is unknown. */
    public double resumedPercent() {
      return total > 0 ? 100.0 * resumedFrom / total : 0;
    }
  }

  /**
   * Bytes arrived. Sent at most about ten times a second per file (see {@link Listener}).
   *
   * @param path the file's path relative to the output folder
   * @param bytes bytes on disk so far, including resumed ones
   * @param total expected size, or -1 when unknown
   * @param bytesPerSecond transfer rate of this run, averaged since the file started
   */
  record Progress(String path, long bytes, long total, double bytesPerSecond) implements Event {
    /** Estimated time left, or {@code null} when the total or the rate is unknown. */
    public Duration eta() {
      if (total < 0 || bytesPerSecond <= 0) {
        return null;
      }
      return Duration.ofMillis((long) ((total - bytes) * 1000 / bytesPerSecond));
    }
  }

  /**
   * A file is complete and verified in its final place.
   *
   * @param path the file's path relative to the output folder
   * @param size its size in bytes
   * @param sha256 its SHA-256
   * @param transferred bytes that crossed the network or were copied in this run
   * @param elapsed time spent on this file in this run
   * @param outcome how the file was obtained
   */
  record FileFinished(
      String path, long size, String sha256, long transferred, Duration elapsed, Outcome outcome)
      implements Event {}

  /** How a file came to be in place. */
  enum Outcome {
    /** Downloaded or copied from the start. */
    DOWNLOADED,
    /** Continued from bytes an earlier run left on disk. */
    RESUMED,
    /** Already present and verified; nothing transferred. */
    UNCHANGED,
    /** Taken from the local cache. */
    CACHED,
    /** Hard-linked from a local source on the same file system. */
    LINKED,
    /** Only listed with its size and checksum ({@code info}); nothing was transferred. */
    LISTED
  }

  /**
   * A file was validated (every file of a run gets one, in completion order).
   *
   * @param result the verdict
   */
  record Checked(FileCheck result) implements Event {}

  /**
   * A message for the user.
   *
   * @param level severity
   * @param message one line
   */
  record Log(Level level, String message) implements Event {}

  /**
   * A step of a longer job moved on: one output of an export, one stage of a build. Steps that are
   * not done are throttled like {@link Progress}.
   *
   * @param name what is being made, e.g. {@code data.parquet}
   * @param fraction share done, 0 to 1, or -1 when unknown
   * @param done whether the step finished
   */
  record Step(String name, double fraction, boolean done) implements Event {}
}
