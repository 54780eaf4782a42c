package dev.mldata.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.FileCheck;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataConfig;
import dev.mldata.core.MldataException;
import dev.mldata.core.UsageException;
import dev.mldata.core.ValidationReport;
import dev.mldata.core.ValidationRequest;
import dev.mldata.core.internal.AtomicFiles;
import dev.mldata.validate.Quarantine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

@Parameters(
    commandDescription =
        "Check images and audio for truncation, damage, empty files, HTML error pages and wrong"
            + " extensions")
final class ValidateCommand extends Command {
  @Parameter(description = "PATH")
  List<String> path = new ArrayList<>();

  @Parameter(
      names = "--checks",
      description = "files (images and audio), or duplicates,labels,missing,schema (a data file)")
  String checks = "files";

  @Parameter(names = "--sample", description = "Check a seeded sample of PCT percent of the files")
  double sample = 100;

  @Parameter(names = "--seed", description = "Seed of the sample")
  long seed = 0;

  @Parameter(names = "--timeout", description = "Time one file may take (e.g. 5s, 500ms)")
  String timeout = "5s";

  @Parameter(names = "--jobs", description = "Files checked at once (default: one per core)")
  int jobs = 0;

  @Parameter(
      names = "--quarantine",
      description = "Move corrupt files into DIR (undo with --restore)")
  Path quarantine;

  @Parameter(names = "--restore", description = "Move the files quarantined in DIR back and exit")
  Path restore;

  @Parameter(
      names = "--report",
      description = "Write a report: FILE.json (every file), FILE.md or FILE.html")
  Path report;

  @Parameter(names = "--json", description = "Print the JSON report on stdout")
  boolean json;

