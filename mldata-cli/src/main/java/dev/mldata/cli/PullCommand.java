package dev.mldata.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mldata.core.Event;
import dev.mldata.core.Listener;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataException;
import dev.mldata.core.PullException;
import dev.mldata.core.PullRequest;
import dev.mldata.core.PullResult;
import dev.mldata.core.PulledFile;
import dev.mldata.core.UsageException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

@Parameters(
    commandDescription =
        "Download a dataset (hf://, kaggle://, openml://, http(s):// URL, @FILE listing URLs,"
            + " local file, folder or glob), resuming partial downloads and verifying every file")
final class PullCommand extends Command {
  @Parameter(description = "URI", required = true)
  List<String> uri = new ArrayList<>();

  @Parameter(
      names = {"-o", "--output"},
      description = "Output folder (default ./<name>)")
  Path output;

  @Parameter(names = "--revision", description = "Branch, tag, commit or version to pull")
  String revision;

  @Parameter(names = "--jobs", description = "Files transferred at once (default 4)")
  Integer jobs;

  @Parameter(
      names = "--connections",
      description = "Ranged connections per large file (default: 1 to 4, chosen by size)")
  Integer connections;

  @Parameter(
      names = "--no-cache",
      description = "Neither reuse nor record downloads in MLDATA_HOME")
  boolean noCache;

  @Parameter(names = "--force", description = "Overwrite existing files that mldata did not write")
  boolean force;

  @Parameter(
      names = "--include",
      description = "Hub sources: only files matching this glob (repeatable or comma-separated)")
  List<String> include = new ArrayList<>();

  @Parameter(
      names = "--exclude",
      description =
          "Hub sources: leave out files matching this glob (repeatable or comma-separated)")
  List<String> exclude = new ArrayList<>();

  @Parameter(
      names = "--parquet",
      description = "Hugging Face: take the automatic Parquet conversion (refs/convert/parquet)")
  boolean parquet;

  @Parameter(names = "--keep-archive", description = "Kaggle: keep the zip after extracting it")
  boolean keepArchive;

  @Parameter(names = "--json", description = "Print a machine-readable summary on stdout")
  boolean json;

  @Override
  int run(Console console) throws MldataException {
    for (String arg : uri) {
      if (arg.startsWith("-")) {
        throw new UsageException("unknown option '" + arg + "' for pull (see mldata pull --help)");
      }
    }
    if (uri.size() != 1) {
      throw new UsageException("pull takes exactly one URI, got " + uri.size());
    }
    if (jobs != null && jobs < 1) {
      throw new UsageException("--jobs must be at least 1, got " + jobs);
    }
    if (connections != null && (connections < 1 || connections > 16)) {
      throw new UsageException("--connections must be between 1 and 16, got " + connections);
    }
    PullRequest request = PullRequest.of(uri.get(0)).into(output).revision(revision);
    if (jobs != null) {
      request = request.jobs(jobs);
    }
    if (connections != null) {
      request = request.connections(connections);
    }
    if (noCache) {
      request = request.noCache();
    }
    if (force) {
      request = request.force();
    }
    if (!include.isEmpty()) {
      request = request.include(include.toArray(String[]::new));
    }
    if (!exclude.isEmpty()) {
      request = request.exclude(exclude.toArray(String[]::new));
    }
    if (parquet) {
      request = request.parquet();
    }
    if (keepArchive) {
      request = request.keepArchive();
    }
    Listener listener = json ? errorsOnly(console) : new ProgressRenderer(console);
    Mldata mldata = Mldata.builder().config(console.config()).listener(listener).build();
    try {
      PullResult result = mldata.pull(request);
      report(console, result);
      return 0;
    } catch (PullException e) {
      if (e.exitCode() == dev.mldata.core.ExitCode.INTERRUPTED) {
        throw new PullException(
            e.exitCode(),
            "interrupted; partial downloads are kept, run the same command again to resume",
            e,
            e.partialResult(),
            e.failures());
      }
      throw e;
    }
  }

  private static Listener errorsOnly(Console console) {
    return event -> {
      if (event instanceof Event.Log l && l.level() == Event.Level.WARN) {
        console.warn(l.message());
      }
    };
  }

  private void report(Console console, PullResult result) {
    if (json) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("source", result.source());
      summary.put("directory", result.directory().toAbsolutePath().toString());
      summary.put("files", result.files().size());
      summary.put("bytes", result.totalBytes());
      summary.put("transferredBytes", result.transferredBytes());
      summary.put("seconds", result.elapsed().toNanos() / 1e9);
      summary.put("bytesPerSecond", result.bytesPerSecond());
      List<Map<String, Object>> files = new ArrayList<>();
      for (PulledFile f : result.files()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", f.path());
        m.put("size", f.size());
        m.put("sha256", f.sha256());
        m.put("outcome", f.outcome().name().toLowerCase(Locale.ROOT));
        m.put("transferredBytes", f.transferred());
        m.put("resumedFrom", f.resumedFrom());
        files.add(m);
      }
      summary.put("fileList", files);
      try {
        console
            .out()
            .println(
                new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(summary));
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    StringBuilder extra = new StringBuilder();
    for (Event.Outcome o : Event.Outcome.values()) {
      long n = result.count(o);
      if (n > 0 && o != Event.Outcome.DOWNLOADED) {
        extra.append(", ").append(n).append(' ').append(o.name().toLowerCase(Locale.ROOT));
      }
    }
    console
        .out()
        .printf(
            Locale.ROOT,
            "Pulled %d file%s (%s) into %s in %s%s%s%n",
            result.files().size(),
            result.files().size() == 1 ? "" : "s",
            Console.bytes(result.totalBytes()),
            result.directory(),
            Console.seconds(result.elapsed().toNanos() / 1e9),
            result.transferredBytes() > 0
                ? ", " + Console.bytes(result.bytesPerSecond()) + "/s"
                : "",
            extra);
  }
}
