package dev.mldata.core.internal;

import dev.mldata.core.Event;
import dev.mldata.core.Listener;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Delivers events to a user's {@link Listener} one at a time (never concurrently), drops {@link
 * Event.Progress} events that come sooner than the interval after the last one delivered for the
 * same file, and swallows the listener's exceptions. Start, finish and log events always pass.
 */
public final class EventDispatcher implements Listener {
  /** About ten progress events a second per file. */
  public static final long DEFAULT_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Listener delegate;
  private final LongSupplier nanoClock;
  private final long intervalNanos;
  private final Map<String, Long> lastProgress = new HashMap<>();

  public EventDispatcher(Listener delegate, LongSupplier nanoClock, long intervalNanos) {
    this.delegate = delegate;
    this.nanoClock = nanoClock;
    this.intervalNanos = intervalNanos;
  }

  /** A dispatcher on the system clock with the default interval. */
  public static EventDispatcher of(Listener delegate) {
    return delegate instanceof EventDispatcher d
        ? d
        : new EventDispatcher(delegate, System::nanoTime, DEFAULT_INTERVAL_NANOS);
  }

  @Override
  public synchronized void onEvent(Event event) {
    if (event instanceof Event.Progress p) {
      long now = nanoClock.getAsLong();
      Long last = lastProgress.get(p.path());
      if (last != null && now - last < intervalNanos) {
        return;
      }
      lastProgress.put(p.path(), now);
    } else if (event instanceof Event.Step step && !step.done()) {
      long now = nanoClock.getAsLong();
      Long last = lastProgress.get("step:" + step.name());
      if (last != null && now - last < intervalNanos) {
        return;
      }
      lastProgress.put("step:" + step.name(), now);
    } else if (event instanceof Event.FileFinished f) {
      lastProgress.remove(f.path());
    }
    try {
      delegate.onEvent(event);
    } catch (RuntimeException e) {
      // A broken listener must not break a download.
    }
  }
}
