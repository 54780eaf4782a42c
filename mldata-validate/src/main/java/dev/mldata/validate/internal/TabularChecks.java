package dev.mldata.validate.internal;

import dev.mldata.core.ExitCode;
import dev.mldata.core.MldataException;
import dev.mldata.core.QualityReport;
import dev.mldata.core.QualityReport.Finding;
import dev.mldata.core.QualityReport.Severity;
import dev.mldata.core.QualityRequest;
import dev.mldata.core.UsageException;
import dev.mldata.core.spi.OperationContext;
import dev.mldata.core.spi.QualityService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Tabular quality checks in SQL on an embedded DuckDB (the rows never enter Java): exact duplicate
 * rows, label distribution and imbalance, missing values per column, and schema consistency
 * (all-null or constant columns, text columns that are numbers except for a few values).
 */
public final class TabularChecks implements QualityService {
  private static final Set<String> KNOWN = Set.of("duplicates", "labels", "missing", "schema");

  @Override
  public QualityReport check(QualityRequest request, OperationContext context)
      throws MldataException {
    for (String c : request.checks()) {
      if (!KNOWN.contains(c)) {
        throw new UsageException(
            "unknown check '" + c + "': choose from duplicates, labels, missing, schema, files");
      }
    }
    Path file = request.table().toAbsolutePath();
    if (!Files.isRegularFile(file)) {
      throw new MldataException(ExitCode.FAILED, file + ": no such data file");
    }
    Properties p = new Properties();
    p.setProperty("autoinstall_known_extensions", "false");
    p.setProperty("autoload_known_extensions", "false");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:", p)) {
      exec(c, "CREATE TEMP VIEW t AS SELECT * FROM " + reader(file));
      List<String[]> schema = new ArrayList<>();
      try (Statement s = c.createStatement();
          ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM t")) {
        while (r.next()) {
          schema.add(new String[] {r.getString(1), r.getString(2)});
        }
      }
      List<String> columns = schema.stream().map(x -> x[0]).toList();
      long rows = scalar(c, "SELECT count(*) FROM t");
      List<Finding> findings = new ArrayList<>();
      if (request.label() != null && !columns.contains(request.label())) {
        throw new UsageException(
            "--label "
                + request.label()
                + ": no such column (columns: "
                + String.join(", ", columns)
                + ")");
      }
      String label =
          request.label() != null ? request.label() : QualityRequest.conventionalLabel(columns);
      long duplicates = 0;
      if (request.checks().contains("duplicates") && !columns.isEmpty()) {
        duplicates =
            scalar(
                c,
                "SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM t GROUP BY "
                    + allColumns(columns)
                    + ")");
        if (duplicates > 0) {
          findings.add(
              new Finding(
                  "duplicates",
                  Severity.WARNING,
                  null,
                  String.format(
                      Locale.ROOT,
                      "%,d duplicate rows (%.1f%%), e.g. %s",
                      duplicates,
                      100.0 * duplicates / Math.max(1, rows),
                      duplicateExamples(c, columns))));
        }
      }
      Map<String, Long> labelCounts = new LinkedHashMap<>();
      if (request.checks().contains("labels")) {
        if (label == null) {
          findings.add(
              new Finding(
                  "labels",
                  Severity.WARNING,
                  null,
                  "no label column (none named label, target or class; pass --label COLUMN)"));
        } else {
          labels(c, label, rows, labelCounts, findings);
        }
      }
      Map<String, Long> missing = new LinkedHashMap<>();
      for (String[] col : schema) {
        String id = ident(col[0]);
        String empty = col[1].equals("VARCHAR") ? " OR trim(" + id + ") = ''" : "";
        missing.put(col[0], scalar(c, "SELECT count(*) FROM t WHERE " + id + " IS NULL" + empty));
      }
      if (request.checks().contains("missing")) {
        for (Map.Entry<String, Long> m : missing.entrySet()) {
          if (m.getValue() > 0 && m.getValue() < rows) {
            double share = 100.0 * m.getValue() / rows;
            findings.add(
                new Finding(
                    "missing",
                    share >= 50 ? Severity.WARNING : Severity.INFO,
                    m.getKey(),
                    String.format(
                        Locale.ROOT,
                        "%s: %,d missing values (%.1f%%)",
                        m.getKey(),
                        m.getValue(),
                        share)));
          }
        }
      }
      if (request.checks().contains("schema")) {
        schema(c, schema, rows, missing, findings);
      }
      findings.sort(Comparator.comparing(Finding::severity));
      return new QualityReport(rows, columns, label, labelCounts, missing, duplicates, findings);
    } catch (SQLException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      int nl = m.indexOf('\n');
      throw new MldataException(
          ExitCode.FAILED, file + ": " + (nl < 0 ? m : m.substring(0, nl)).strip());
    }
  }

  private static String duplicateExamples(Connection c, List<String> columns) throws SQLException {
    List<String> examples = new ArrayList<>();
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT *, count(*) AS __n FROM t GROUP BY "
                    + allColumns(columns)
                    + " HAVING count(*) > 1 ORDER BY __n DESC LIMIT 3")) {
      while (r.next()) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 1; i <= columns.size(); i++) {
          b.append(i == 1 ? "" : ", ").append(r.getString(i));
        }
        examples.add(b.append(") x").append(r.getLong("__n")).toString());
      }
    }
    return String.join("; ", examples);
  }

  private static void labels(
      Connection c, String label, long rows, Map<String, Long> counts, List<Finding> findings)
      throws SQLException {
    String id = ident(label);
    try (Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT CAST("
                    + id
                    + " AS VARCHAR), count(*) FROM t GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST")) {
      while (r.next()) {
        counts.put(r.getString(1) == null ? "(missing)" : r.getString(1), r.getLong(2));
      }
    }
    Long unlabelled = counts.get("(missing)");
    if (unlabelled != null) {
      findings.add(
          new Finding(
              "labels",
              Severity.ERROR,
              label,
              String.format(Locale.ROOT, "%,d rows have no label in %s", unlabelled, label)));
    }
    List<Long> values =
        counts.entrySet().stream()
            .filter(e -> !e.getKey().equals("(missing)"))
            .map(Map.Entry::getValue)
            .toList();
    if (values.size() == 1) {
      findings.add(
          new Finding(
              "labels", Severity.ERROR, label, label + " has a single class: nothing to learn"));
    } else if (values.size() > 1) {
      long max = values.get(0);
      long min = values.get(values.size() - 1);
      double ratio = (double) max / min;
      if (ratio >= 10) {
        findings.add(
            new Finding(
                "labels",
                Severity.WARNING,
                label,
                String.format(
                    Locale.ROOT,
                    "%s is imbalanced: the largest class has %.1fx the rows of the smallest",
                    label,
                    ratio)));
      }
      List<String> rare = new ArrayList<>();
      counts.forEach(
          (k, v) -> {
            if (!k.equals("(missing)") && (v < 10 || v < rows * 0.01)) {
              rare.add(k + " (" + v + ")");
            }
          });
      if (!rare.isEmpty()) {
        findings.add(
            new Finding(
                "labels",
                Severity.WARNING,
                label,
                "rare classes in "
                    + label
                    + ": "
                    + String.join(", ", rare.subList(0, Math.min(10, rare.size())))
                    + (rare.size() > 10 ? " and " + (rare.size() - 10) + " more" : "")));
      }
    }
  }

  private static void schema(
      Connection c,
      List<String[]> schema,
      long rows,
      Map<String, Long> missing,
      List<Finding> findings)
      throws SQLException {
    for (String[] col : schema) {
      String id = ident(col[0]);
      if (rows > 0 && missing.get(col[0]) == rows) {
        findings.add(
            new Finding("schema", Severity.WARNING, col[0], col[0] + " is empty in every row"));
        continue;
      }
      long distinct = scalar(c, "SELECT count(DISTINCT " + id + ") FROM t");
      if (rows > 1 && distinct == 1 && missing.get(col[0]) == 0) {
        findings.add(
            new Finding(
                "schema", Severity.WARNING, col[0], col[0] + " has the same value in every row"));
      }
      if (col[1].equals("VARCHAR")) {
        long present = rows - missing.get(col[0]);
        long numbers =
            scalar(c, "SELECT count(*) FROM t WHERE TRY_CAST(" + id + " AS DOUBLE) IS NOT NULL");
        long bad = present - numbers;
        if (present > 0 && numbers > 0 && bad > 0 && numbers >= present * 0.9) {
          List<String> e = new ArrayList<>();
          try (Statement s = c.createStatement();
              ResultSet r =
                  s.executeQuery(
                      "SELECT DISTINCT "
                          + id
                          + " FROM t WHERE trim("
                          + id
                          + ") <> '' AND TRY_CAST("
                          + id
                          + " AS DOUBLE) IS NULL ORDER BY 1 LIMIT 3")) {
            while (r.next()) {
              e.add("'" + r.getString(1) + "'");
            }
          }
          findings.add(
              new Finding(
                  "schema",
                  Severity.ERROR,
                  col[0],
                  String.format(
                      Locale.ROOT,
                      "%s mixes types: %,d numbers and %,d unparseable values (e.g. %s)",
                      col[0],
                      numbers,
                      bad,
                      String.join(", ", e))));
        }
      }
    }
  }

  private static String allColumns(List<String> columns) {
    return String.join(", ", columns.stream().map(TabularChecks::ident).toList());
  }

  static String reader(Path file) throws MldataException {
    String name =
        file.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("\\.(gz|zst)$", "");
    String path = "'" + file.toString().replace("'", "''") + "'";
    if (name.endsWith(".parquet")) {
      return "read_parquet(" + path + ")";
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return "read_json(" + path + ", format='newline_delimited')";
    }
    if (name.endsWith(".json")) {
      return "read_json(" + path + ", format='auto')";
    }
    if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
      return "read_csv(" + path + (name.endsWith(".tsv") ? ", delim='\\t'" : "") + ")";
    }
    throw new MldataException(
        ExitCode.FAILED, file + ": not a table mldata reads (csv, tsv, parquet, jsonl, json)");
  }

  private static String ident(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }
}
