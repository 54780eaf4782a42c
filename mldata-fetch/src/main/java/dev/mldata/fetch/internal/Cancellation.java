package dev.mldata.fetch.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stops every transfer of a pull at once: open responses are aborted, so threads blocked in a
 * socket read wake up, and each transfer then sees {@link #isCancelled()} and stops, keeping what
 * it has written.
 */
final class Cancellation {
  private final Set<HttpTransport.Response> open = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;

  void cancel() {
    cancelled = true;
    open.forEach(HttpTransport.Response::abort);
  }

  boolean isCancelled() {
    return cancelled || Thread.currentThread().isInterrupted();
  }

  /** Registers an open response until it is closed; aborts it at once if already cancelled. */
  HttpTransport.Response track(HttpTransport.Response response) {
    open.add(response);
    if (cancelled) {
      response.abort();
    }
    return response;
  }

  void untrack(HttpTransport.Response response) {
    open.remove(response);
  }
}
