package dev.mldata.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mldata.core.Compression;
import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.ExportFormat;
import dev.mldata.core.ExportRequest;
import dev.mldata.core.ExportResult;
import dev.mldata.core.Framework;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataException;
import dev.mldata.core.TrackRequest;
import dev.mldata.core.TrackResult;
import dev.mldata.core.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

@Parameters(
    commandDescription =
        "Write a table in several formats after reading it once, optionally with loader code")
final class ExportCommand extends Command {
  @Parameter(description = "SOURCE")
  List<String> source = new ArrayList<>();

  @Parameter(
      names = "--formats",
      description = "Comma-separated formats: parquet, csv, jsonl, json (default parquet)")
  String formats;

  @Parameter(names = "--format", description = "One format (same as --formats with one value)")
  String format;

  @Parameter(names = "--all", description = "Every format")
  boolean all;

  @Parameter(
      names = "--output",
      description =
          "Folder for the files (default: next to a data file; exports/ inside a built dataset)")
  Path output;

  @Parameter(
      names = "--compression",
      description = "zstd[:1-22], gzip[:1-9], snappy, lz4 or none (Parquet: inside the file)")
  String compression = "none";

  @Parameter(
      names = "--framework",
      description = "Also write loader code and a README: pytorch, tensorflow or jax")
  String framework;

  @Parameter(names = "--label", description = "The label column for --framework")
  String label;

  @Parameter(names = "--force", description = "Replace output files that exist")
  boolean force;

  @Parameter(names = "--json", description = "Print the result as JSON on stdout")
  boolean json;

  @Parameter(names = "--dvc", description = "Then track the output folder with DVC (mldata track)")
  boolean dvc;

  @Parameter(names = "--git-lfs", description = "Then track the output folder with Git LFS")
  boolean gitLfs;

  @Override
  int run(Console console) throws MldataException {
    if (source.size() != 1) {
      throw new UsageException("export takes exactly one SOURCE, got " + source.size());
    }
    List<ExportFormat> chosen = chosenFormats();
    ExportRequest request =
        ExportRequest.of(Path.of(source.get(0)))
            .formats(chosen)
            .into(output)
            .compression(Compression.parse(compression))
            .force(force)
            .framework(framework == null ? null : Framework.parse(framework))
            .label(label);
    Map<String, Double> shown = new ConcurrentHashMap<>();
    Mldata mldata =
        Mldata.builder()
            .config(console.config())
            .listener(
                event -> {
                  if (event instanceof Event.Step s && console.terminal() && !json) {
                    shown.put(s.name(), s.fraction());
                    progress(console, shown);
                  } else if (event instanceof Event.Log l && l.level() == Event.Level.WARN) {
                    console.warn(l.message());
                  }
                })
            .build();
    ExportResult result = mldata.export(request);
    if (console.terminal() && !json) {
      console.err().print("\r\u001b[2K");
    }
    if (json) {
      printJson(console, result);
    } else {
      summary(console, result);
    }
    if (dvc || gitLfs) {
      TrackResult tracked =
          mldata.track(
              new TrackRequest(
                  result.output(),
                  dvc,
                  gitLfs,
                  false,
                  false,
                  TrackRequest.DEFAULT_THRESHOLD,
                  false));
      if (!json) {
        TrackCommand.print(console, tracked, false);
      }
    }
    return result.failures().isEmpty() ? 0 : ExitCode.FAILED.code();
  }

  private List<ExportFormat> chosenFormats() throws UsageException {
    int given = (formats != null ? 1 : 0) + (format != null ? 1 : 0) + (all ? 1 : 0);
    if (given > 1) {
      throw new UsageException("give one of --formats, --format and --all");
    }
    if (all) {
      return List.of(ExportFormat.values());
    }
    if (format != null) {
      if (format.contains(",")) {
        throw new UsageException("--format takes one format; use --formats for several");
      }
      return ExportFormat.parseList(format);
    }
    return ExportFormat.parseList(formats == null ? "parquet" : formats);
  }

  private static void progress(Console console, Map<String, Double> steps) {
    StringBuilder line = new StringBuilder("\r\u001b[2K");
    steps.forEach(
        (name, f) ->
            line.append(name)
                .append(' ')
                .append(f < 0 ? "…" : Math.round(f * 100) + "%")
                .append("  "));
    console.err().print(line);
    console.err().flush();
  }

  private static void summary(Console console, ExportResult result) {
    console.out().println("Exported to " + result.output() + ":");
    for (ExportResult.ExportedFile f : result.files()) {
      double s = Math.max(1e-3, f.elapsed().toNanos() / 1e9);
      console
          .out()
          .printf(
              Locale.ROOT,
              "  %-28s %10s %,12d rows %8s %10s/s%n",
              result.output().relativize(f.path()),
              Console.bytes(f.size()),
              f.rows(),
              Console.seconds(s),
              Console.bytes(f.size() / s));
    }
    for (Path g : result.generated()) {
      console.out().println("  " + result.output().relativize(g));
    }
    for (String failure : result.failures()) {
      console.error(failure);
    }
    if (result.snippet() != null) {
      console.out().println();
      console.out().println("Load it (from " + result.output() + "):");
      result.snippet().lines().forEach(l -> console.out().println("  " + l));
    }
  }

  private static void printJson(Console console, ExportResult result) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("output", result.output().toString());
    List<Map<String, Object>> files = new ArrayList<>();
    for (ExportResult.ExportedFile f : result.files()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("path", f.path().toString());
      m.put("format", f.format().id());
      m.put("size", f.size());
      m.put("rows", f.rows());
      m.put("seconds", f.elapsed().toNanos() / 1e9);
      files.add(m);
    }
    root.put("files", files);
    root.put("generated", result.generated().stream().map(Path::toString).toList());
    root.put("failures", result.failures());
    root.put("snippet", result.snippet());
    try {
      console
          .out()
          .println(
              new ObjectMapper()
                  .enable(SerializationFeature.INDENT_OUTPUT)
                  .writeValueAsString(root));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
