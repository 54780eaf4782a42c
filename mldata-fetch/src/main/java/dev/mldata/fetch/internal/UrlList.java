package dev.mldata.fetch.internal;

import dev.mldata.core.Checksum;
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
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
      RemoteFile file = remote(parts[0], parts.length > 1 ? parts[1].strip() : null, where);
      String path = file.path();
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
      files.add(file);
    }
    if (files.isEmpty()) {
      throw listError(list + ": no URLs in the list");
    }
    return files;
  }

  /**
   * A URL to download as {@code path} (default: its file name). A fragment {@code #sha256=HEX},
   * {@code #md5=HEX} or {@code #sha1=HEX} gives the checksum the file must have; it is not sent to
   * the server.
   */
  static RemoteFile remote(String text, String path, String where) throws FetchException {
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw listError(where + ": not a URL: " + text);
    }
    if (url.getHost() == null || !url.getScheme().matches("(?i)https?")) {
      throw listError(where + ": not an http(s) URL: " + text);
    }
    Checksum expected = null;
    String fragment = url.getRawFragment();
    if (fragment != null) {
      Matcher m = CHECKSUM.matcher(fragment);
      if (!m.matches()) {
        throw listError(
            where
                + ": unknown fragment '#"
                + fragment
                + "'; use #sha256=HEX, #md5=HEX or #sha1=HEX");
      }
      expected = new Checksum(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
      url = URI.create(text.substring(0, text.indexOf('#')));
    }
    String name = path != null ? path : DefaultPullService.fileName(url);
    return new RemoteFile(name, url, -1, expected, Map.of());
  }

  private static final Pattern CHECKSUM = Pattern.compile("(?i)(sha256|md5|sha1)=([0-9a-fA-F]+)");

  private static FetchException listError(String message) {
    return new FetchException(ExitCode.USAGE, message);
  }
}
