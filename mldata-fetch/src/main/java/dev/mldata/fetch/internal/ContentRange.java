package dev.mldata.fetch.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code Content-Range: bytes START-END/TOTAL} (or {@code bytes *}{@code /TOTAL} in a
 * 416), with -1 for parts that are absent or {@code *}.
 */
record ContentRange(long start, long end, long total) {
  private static final Pattern RANGE =
      Pattern.compile("bytes\\s+(?:(\\d+)-(\\d+)|\\*)/(\\d+|\\*)", Pattern.CASE_INSENSITIVE);

  static ContentRange parse(String header) {
    if (header == null) {
      return null;
    }
    Matcher m = RANGE.matcher(header.trim());
    if (!m.matches()) {
      return null;
    }
    return new ContentRange(
        m.group(1) == null ? -1 : Long.parseLong(m.group(1)),
        m.group(2) == null ? -1 : Long.parseLong(m.group(2)),
        m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3)));
  }
}
