package dev.mldata.fetch.internal;

import dev.mldata.core.Digests;
import dev.mldata.core.Event;
import dev.mldata.core.Listener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** Turns the bytes a transfer writes into start, progress and finish events for one file. */
final class ProgressMeter {
  private final String path;
  private final Listener listener;
  private final AtomicLong transferred = new AtomicLong();
  private volatile long total = -1;
  private long startNanos;

  ProgressMeter(String path, Listener listener) {
    this.path = path;
    this.listener = listener;
  }

  void start(long knownTotal, long resumedFrom) {
    total = knownTotal;
    startNanos = System.nanoTime();
    listener.onEvent(new Event.FileStarted(path, knownTotal, resumedFrom));
  }

  void total(long size) {
    total = size;
  }

  void restart() {
    listener.onEvent(new Event.Progress(path, 0, total, rate()));
  }

  /** {@code delta} new bytes arrived; {@code position} bytes are now on disk. */
  void advance(long position, long delta) {
    transferred.addAndGet(delta);
    listener.onEvent(new Event.Progress(path, position, total, rate()));
  }

  void finish(Digests digests, Event.Outcome outcome) {
    listener.onEvent(
        new Event.FileFinished(
            path,
            digests.size(),
            digests.sha256(),
            transferred.get(),
            Duration.ofNanos(System.nanoTime() - startNanos),
            outcome));
  }

  long transferred() {
    return transferred.get();
  }

  private double rate() {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    return seconds > 0 ? transferred.get() / seconds : 0;
  }
}
