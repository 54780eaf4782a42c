package dev.mldata.cli;

import dev.mldata.core.Event;
import dev.mldata.core.Listener;
import java.time.Duration;
import java.util.Locale;

/**
 * Renders transfer events. On a terminal, one live line ({@code \r}-rewritten) with the file, a
 * bar, percent, speed and ETA; elsewhere plain lines: one per start and finish, and a progress line
 * at most every five seconds per file. Calls arrive one at a time (see {@link Listener}).
 */
final class ProgressRenderer implements Listener {
  private static final long PLAIN_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

  private final Console console;
  private final java.util.Map<String, Long> lastPlain = new java.util.HashMap<>();
  private boolean lineOpen;

  ProgressRenderer(Console console) {
    this.console = console;
  }

  @Override
  public void onEvent(Event event) {
    if (event instanceof Event.FileStarted s) {
      if (s.resumedFrom() > 0) {
        line(
            String.format(
                Locale.ROOT,
                "Resuming %s from %.0f%% (%s already on disk)",
                s.path(),
                s.resumedPercent(),
                Console.bytes(s.resumedFrom())));
      } else if (!console.terminal()) {
        line(
            "Fetching " + s.path() + (s.total() >= 0 ? " (" + Console.bytes(s.total()) + ")" : ""));
      }
    } else if (event instanceof Event.Progress p) {
      progress(p);
    } else if (event instanceof Event.FileFinished f) {
      lastPlain.remove(f.path());
      double secs = f.elapsed().toNanos() / 1e9;
      String speed =
          f.transferred() > 0 && secs > 0
              ? ", " + Console.bytes(f.transferred() / secs) + "/s"
              : "";
      line(
          String.format(
              Locale.ROOT,
              "%-10s %s %s in %s%s",
              f.outcome().name().toLowerCase(Locale.ROOT),
              f.path(),
              Console.bytes(f.size()),
              Console.seconds(secs),
              speed));
    } else if (event instanceof Event.Log l) {
      clear();
      switch (l.level()) {
        case ERROR -> console.error(l.message());
        case WARN -> console.warn(l.message());
        case INFO -> console.info(l.message());
        default -> {}
      }
    }
  }

  private void progress(Event.Progress p) {
    String pct =
        p.total() > 0 ? String.format(Locale.ROOT, "%5.1f%%", 100.0 * p.bytes() / p.total()) : "";
    Duration eta = p.eta();
    String text =
        String.format(
            Locale.ROOT,
            "%s %s %s/%s %s/s ETA %s",
            p.path(),
            pct,
            Console.bytes(p.bytes()),
            p.total() >= 0 ? Console.bytes(p.total()) : "?",
            Console.bytes(p.bytesPerSecond()),
            eta == null ? "?" : Console.seconds(eta.toMillis() / 1000.0));
    if (console.terminal()) {
      String bar = p.total() > 0 ? bar((double) p.bytes() / p.total()) + " " : "";
      console.err().print("\r\u001b[2K" + bar + text);
      console.err().flush();
      lineOpen = true;
    } else {
      long now = System.nanoTime();
      Long last = lastPlain.get(p.path());
      if (last == null) {
        lastPlain.put(p.path(), now);
      } else if (now - last >= PLAIN_INTERVAL_NANOS) {
        lastPlain.put(p.path(), now);
        console.err().println(text);
      }
    }
  }

  private static String bar(double share) {
    int width = 24;
    int full = (int) Math.round(Math.max(0, Math.min(1, share)) * width);
    return "[" + "#".repeat(full) + "-".repeat(width - full) + "]";
  }

  private void line(String text) {
    clear();
    console.err().println(text);
  }

  private void clear() {
    if (lineOpen) {
      console.err().print("\r\u001b[2K");
      lineOpen = false;
    }
  }
}
