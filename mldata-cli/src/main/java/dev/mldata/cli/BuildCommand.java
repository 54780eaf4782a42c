package dev.mldata.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import dev.mldata.core.BuildRequest;
import dev.mldata.core.BuildResult;
import dev.mldata.core.Compression;
import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.ExportFormat;
import dev.mldata.core.Framework;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataException;
import dev.mldata.core.SplitRequest;
import dev.mldata.core.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

@Parameters(
    commandDescription =
        "Build a dataset folder: pull, normalize, check, split, export, manifest (and track)")
final class BuildCommand extends Command {
  @Parameter(description = "SOURCE")
  List<String> source = new ArrayList<>();

  @Parameter(names = "--output", description = "The dataset folder", required = true)
  Path output;

  @Parameter(names = "--format", description = "One format (default parquet)")
  String format;

  @Parameter(names = "--formats", description = "Several formats: parquet,csv,jsonl,json")
  String formats;

  @Parameter(names = "--compression", description = "zstd[:level], gzip[:level], snappy, lz4")
  String compression = "none";

  @Parameter(names = "--split", description = "Train[,val],test ratios summing to 1")
  String split = "0.8,0.1,0.1";

  @Parameter(names = "--no-split", description = "Do not split")
  boolean noSplit;

  @Parameter(names = "--seed", description = "Seed of the split")
  long seed = 42;

  @Parameter(names = "--stratify", description = "Keep this column's shares in every split")
  String stratify;

  @Parameter(names = "--label", description = "The label column (default: label/target/class)")
  String label;

  @Parameter(
      names = "--checks",
      description = "all, none, or duplicates,labels,missing,schema,files")
  String checks = "all";

  @Parameter(names = "--fail-on", description = "error, warning or never: what stops the build")
  String failOn = "error";

  @Parameter(names = "--framework", description = "Loader code: pytorch, tensorflow or jax")
  String framework;

  @Parameter(names = "--dvc", description = "Track the folder with DVC afterwards")
  boolean dvc;

  @Parameter(names = "--git-lfs", description = "Track the folder with Git LFS afterwards")
  boolean gitLfs;

  @Parameter(
      names = "--incremental",
      description = "Skip the build when inputs and parameters are unchanged")
  boolean incremental;

  @Parameter(names = "--keep-raw", description = "Keep the pulled files under raw/")
  boolean keepRaw;

  @Parameter(names = "--threads", description = "Table engine threads (default: one per core)")
  int threads;

  @Parameter(names = "--json", description = "Print the manifest path and steps as JSON")
  boolean json;

  @Override
  int run(Console console) throws MldataException {
    if (source.size() != 1) {
      throw new UsageException("build takes exactly one SOURCE, got " + source.size());
    }
    BuildRequest request = request(source.get(0), output);
    Mldata mldata = mldata(console, json);
    BuildResult r = mldata.build(request);
    print(console, r, json);
    return r.failed() ? ExitCode.VALIDATION_FAILED.code() : 0;
  }

  BuildRequest request(String src, Path out) throws UsageException {
    if (format != null && formats != null) {
      throw new UsageException("give --format or --formats, not both");
    }
    List<String> checkList =
        checks.equals("all")
            ? List.of("duplicates", "labels", "missing", "schema")
            : checks.equals("none") ? List.of() : Arrays.asList(checks.split(","));
    return BuildRequest.builder(src, out)
        .formats(
            ExportFormat.parseList(format != null ? format : formats != null ? formats : "parquet"))
        .compression(Compression.parse(compression))
        .split(noSplit ? List.of() : SplitRequest.parseRatios(split))
        .seed(seed)
        .stratify(stratify)
        .label(label)
        .checks(checkList)
        .failOn(failOn)
        .framework(framework == null ? null : Framework.parse(framework))
        .dvc(dvc)
        .gitLfs(gitLfs)
        .incremental(incremental)
        .keepRaw(keepRaw)
        .threads(threads)
        .build();
  }

  static Mldata mldata(Console console, boolean json) throws MldataException {
    return Mldata.builder()
        .config(console.config())
        .listener(
            e -> {
              if (e instanceof Event.Log l && l.level() == Event.Level.WARN) {
                console.warn(l.message());
              } else if (e instanceof Event.Step s && console.terminal() && !json) {
                String state =
                    s.done()
                        ? " done"
                        : s.fraction() < 0 ? " …" : " " + Math.round(s.fraction() * 100) + "%";
                console.err().print("\r\u001b[2K" + s.name() + state);
                console.err().flush();
              }
            })
        .build();
  }

  static void print(Console console, BuildResult r, boolean json) {
    if (console.terminal() && !json) {
      console.err().print("\r\u001b[2K");
    }
    if (json) {
      StringBuilder b =
          new StringBuilder("{\"output\":\"")
              .append(r.output())
              .append("\",\"failed\":")
              .append(r.failed())
              .append(",\"steps\":[");
      for (int i = 0; i < r.steps().size(); i++) {
        BuildResult.Step s = r.steps().get(i);
        b.append(i == 0 ? "" : ",")
            .append("{\"name\":\"")
            .append(s.name())
            .append("\",\"outcome\":\"")
            .append(s.outcome().replace("\\", "\\\\").replace("\"", "\\\""))
            .append("\",\"seconds\":")
            .append(s.elapsed().toMillis() / 1000.0)
            .append('}');
      }
      console.out().println(b.append("]}"));
      return;
    }
    for (BuildResult.Step s : r.steps()) {
      console
          .out()
          .printf(
              Locale.ROOT,
              "  %-10s %6.2f s  %s%n",
              s.name(),
              s.elapsed().toMillis() / 1000.0,
              s.outcome());
    }
    if (r.quality() != null) {
      r.quality().findings().stream()
          .limit(10)
          .forEach(f -> console.out().println(ValidateCommand.finding(console, f)));
    }
    if (r.failed()) {
      console.error(
          "build stopped by the quality checks; see " + r.output().resolve("reports/quality.md"));
    } else {
      console
          .out()
          .println(
              "Built "
                  + r.output()
                  + " (manifest.yaml, "
                  + r.manifest().artifacts().size()
                  + " artifacts)");
    }
    if (r.snippet() != null) {
      console.out().println("Load it (from " + r.output().resolve("splits") + "):");
      r.snippet().lines().forEach(l -> console.out().println("  " + l));
    }
  }
}
