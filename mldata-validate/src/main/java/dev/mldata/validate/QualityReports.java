package dev.mldata.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mldata.core.QualityReport;
import dev.mldata.core.QualityReport.Finding;
import dev.mldata.core.QualityReport.Severity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders a {@link QualityReport} as JSON, Markdown or a self-contained HTML page. */
public final class QualityReports {
  private QualityReports() {}

  /** The summary recorded in manifests: counts per severity and every finding's message. */
  public static Map<String, Object> summary(QualityReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rows", r.rows());
    m.put("duplicates", r.duplicates());
    m.put("errors", r.findings().stream().filter(f -> f.severity() == Severity.ERROR).count());
    m.put("warnings", r.findings().stream().filter(f -> f.severity() == Severity.WARNING).count());
    m.put("info", r.findings().stream().filter(f -> f.severity() == Severity.INFO).count());
    m.put("label", r.label());
    m.put("labelCounts", r.labelCounts());
    m.put(
        "findings",
        r.findings().stream()
            .map(f -> f.severity().name().toLowerCase(Locale.ROOT) + ": " + f.message())
            .toList());
    return m;
  }

  public static String json(QualityReport r) {
    Map<String, Object> m = new LinkedHashMap<>(summary(r));
    m.remove("findings");
    m.put("columns", r.columns());
    m.put("missing", r.missing());
    m.put(
        "findings",
        r.findings().stream()
            .map(
                f -> {
                  Map<String, Object> x = new LinkedHashMap<>();
                  x.put("check", f.check());
                  x.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
                  x.put("column", f.column());
                  x.put("message", f.message());
                  return x;
                })
            .toList());
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m)
          + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String markdown(QualityReport r) {
    StringBuilder b = new StringBuilder("# Data quality\n\n");
    b.append(String.format(Locale.ROOT, "%,d rows, %d columns", r.rows(), r.columns().size()));
    b.append(String.format(Locale.ROOT, ", %,d duplicate rows.%n%n", r.duplicates()));
    b.append("## Findings\n\n");
    if (r.findings().isEmpty()) {
      b.append("None.\n");
    }
    for (Finding f : r.findings()) {
      b.append("- **")
          .append(f.severity().name().toLowerCase(Locale.ROOT))
          .append("** (")
          .append(f.check())
          .append("): ")
          .append(f.message())
          .append('\n');
    }
    if (!r.labelCounts().isEmpty()) {
      b.append("\n## Labels (")
          .append(r.label())
          .append(")\n\n| value | rows | share |\n|---|---|---|\n");
      r.labelCounts()
          .forEach(
              (k, v) ->
                  b.append(
                      String.format(
                          Locale.ROOT, "| %s | %,d | %.1f%% |%n", k, v, 100.0 * v / r.rows())));
    }
    b.append("\n## Missing values\n\n| column | missing | share |\n|---|---|---|\n");
    r.missing()
        .forEach(
            (k, v) ->
                b.append(
                    String.format(
                        Locale.ROOT,
                        "| %s | %,d | %.1f%% |%n",
                        k,
                        v,
                        100.0 * v / Math.max(1, r.rows()))));
    return b.toString();
  }

  /** A page with no external resources: bars drawn with CSS widths. */
  public static String html(QualityReport r) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Data quality")
        .append("</title><style>body{font-family:sans-serif;margin:2em;max-width:60em}")
        .append("table{border-collapse:collapse}td,th{padding:3px 8px;text-align:left}")
        .append(".bar{display:inline-block;height:12px;background:#4a7}.miss{background:#c84}")
        .append(".error{color:#b00}.warning{color:#a60}.info{color:#555}</style></head><body>\n");
    b.append("<h1>Data quality</h1><p>")
        .append(
            String.format(
                Locale.ROOT,
                "%,d rows, %d columns, %,d duplicate rows",
                r.rows(),
                r.columns().size(),
                r.duplicates()))
        .append("</p>\n<h2>Findings</h2><ul>\n");
    for (Finding f : r.findings()) {
      String sev = f.severity().name().toLowerCase(Locale.ROOT);
      b.append("<li class=\"")
          .append(sev)
          .append("\"><b>")
          .append(sev)
          .append("</b> (")
          .append(esc(f.check()))
          .append("): ")
          .append(esc(f.message()))
          .append("</li>\n");
    }
    if (r.findings().isEmpty()) {
      b.append("<li>None.</li>\n");
    }
    b.append("</ul>\n");
    if (!r.labelCounts().isEmpty()) {
      long max = r.labelCounts().values().stream().mapToLong(Long::longValue).max().orElse(1);
      b.append("<h2>Label distribution (").append(esc(r.label())).append(")</h2><table>\n");
      bars(b, r.labelCounts(), max, r.rows(), "bar");
      b.append("</table>\n");
    }
    b.append("<h2>Missing values</h2><table>\n");
    bars(b, r.missing(), Math.max(1, r.rows()), r.rows(), "bar miss");
    b.append("</table>\n</body></html>\n");
    return b.toString();
  }

  private static void bars(
      StringBuilder b, Map<String, Long> values, long max, long rows, String css) {
    for (Map.Entry<String, Long> e : values.entrySet()) {
      int width = (int) Math.round(300.0 * e.getValue() / max);
      b.append("<tr><td>")
          .append(esc(e.getKey()))
          .append("</td><td><span class=\"")
          .append(css)
          .append("\" style=\"width:")
          .append(width)
          .append("px\"></span></td><td>")
          .append(
              String.format(
                  Locale.ROOT,
                  "%,d (%.1f%%)",
                  e.getValue(),
                  100.0 * e.getValue() / Math.max(1, rows)))
          .append("</td></tr>\n");
    }
  }

  private static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  /** Findings at or above {@code level} ({@code error}, {@code warning}; {@code never}: none). */
  public static List<Finding> failing(QualityReport r, String level) {
    if (level.equals("never")) {
      return List.of();
    }
    Severity s = level.equals("warning") ? Severity.WARNING : Severity.ERROR;
    return r.findings().stream().filter(f -> f.severity().compareTo(s) <= 0).toList();
  }
}