  @Override
  int run(Console console) throws MldataException {
    if (restore != null) {
      int n = Quarantine.restore(restore);
      console.out().println("Restored " + n + " file" + (n == 1 ? "" : "s") + " from " + restore);
      return 0;
    }
    if (path.size() != 1) {
      throw new UsageException("validate takes exactly one PATH, got " + path.size());
    }
    if (report != null && !report.toString().matches("(?i).*\\.(json|md|html)$")) {
      throw new UsageException("--report must end in .json, .md or .html: " + report);
    }
    List<String> tabular = new ArrayList<>();
    for (String c : checks.split(",")) {
      if (!c.equals("files")) {
        tabular.add(c.equals("all") ? "duplicates,labels,missing,schema" : c);
      }
    }
    if (!tabular.isEmpty()) {
      if (checks.contains("files")) {
        throw new UsageException(
            "run --checks files (a folder of media) and the tabular checks (a data file)"
                + " separately");
      }
      return tabular(console, String.join(",", tabular));
    }
    ValidationRequest request =
        ValidationRequest.of(Path.of(path.get(0)))
            .checks(checks.split(","))
            .sample(sample)
            .seed(seed)
            .timeout(parseTimeout())
            .jobs(jobs)
            .quarantine(quarantine);
    MldataConfig config = console.config();
    Path jsonFile =
        report != null && report.toString().toLowerCase(Locale.ROOT).endsWith(".json")
            ? report
            : null;
    try (JsonReport stream = JsonReport.open(jsonFile != null || json ? config.home() : null)) {
      Mldata mldata =
          Mldata.builder()
              .config(config)
              .listener(
                  event -> {
                    if (event instanceof Event.Checked c) {
                      stream.add(c.result());
                    } else if (event instanceof Event.Progress p && console.terminal() && !json) {
                      progress(console, p);
                    } else if (event instanceof Event.Log l && l.level() == Event.Level.WARN) {
                      console.warn(l.message());
                    }
                  })
              .build();
      ValidationReport result = mldata.validate(request);
      if (console.terminal() && !json) {
        console.err().print("\r\u001b[2K");
      }
      if (jsonFile != null) {
        stream.finish(result, jsonFile);
      }
      if (json) {
        Path tmp = Files.createTempFile("mldata-report", ".json");
        stream.finish(result, tmp);
        console.out().println(Files.readString(tmp));
        Files.deleteIfExists(tmp);
      } else {
        summary(console, result);
      }
      if (report != null && jsonFile == null) {
        AtomicFiles.write(
            report,
            (report.toString().toLowerCase(Locale.ROOT).endsWith(".html")
                    ? html(result)
                    : markdown(result))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return result.hasCorrupt() ? ExitCode.VALIDATION_FAILED.code() : 0;
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, "cannot write the report: " + e.getMessage(), e);
    }
  }

  @Parameter(names = "--label", description = "Tabular checks: the label column")
  String label;

  private int tabular(Console console, String names) throws MldataException {
    dev.mldata.core.QualityReport r =
        Mldata.builder()
            .config(console.config())
            .build()
            .quality(
                dev.mldata.core.QualityRequest.of(Path.of(path.get(0)))
                    .checks(List.of(names.split(",")))
                    .label(label));
    if (json) {
      console.out().print(dev.mldata.validate.QualityReports.json(r));
    } else {
      console.out().printf(Locale.ROOT, "%,d rows, %d columns%n", r.rows(), r.columns().size());
      r.findings().forEach(f -> console.out().println(finding(console, f)));
      if (r.findings().isEmpty()) {
        console.out().println("  no findings");
      }
    }
    if (report != null) {
      String lower = report.toString().toLowerCase(Locale.ROOT);
      String text =
          lower.endsWith(".json")
              ? dev.mldata.validate.QualityReports.json(r)
              : lower.endsWith(".html")
                  ? dev.mldata.validate.QualityReports.html(r)
                  : dev.mldata.validate.QualityReports.markdown(r);
      try {
        AtomicFiles.write(report, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new MldataException(ExitCode.FAILED, report + ": " + e.getMessage());
      }
    }
    return r.count(dev.mldata.core.QualityReport.Severity.ERROR) > 0
        ? ExitCode.VALIDATION_FAILED.code()
        : 0;
  }

  /** One finding as a line: the severity coloured (red error, yellow otherwise), the message. */
  static String finding(Console console, dev.mldata.core.QualityReport.Finding f) {
    return "  "
        + console.paint(
            f.severity() == dev.mldata.core.QualityReport.Severity.ERROR ? "31" : "33",
            f.severity().name().toLowerCase(Locale.ROOT))
        + ": "
        + f.message();
  }

  private static void progress(Console console, Event.Progress p) {
    int width = 24;
    double share = p.total() > 0 ? (double) p.bytes() / p.total() : 0;
    int full = (int) Math.round(share * width);
    console
        .err()
        .printf(
            Locale.ROOT,
            "\r\u001b[2K[%s%s] %5.1f%% %d/%d files, %.0f files/s",
            "#".repeat(full),
            "-".repeat(width - full),
            100 * share,
            p.bytes(),
            p.total(),
            p.bytesPerSecond());
    console.err().flush();
  }

  private java.time.Duration parseTimeout() throws UsageException {
    try {
      return MldataConfig.parseDuration(timeout);
    } catch (IllegalArgumentException e) {
      throw new UsageException("--timeout: " + e.getMessage());
    }
  }

  private static void summary(Console console, ValidationReport r) {
    long total = Math.max(1, r.total());
    StringBuilder line =
        new StringBuilder(
            "Checked "
                + r.total()
                + " files in "
                + Console.seconds(r.elapsed().toNanos() / 1e9)
                + ":");
    for (FileCheck.Status s : FileCheck.Status.values()) {
      long n = r.count(s);
      String text =
          String.format(
              Locale.ROOT,
              " %d %s (%.1f%%)",
              n,
              s.name().toLowerCase(Locale.ROOT),
              100.0 * n / total);
      line.append(console.paint(color(s), text));
    }
    console.out().println(line);
    List<FileCheck> problems = r.problems();
    for (int i = 0; i < Math.min(10, problems.size()); i++) {
      FileCheck f = problems.get(i);
      console
          .out()
          .println(
              "  "
                  + f.status().name().toLowerCase(Locale.ROOT)
                  + "  "
                  + f.path()
                  + ": "
                  + f.reason());
    }
    if (problems.size() > 10) {
      console.out().println("  … and " + (problems.size() - 10) + " more (see --report)");
    }
  }

  private static String color(FileCheck.Status s) {
    return switch (s) {
      case VALID -> "32";
      case SKIPPED -> "33";
      default -> "31";
    };
  }

  private static String markdown(ValidationReport r) {
    StringBuilder md = new StringBuilder("# Validation report\n\n");
    md.append("Folder: `").append(r.root()).append("`\n\n| status | files |\n|---|---|\n");
    for (FileCheck.Status s : FileCheck.Status.values()) {
      md.append("| ")
          .append(s.name().toLowerCase(Locale.ROOT))
          .append(" | ")
          .append(r.count(s))
          .append(" |\n");
    }
    md.append("\n## Problems\n\n| file | status | format | reason |\n|---|---|---|---|\n");
    for (FileCheck f : r.problems()) {
      md.append("| `")
          .append(f.path())
          .append("` | ")
          .append(f.status().name().toLowerCase(Locale.ROOT))
          .append(" | ")
          .append(f.format())
          .append(" | ")
          .append(f.reason().replace("|", "\\|"))
          .append(" |\n");
    }
    return md.toString();
  }

  private static String html(ValidationReport r) {
    StringBuilder h =
        new StringBuilder(
            "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>mldata validation report"
                + "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
                + "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}.corrupt{color:#b00}"
                + ".mislabelled{color:#a60}.bar{display:inline-block;height:12px}</style></head><body>\n");
    h.append("<h1>Validation report</h1>\n<p>")
        .append(escape(r.root().toString()))
        .append("</p>\n");
    h.append("<table><tr><th>status</th><th>files</th><th></th></tr>\n");
    long total = Math.max(1, r.total());
    for (FileCheck.Status s : FileCheck.Status.values()) {
      long n = r.count(s);
      String colour =
          switch (s) {
            case VALID -> "#2a2";
            case SKIPPED -> "#cc2";
            case MISLABELLED -> "#e80";
            default -> "#c22";
          };
      h.append("<tr><td>")
          .append(s.name().toLowerCase(Locale.ROOT))
          .append("</td><td>")
          .append(n)
          .append("</td><td><span class=\"bar\" style=\"width:")
          .append(300 * n / total)
          .append("px;background:")
          .append(colour)
          .append("\"></span></td></tr>\n");
    }
    h.append(
        "</table>\n<h2>Problems</h2>\n<table><tr><th>file</th><th>status</th><th>format</th>"
            + "<th>reason</th></tr>\n");
    for (FileCheck f : r.problems()) {
      String status = f.status().name().toLowerCase(Locale.ROOT);
      h.append("<tr class=\"")
          .append(status)
          .append("\"><td>")
          .append(escape(f.path()))
          .append("</td><td>")
          .append(status)
          .append("</td><td>")
          .append(escape(String.valueOf(f.format())))
          .append("</td><td>")
          .append(escape(f.reason()))
          .append("</td></tr>\n");
    }
    return h.append("</table>\n</body></html>\n").toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /**
   * Streams every result into a temporary JSON array as it arrives, so a run over 100,000 files
   * does not keep them in memory; {@link #finish} adds the summary and moves it into place.
   */
  static final class JsonReport implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path tmp;
    private final JsonGenerator out;

    private JsonReport(Path tmp, JsonGenerator out) {
      this.tmp = tmp;
      this.out = out;
    }

    static JsonReport open(Path home) throws IOException {
      if (home == null) {
        return new JsonReport(null, null);
      }
      Files.createDirectories(home);
      Path tmp = Files.createTempFile(home, "validate-", ".jsonl");
      JsonGenerator g = JSON.getFactory().createGenerator(tmp.toFile(), JsonEncoding.UTF8);
      return new JsonReport(tmp, g);
    }

    synchronized void add(FileCheck f) {
      if (out == null) {
        return;
      }
      try {
        JSON.writeValue(out, entry(f));
        out.writeRaw('\n');
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static java.util.Map<String, Object> entry(FileCheck f) {
      java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
      m.put("path", f.path());
      m.put("status", f.status().name().toLowerCase(Locale.ROOT));
      m.put("format", f.format());
      m.put("reason", f.reason());
      if (f.offset() >= 0) {
        m.put("offset", f.offset());
      }
      m.putAll(f.details());
      return m;
    }

    /** Writes {@code {"summary": …, "files": [every line]}} to {@code target}. */
    synchronized void finish(ValidationReport r, Path target) throws IOException {
      out.flush();
      java.util.Map<String, Object> summary = new java.util.LinkedHashMap<>();
      summary.put("path", r.root().toString());
      summary.put("files", r.total());
      for (FileCheck.Status s : FileCheck.Status.values()) {
        summary.put(s.name().toLowerCase(Locale.ROOT), r.count(s));
      }
      summary.put("seconds", r.elapsed().toNanos() / 1e9);
      AtomicFiles.write(
          target,
          w -> {
            w.write(
                ("{\"summary\":" + JSON.writeValueAsString(summary) + ",\"files\":[")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            boolean first = true;
            try (var lines = Files.lines(tmp)) {
              for (String line : (Iterable<String>) lines::iterator) {
                if (!line.isBlank()) {
                  w.write(
                      ((first ? "" : ",\n") + line)
                          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
                  first = false;
                }
              }
            }
            w.write("]}\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
          });
    }

    @Override
    public void close() throws IOException {
      if (out != null) {
        out.close();
        Files.deleteIfExists(tmp);
      }
    }
  }
}
