package dev.mldata.core;

import java.util.List;
import java.util.Map;

/**
 * Findings of the tabular checks. Immutable.
 *
 * @param rows rows checked
 * @param columns column names in order
 * @param label the label column used, or null
 * @param labelCounts rows per label value (most frequent first), empty without a label
 * @param missing null (or empty text) values per column
 * @param duplicates rows that repeat an earlier row exactly
 * @param findings every finding, most severe first
 */
public record QualityReport(
    long rows,
    List<String> columns,
    String label,
    Map<String, Long> labelCounts,
    Map<String, Long> missing,
    long duplicates,
    List<Finding> findings) {
  public QualityReport {
    columns = List.copyOf(columns);
    labelCounts = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labelCounts));
    missing = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(missing));
    findings = List.copyOf(findings);
  }

  /** How bad a finding is. */
  public enum Severity {
    ERROR,
    WARNING,
    INFO
  }

  /**
   * One finding.
   *
   * @param check the check that made it
   * @param severity how bad it is
   * @param column the column concerned, or null
   * @param message one line for people
   */
  public record Finding(String check, Severity severity, String column, String message) {}

  /** Findings at or above a severity. */
  public long count(Severity atLeast) {
    return findings.stream().filter(f -> f.severity().compareTo(atLeast) <= 0).count();
  }
}
