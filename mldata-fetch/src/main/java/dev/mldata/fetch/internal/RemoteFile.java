package dev.mldata.fetch.internal;

import dev.mldata.core.Checksum;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One file to download.
 *
 * @param path where it goes, relative to the output folder, with {@code /} separators
 * @param url where it comes from
 * @param expectedSize its size when known in advance, else -1
 * @param expected its checksum when known in advance, else null
 * @param headers extra request headers (such as Authorization) sent only to {@code url}'s host
 * @param authHint what to tell the user when the server refuses access (401/403), or null
 * @param candidates local files that may already hold these bytes (a hub's own cache); used only
 *     when they match {@code expected}
 */
public record RemoteFile(
    String path,
    URI url,
    long expectedSize,
    Checksum expected,
    Map<String, String> headers,
    String authHint,
    List<Path> candidates) {
  public RemoteFile {
    headers = Map.copyOf(headers);
    candidates = List.copyOf(candidates);
  }

  public RemoteFile(
      String path, URI url, long expectedSize, Checksum expected, Map<String, String> headers) {
    this(path, url, expectedSize, expected, headers, null, List.of());
  }

  /** A file with nothing known in advance. */
  public static RemoteFile of(String path, URI url) {
    return new RemoteFile(path, url, -1, null, Map.of());
  }

  @Override
  public String toString() {
    return path + " <- " + url;
  }
}
