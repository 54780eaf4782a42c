package dev.mldata.fetch.internal;

import java.time.Duration;

/**
 * When a download runs on one connection (the default), decides whether to add ranged connections:
 * after {@code checkAfter}, if the rate is below {@code belowBytesPerSecond}, at least {@code
 * minRemaining} bytes are left and they would take longer than {@code etaAbove}. On a fast link one
 * stream is fastest (no second pass to hash); on a slow or throttled one, several streams are.
 *
 * @param checkAfter how long to watch the single stream before deciding
 * @param belowBytesPerSecond split only below this rate
 * @param minRemaining split only when this much is left
 * @param etaAbove split only when the rest would take longer than this
 * @param connections connections for the rest
 */
record AutoSplit(
    Duration checkAfter,
    double belowBytesPerSecond,
    long minRemaining,
    Duration etaAbove,
    int connections) {

  static final AutoSplit DEFAULT =
      new AutoSplit(Duration.ofSeconds(3), 100e6, 64L << 20, Duration.ofSeconds(10), 4);

  boolean worthIt(long bytes, long elapsedNanos, long remaining) {
    double rate = bytes / (elapsedNanos / 1e9);
    return remaining >= minRemaining
        && rate < belowBytesPerSecond
        && (rate <= 0 || remaining / rate > etaAbove.toMillis() / 1000.0);
  }
}
