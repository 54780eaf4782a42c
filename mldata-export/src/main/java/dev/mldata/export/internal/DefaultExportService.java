package dev.mldata.export.internal;

import dev.mldata.core.Digests;
import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.ExportFormat;
import dev.mldata.core.ExportRequest;
import dev.mldata.core.ExportResult;
import dev.mldata.core.ExportResult.ExportedFile;
import dev.mldata.core.Framework;
import dev.mldata.core.Hasher;
import dev.mldata.core.Manifest;
import dev.mldata.core.MldataException;
import dev.mldata.core.UsageException;
import dev.mldata.core.spi.ExportService;
import dev.mldata.core.spi.OperationContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

/**
 * Exports each source table once-parsed into every requested format: checks everything that can be
 * checked before any work (formats, outputs that exist, free space), then writes each format to a
 * temporary file renamed into place. A format that fails is reported; the others go on.
 */
public final class DefaultExportService implements ExportService {
  private static final List<String> DATA_SUFFIXES =
      List.of(
          ".csv",
          ".tsv",
          ".parquet",
          ".jsonl",
          ".ndjson",
          ".json",
          ".arff",
          ".csv.gz",
          ".csv.zst",
          ".tsv.gz",
          ".jsonl.gz",
          ".jsonl.zst",
          ".json.gz",
          ".arff.gz");

  private final ToLongFunction<Path> freeSpace;

  public DefaultExportService() {
    this(
        dir -> {
          try {
            return Files.getFileStore(dir).getUsableSpace();
          } catch (IOException e) {
            return Long.MAX_VALUE; // unknown: let the writes tell
          }
        });
  }

  DefaultExportService(ToLongFunction<Path> freeSpace) {
    this.freeSpace = freeSpace;
  }

  /** One source table and where its formats go. */
  private record Job(Path input, String stem, Map<ExportFormat, Path> targets) {}

