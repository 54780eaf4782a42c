package dev.mldata.fetch.internal;

import java.time.Duration;

/** Why one attempt of a transfer stopped; the transfer decides whether to retry or restart. */
class TransferFailure extends Exception {
  private static final long serialVersionUID = 1L;

  TransferFailure(String message, Throwable cause) {
    super(message, cause);
  }

  /** A passing failure (dropped connection, timeout, 5xx, 429): resume after a delay. */
  static final class Retry extends TransferFailure {
    private static final long serialVersionUID = 1L;
    private final transient Duration retryAfter;

    Retry(String message, Throwable cause, Duration retryAfter) {
      super(message, cause);
      this.retryAfter = retryAfter;
    }

    Duration retryAfter() {
      return retryAfter;
    }
  }

  /** The bytes on disk cannot be continued (upstream changed, ranges ignored): start over. */
  static final class Restart extends TransferFailure {
    private static final long serialVersionUID = 1L;

    Restart(String message) {
      super(message, null);
    }
  }
}
