package dev.mldata.core;

import java.util.Locale;

/**
 * A compression codec with an optional level, as in {@code zstd:9}. Parquet uses it inside the
 * file; CSV and JSON files get it as an outer layer ({@code .csv.zst}, {@code .jsonl.gz}).
 *
 * @param codec {@code none}, {@code zstd}, {@code gzip}, {@code snappy} or {@code lz4}
 * @param level the level, or null for the codec's default
 */
public record Compression(String codec, Integer level) {
  /** No compression (Parquet keeps its default codec). */
  public static final Compression NONE = new Compression("none", null);

  public Compression {
    codec = codec.toLowerCase(Locale.ROOT);
  }

  /** Whether files get a compression suffix. */
  public boolean isNone() {
    return codec.equals("none");
  }

  /** The suffix CSV and JSON files get, with its dot, or "" for none. */
  public String suffix() {
    return switch (codec) {
      case "zstd" -> ".zst";
      case "gzip" -> ".gz";
      case "snappy" -> ".sz";
      case "lz4" -> ".lz4";
      default -> "";
    };
  }

  /**
   * Parses {@code zstd}, {@code zstd:19}, {@code gzip:6}, {@code snappy}, {@code lz4} or {@code
   * none}.
   *
   * @throws UsageException naming the bad codec or level and the valid choices
   */
  public static Compression parse(String spec) throws UsageException {
    String s = spec.strip().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    String codec = colon < 0 ? s : s.substring(0, colon);
    Integer level = null;
    if (colon >= 0) {
      try {
        level = Integer.valueOf(s.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new UsageException("--compression " + spec + ": the level must be a whole number");
      }
    }
    int max =
        switch (codec) {
          case "zstd" -> 22;
          case "gzip" -> 9;
          case "snappy", "lz4", "none" -> 0;
          default ->
              throw new UsageException(
                  "unknown compression '"
                      + codec
                      + "': choose from zstd[:1-22], gzip[:1-9], snappy, lz4, none");
        };
    if (level != null && (level < 1 || level > max)) {
      throw new UsageException(
          "--compression "
              + spec
              + ": "
              + (max == 0 ? codec + " takes no level" : codec + " levels are 1 to " + max));
    }
    return new Compression(codec, level);
  }

  @Override
  public String toString() {
    return level == null ? codec : codec + ":" + level;
  }
}
