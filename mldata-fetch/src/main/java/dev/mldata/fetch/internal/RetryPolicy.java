package dev.mldata.fetch.internal;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, and the server's Retry-After where it gives one. */
final class RetryPolicy {
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  private final Duration base;

  RetryPolicy(Duration base) {
    this.base = base;
  }

  /** Delay before attempt {@code failures + 1}: base × 2^(failures−1), jittered to 50–100%. */
  Duration backoff(int failures) {
    long max = Math.min(MAX_BACKOFF.toMillis(), base.toMillis() << Math.min(20, failures - 1));
    long jittered = max / 2 + ThreadLocalRandom.current().nextLong(max / 2 + 1);
    return Duration.ofMillis(jittered);
  }

  /** Parses a Retry-After value (seconds or an HTTP date); null when absent or unparseable. */
  static Duration parseRetryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime when =
            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }
}
