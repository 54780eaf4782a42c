package dev.mldata.core;

import java.nio.file.Path;
import java.util.List;

/**
 * Tabular quality checks of one data file (CSV, TSV, Parquet, JSON Lines, JSON): {@code
 * duplicates}, {@code labels}, {@code missing}, {@code schema}.
 *
 * @param table the data file
 * @param checks the checks to run
 * @param label the label column for {@code labels}, or null to look for {@code label}/{@code
 *     target}/{@code class}
 */
public record QualityRequest(Path table, List<String> checks, String label) {
  /** Every tabular check. */
  public static final List<String> ALL = List.of("duplicates", "labels", "missing", "schema");

  public QualityRequest {
    checks = List.copyOf(checks);
  }

  /**
   * The column named {@code label}, {@code target} or {@code class} (in that order of preference,
   * case-insensitively), or null: the label when none is given.
   */
  public static String conventionalLabel(List<String> columns) {
    for (String candidate : List.of("label", "target", "class")) {
      for (String c : columns) {
        if (c.toLowerCase(java.util.Locale.ROOT).equals(candidate)) {
          return c;
        }
      }
    }
    return null;
  }

  public static QualityRequest of(Path table) {
    return new QualityRequest(table, ALL, null);
  }

  public QualityRequest checks(List<String> names) {
    return new QualityRequest(table, names, label);
  }

  public QualityRequest label(String column) {
    return new QualityRequest(table, checks, column);
  }
}
