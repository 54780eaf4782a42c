package dev.mldata.core;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The table formats {@code mldata export} writes. */
public enum ExportFormat {
  PARQUET("parquet"),
  CSV("csv"),
  JSONL("jsonl"),
  JSON("json");

  private final String extension;

  ExportFormat(String extension) {
    this.extension = extension;
  }

  /** The file extension, without the dot and without a compression suffix. */
  public String extension() {
    return extension;
  }

  /** The format's name as given on the command line. */
  public String id() {
    return extension;
  }

  /** Every format's name, comma-separated, for messages. */
  public static String choices() {
    return Arrays.stream(values()).map(ExportFormat::id).collect(Collectors.joining(", "));
  }

  /**
   * Parses a comma-separated list such as {@code parquet,csv}; order kept, duplicates dropped.
   *
   * @throws UsageException naming the unknown format and the valid ones
   */
  public static List<ExportFormat> parseList(String list) throws UsageException {
    Set<ExportFormat> formats = new LinkedHashSet<>();
    for (String part : list.split(",", -1)) {
      String name = part.strip().toLowerCase(Locale.ROOT);
      ExportFormat match = null;
      for (ExportFormat f : values()) {
        if (f.id().equals(name) || (f == JSONL && name.equals("ndjson"))) {
          match = f;
        }
      }
      if (match == null) {
        throw new UsageException(
            "unknown export format '" + part.strip() + "': choose from " + choices());
      }
      formats.add(match);
    }
    return new ArrayList<>(formats);
  }
}