  @Override
  public ExportResult export(ExportRequest request, OperationContext context)
      throws MldataException {
    if (request.formats().isEmpty()) {
      throw new UsageException("no export format given: choose from " + ExportFormat.choices());
    }
    Path source = request.source().toAbsolutePath().normalize();
    if (!Files.exists(source)) {
      throw new MldataException(ExitCode.FAILED, source + ": no such file or folder");
    }
    boolean built =
        Files.isDirectory(source)
            && Files.isRegularFile(source.resolve("manifest.yaml"))
            && Files.isDirectory(source.resolve("splits"));
    Path output = output(request, source, built);
    List<Path> inputs = inputs(source, built);
    List<Job> jobs = plan(inputs, output, request);
    checkSpace(inputs, output, request);

    List<ExportedFile> written = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Path temp = output.resolve(".mldata-tmp-" + UUID.randomUUID());
    LoaderGenerator.Table described = null;
    Map<String, TableEngine.Table> tables = new LinkedHashMap<>();
    List<Path> arrays = new ArrayList<>();
    try {
      Files.createDirectories(output);
      try (TableEngine engine =
          new DuckDbEngine(
              temp,
              DuckDbEngine.defaultMemoryLimit(),
              Runtime.getRuntime().availableProcessors())) {
        for (Job job : jobs) {
          TableEngine.Table table;
          try {
            table = engine.read(job.input(), job.targets().size() > 1);
          } catch (IOException e) {
            failures.add(e.getMessage());
            context.listener().onEvent(new Event.Log(Event.Level.ERROR, e.getMessage()));
            continue;
          }

          if (request.framework() != null && described == null) {
            described =
                LoaderGenerator.describe(engine, table, job.stem(), request.label(), source);
          }
          for (Map.Entry<ExportFormat, Path> target : job.targets().entrySet()) {
            Outcome o =
                writeOne(engine, table, target.getKey(), target.getValue(), request, context);
            if (o.file() == null) {
              failures.add(o.failure());
            } else {
              written.add(o.file());
            }
          }
          if (request.framework() != null) {
            described.addSplit(job.stem());
            LoaderGenerator.collectClasses(engine, table, described);
            tables.put(job.stem(), table);
          }
        }
        if (request.framework() == Framework.JAX && described != null) {
          for (Map.Entry<String, TableEngine.Table> split : tables.entrySet()) {
            Path npz = output.resolve(split.getKey() + ".npz");
            try {
              NpzWriter.write(engine, split.getValue(), described, npz, request.force());
              arrays.add(npz);
            } catch (IOException e) {
              failures.add(npz.getFileName() + ": " + oneLine(e));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, oneLine(e));
    }
    List<Path> generated = new ArrayList<>(arrays);
    String snippet = null;
    if (request.framework() != null && described != null) {
      try {
        LoaderGenerator.Output g =
            LoaderGenerator.write(described, request.framework(), output, written, request.force());
        generated.addAll(g.files());
        snippet = g.snippet();
      } catch (IOException e) {
        failures.add("loader code: " + oneLine(e));
      }
    }
    if (built) {
      recordInManifest(source, written, generated);
    }
    return new ExportResult(output, written, failures, generated, snippet);
  }

  /** A written file, or why it could not be written. */
  private record Outcome(ExportedFile file, String failure) {}

  private static Outcome writeOne(
      TableEngine engine,
      TableEngine.Table table,
      ExportFormat format,
      Path target,
      ExportRequest request,
      OperationContext context) {
    String name = target.getFileName().toString();
    Path partial = target.resolveSibling("." + name + ".mldata-partial");
    long start = System.nanoTime();
    context.listener().onEvent(new Event.Step(name, 0, false));
    try {
      Files.deleteIfExists(partial);
      long rows =
          engine.write(
              table,
              partial,
              format,
              request.compression(),
              f -> context.listener().onEvent(new Event.Step(name, f, false)));
      if (request.force()) {
        Files.move(
            partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else if (Files.exists(target)) {
        throw new FileAlreadyExistsException(
            target + " appeared during the export; pass --force to replace it");
      } else {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      }
      context.listener().onEvent(new Event.Step(name, 1, true));
      return new Outcome(
          new ExportedFile(
              target,
              format,
              Files.size(target),
              rows,
              Duration.ofNanos(System.nanoTime() - start)),
          null);
    } catch (IOException | RuntimeException e) {
      String failure = name + ": " + oneLine(e);
      context.listener().onEvent(new Event.Log(Event.Level.ERROR, failure));
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // nothing more to do
      }
      return new Outcome(null, failure);
    }
  }

  private static Path output(ExportRequest request, Path source, boolean built) {
    if (request.output() != null) {
      return request.output().toAbsolutePath().normalize();
    }
    if (built) {
      return source.resolve("exports");
    }
    return Files.isDirectory(source) ? source : source.getParent();
  }

  private static List<Path> inputs(Path source, boolean built) throws MldataException {
    if (!Files.isDirectory(source)) {
      if (!isData(source)) {
        throw new MldataException(
            ExitCode.FAILED,
            source + ": not a data file mldata reads (csv, tsv, parquet, jsonl, json, arff)");
      }
      return List.of(source);
    }
    Path dir = built ? source.resolve("splits") : source;
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> inputs =
          files.filter(Files::isRegularFile).filter(DefaultExportService::isData).sorted().toList();
      if (inputs.isEmpty()) {
        throw new MldataException(
            ExitCode.FAILED,
            dir + ": no data files (csv, tsv, parquet, jsonl, json, arff) to export");
      }
      return inputs;
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, oneLine(e));
    }
  }

  static boolean isData(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return !name.startsWith(".") && DATA_SUFFIXES.stream().anyMatch(name::endsWith);
  }

  static String stem(Path p) {
    String name = p.getFileName().toString();
    String lower = name.toLowerCase(Locale.ROOT);
    for (String suffix :
        DATA_SUFFIXES.stream().sorted((a, b) -> b.length() - a.length()).toList()) {
      if (lower.endsWith(suffix)) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return name;
  }

  private static List<Job> plan(List<Path> inputs, Path output, ExportRequest request)
      throws MldataException {
    List<Job> jobs = new ArrayList<>();
    Map<Path, Path> claimed = new HashMap<>();
    for (Path input : inputs) {
      String stem = stem(input);
      Map<ExportFormat, Path> targets = new LinkedHashMap<>();
      for (ExportFormat f : request.formats()) {
        String ext =
            "." + f.extension() + (f == ExportFormat.PARQUET ? "" : request.compression().suffix());
        Path target = output.resolve(stem + ext);
        if (target.equals(input)) {
          throw new MldataException(
              ExitCode.FAILED,
              target + " is the source itself: export to another folder with --output DIR");
        }
        Path other = claimed.put(target, input);
        if (other != null) {
          throw new MldataException(
              ExitCode.FAILED,
              other.getFileName()
                  + " and "
                  + input.getFileName()
                  + " would both be written to "
                  + target.getFileName()
                  + ": export them separately");
        }
        if (Files.exists(target) && !request.force()) {
          throw new MldataException(
              ExitCode.FAILED, target + " already exists: pass --force to replace it");
        }
        targets.put(f, target);
      }
      jobs.add(new Job(input, stem, targets));
    }
    return jobs;
  }

  /** Rough output size per input byte, by format, before compression. */
  private static double factor(ExportFormat f) {
    return switch (f) {
      case PARQUET -> 0.6;
      case CSV -> 1.1;
      case JSONL, JSON -> 2.5;
    };
  }

  private void checkSpace(List<Path> inputs, Path output, ExportRequest request)
      throws MldataException {
    long in = 0;
    for (Path p : inputs) {
      try {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean packed = name.endsWith(".parquet") || name.endsWith(".gz") || name.endsWith(".zst");
        in += Files.size(p) * (packed ? 4 : 1);
      } catch (IOException e) {
        throw new MldataException(ExitCode.FAILED, oneLine(e));
      }
    }
    double total = 0;
    for (ExportFormat f : request.formats()) {
      double compressed = request.compression().isNone() || f == ExportFormat.PARQUET ? 1 : 0.35;
      total += in * factor(f) * compressed;
    }
    long needed = (long) total;
    Path existing = output;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    long free = existing == null ? Long.MAX_VALUE : freeSpace.applyAsLong(existing);
    if (needed > free) {
      throw new MldataException(
          ExitCode.FAILED,
          "not enough free space in "
              + output
              + ": the export needs about "
              + human(needed)
              + ", "
              + human(free)
              + " free; free some space or export fewer formats");
    }
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String units = "KMGTPE";
    int u = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
    return String.format(Locale.ROOT, "%.1f %siB", bytes / Math.pow(1024, u), units.charAt(u - 1));
  }

  private static void recordInManifest(
      Path dataset, List<ExportedFile> written, List<Path> generated) throws MldataException {
    Path file = dataset.resolve("manifest.yaml");
    try {
      Manifest m = Manifest.read(file);
      Map<String, Manifest.Artifact> artifacts = new LinkedHashMap<>();
      m.artifacts().forEach(a -> artifacts.put(a.path(), a));
      List<Path> all = new ArrayList<>();
      written.forEach(w -> all.add(w.path()));
      all.addAll(generated);
      for (Path p : all) {
        Digests d = Hasher.hash(p, "sha256", "md5");
        String rel = dataset.relativize(p).toString().replace('\\', '/');
        artifacts.put(rel, new Manifest.Artifact(rel, Files.size(p), d.sha256(), d.md5()));
      }
      m.withArtifacts(new ArrayList<>(artifacts.values())).write(file);
    } catch (IOException | UncheckedIOException e) {
      throw new MldataException(
          ExitCode.FAILED, file + ": could not record the exported files: " + oneLine(e));
    }
  }

  /** Deletes a folder and everything in it, as far as possible (temporary folders). */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException ignored) {
                  // best effort
                }
              });
    } catch (IOException ignored) {
      // best effort
    }
  }

  static String oneLine(Throwable e) {
    if (e instanceof NoSuchFileException n) {
      return n.getFile() + ": no such file";
    }
    String m = e.getMessage() == null ? e.toString() : e.getMessage();
    int nl = m.indexOf('\n');
    return (nl < 0 ? m : m.substring(0, nl)).strip();
  }
}
