package dev.mldata.fetch.internal;

import dev.mldata.core.ExitCode;
import dev.mldata.fetch.FetchException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a URL list ({@code mldata pull @urls.txt}): one {@code URL [PATH]} per line, where PATH is
 * where to save it relative to the output folder (default: the URL's file name). Blank lines and
 * lines starting with {@code #} are skipped.
 */
final class UrlList {
  private UrlList() {}

  static List<RemoteFile> read(Path list) throws FetchException {
    List<String> lines;
    try {
      lines = Files.readAllLines(list, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new FetchException.NotFoundException(
          "cannot read URL list " + list + ": " + e.getMessage());
    }
    List<RemoteFile> files = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] parts = line.split("\\s+", 2);
      String where = list + ":" + (i + 1);
      URI url;
      try {
        url = new URI(parts[0]);
      } catch (URISyntaxException e) {
        throw listError(where + ": not a URL: " + parts[0]);
      }
      if (url.getHost() == null || !url.getScheme().matches("(?i)https?")) {
        throw listError(where + ": not an http(s) URL: " + parts[0]);
      }
      String path = parts.length > 1 ? parts[1].strip() : DefaultPullService.fileName(url);
      Integer earlier = seen.put(path, i + 1);
      if (earlier != null) {
        throw listError(
            where
                + ": saves to '"
                + path
                + "' like line "
                + earlier
                + "; add a distinct path after the URL");
      }
      files.add(RemoteFile.of(path, url));
    }
    if (files.isEmpty()) {
      throw listError(list + ": no URLs in the list");
    }
    return files;
  }

  private static FetchException listError(String message) {
    return new FetchException(ExitCode.USAGE, message);
  }
}
