package dev.mldata.fetch.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mldata.core.ExitCode;
import dev.mldata.core.MldataConfig;
import dev.mldata.fetch.FetchException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * Calls a hub's JSON API: retries connection failures, 408, 429 and 5xx with backoff (honouring
 * Retry-After), and hands every other answer back for the source to interpret.
 */
final class ApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 64 << 20;

  private final HttpTransport http;
  private final MldataConfig config;
  private final RetryPolicy retry;

  ApiClient(HttpTransport http, MldataConfig config) {
    this.http = http;
    this.config = config;
    this.retry = new RetryPolicy(config.retryBackoff());
  }

  /**
   * An API answer.
   *
   * @param status the status
   * @param headers headers by lower-case name
   * @param body the body
   * @param url the URL that answered
   */
  record Answer(int status, Map<String, String> headers, byte[] body, URI url) {
    JsonNode json() throws FetchException {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new FetchException(
            ExitCode.FAILED,
            "unexpected answer from "
                + Transfer.redact(url.toString())
                + ": not JSON ("
                + e.getMessage()
                + ")");
      }
    }

    String header(String name) {
      return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    boolean ok() {
      return status / 100 == 2;
    }
  }

  /** GETs {@code url}, retrying passing failures; {@code credentials} stay on its host. */
  Answer get(URI url, Map<String, String> credentials) throws FetchException {
    int failures = 0;
    while (true) {
      String problem;
      Duration retryAfter = null;
      try (HttpTransport.Response r =
          http.get(url, credentials, Map.of("Accept", "application/json"))) {
        int status = r.status();
        if (status != 408 && status != 429 && status < 500) {
          byte[] body;
          try (InputStream in = r.body()) {
            body = in.readNBytes(MAX_BODY);
          }
          return new Answer(status, r.headers(), body, r.finalUrl());
        }
        problem = "HTTP " + status;
        retryAfter = RetryPolicy.parseRetryAfter(r.header("Retry-After"));
      } catch (IOException e) {
        problem = Transfer.describe(e, -1);
      }
      if (++failures > config.retries()) {
        throw new FetchException.NetworkException(
            Transfer.redact(url.toString())
                + ": "
                + problem
                + "; gave up after "
                + failures
                + " attempts",
            null);
      }
      Duration delay = retryAfter != null ? retryAfter : retry.backoff(failures);
      try {
        Thread.sleep(Math.min(delay.toMillis(), RetryPolicy.MAX_RETRY_AFTER.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FetchException.InterruptedException("interrupted while calling " + url.getHost());
      }
    }
  }
}
