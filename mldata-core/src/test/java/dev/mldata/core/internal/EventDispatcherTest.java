package dev.mldata.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mldata.core.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EventDispatcherTest {
  @Test
  void throttlesProgressPerFileButNeverStartFinishOrLogs() {
    AtomicLong clock = new AtomicLong();
    List<Event> seen = new ArrayList<>();
    EventDispatcher d = new EventDispatcher(seen::add, clock::get, 100);
    d.onEvent(new Event.FileStarted("a", 10, 0));
    d.onEvent(new Event.Progress("a", 1, 10, 0));
    d.onEvent(new Event.Progress("a", 2, 10, 0));
    d.onEvent(new Event.Progress("b", 1, 10, 0));
    clock.set(100);
    d.onEvent(new Event.Progress("a", 3, 10, 0));
    d.onEvent(new Event.Log(Event.Level.WARN, "w"));
    d.onEvent(new Event.FileFinished("a", 10, "x", 10, Duration.ZERO, Event.Outcome.DOWNLOADED));
    assertThat(seen)
        .extracting(
            e ->
                e instanceof Event.Progress p ? p.path() + p.bytes() : e.getClass().getSimpleName())
        .containsExactly("FileStarted", "a1", "b1", "a3", "Log", "FileFinished");
  }

  @Test
  void aThrowingListenerDoesNotBreakTheOperation() {
    EventDispatcher d =
        EventDispatcher.of(
            e -> {
              throw new IllegalStateException("boom");
            });
    d.onEvent(new Event.Log(Event.Level.INFO, "x"));
    assertThat(d).isNotNull();
  }
}
