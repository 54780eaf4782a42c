package dev.mldata.export.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mldata.core.BuildRequest;
import dev.mldata.core.BuildResult;
import dev.mldata.core.BuildResult.Step;
import dev.mldata.core.Compression;
import dev.mldata.core.Digests;
import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.ExportFormat;
import dev.mldata.core.ExportResult.ExportedFile;
import dev.mldata.core.Hasher;
import dev.mldata.core.Manifest;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataException;
import dev.mldata.core.PullRequest;
import dev.mldata.core.PullResult;
import dev.mldata.core.PulledFile;
import dev.mldata.core.QualityReport;
import dev.mldata.core.QualityRequest;
import dev.mldata.core.SplitRequest;
import dev.mldata.core.TrackRequest;
import dev.mldata.core.UsageException;
import dev.mldata.core.ValidationReport;
import dev.mldata.core.ValidationRequest;
import dev.mldata.core.spi.BuildService;
import dev.mldata.core.spi.OperationContext;
import dev.mldata.validate.QualityReports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/** {@code mldata build}: pull → normalize → validate → split → export → manifest → track. */
public final class DefaultBuildService implements BuildService {
  private static final List<String> STEPS =
      List.of("pull", "normalize", "validate", "split", "export");

  @Override
  public BuildResult build(BuildRequest request, OperationContext context) throws MldataException {
    if (request.formats().isEmpty()) {
      throw new UsageException("no format given: choose from " + ExportFormat.choices());
    }
    if (!Set.of("error", "warning", "never").contains(request.failOn())) {
      throw new UsageException(
          "--fail-on " + request.failOn() + ": choose from error, warning, never");
    }
    Path out = request.output().toAbsolutePath().normalize();
    if (Files.isDirectory(out) && !Files.exists(out.resolve("manifest.yaml")) && !isEmpty(out)) {
      throw new MldataException(
          ExitCode.FAILED,
          out + " exists and is not an mldata dataset folder: choose another --output");
    }
    Mldata mldata = Mldata.builder().config(context.config()).listener(context.listener()).build();
    List<Step> steps = new ArrayList<>();
    Path work = out.resolve(".mldata-build");
    try {
      Files.createDirectories(work);
      // ------------------------------------------------------------ pull
      long t = System.nanoTime();
      starting(context, "pull");
      String revision = null;
      Map<String, String> upstream = null; // checksums the source published, if any
      List<Path> inputs;
      Path local = localSource(request.source());
      Path base;
      if (local != null) {
        inputs = dataFiles(local);
        base = Files.isDirectory(local) ? local : local.getParent();
        steps.add(step(context, "pull", inputs.size() + " local file(s), nothing to download", t));
      } else {
        base = request.keepRaw() ? out.resolve("raw") : work.resolve("raw");
        PullResult pulled = mldata.pull(PullRequest.of(request.source()).into(base));
        inputs = dataFiles(base);
        Map<String, String> sums = new LinkedHashMap<>();
        for (PulledFile f : pulled.files()) {
          if (f.sha256() != null) {
            sums.put(f.path(), "sha256:" + f.sha256());
          }
        }
        revision = pulled.revision();
        upstream = sums;
        steps.add(
            step(
                context,
                "pull",
                pulled.files().size() + " file(s), " + human(pulled.totalBytes()),
                t));
      }
      // Every input is hashed once: for the manifest of a local source and both fingerprints.
      Map<String, String> inputSums = checksums(base, inputs);
      Manifest.Source source =
          new Manifest.Source(request.source(), revision, upstream != null ? upstream : inputSums);
      String fingerprint = fingerprint(request, inputSums);
      // What the quality checks depend on: the inputs and the check parameters only.
      String checksFingerprint =
          sha256(
              inputSums
                  + "\n"
                  + request.checks()
                  + "\n"
                  + request.label()
                  + "\n"
                  + request.failOn());
      // ------------------------------------------------------------ incremental
      Path manifestFile = out.resolve("manifest.yaml");
      Manifest old = null;
      if (request.incremental() && Files.isRegularFile(manifestFile)) {
        old = Manifest.read(manifestFile);
        if (old.table() != null
            && fingerprint.equals(old.table().get("fingerprint"))
            && old.verify(out).isEmpty()) {
          for (String s : STEPS.subList(1, STEPS.size())) {
            steps.add(step(context, s, "unchanged, skipped", System.nanoTime()));
          }
          return new BuildResult(out, old, steps, null, false, null);
        }
      }
      int threads =
          request.threads() > 0 ? request.threads() : Runtime.getRuntime().availableProcessors();
      try (DuckDbEngine engine =
          new DuckDbEngine(work.resolve("tmp"), DuckDbEngine.defaultMemoryLimit(), threads)) {
        // ---------------------------------------------------------- normalize
        t = System.nanoTime();
        starting(context, "normalize");
        Map<String, String> renamed = normalize(engine, inputs);
        TableEngine.Table data = engine.named("data", Path.of("data"));
        List<TableEngine.Column> schema = engine.schema(data);
        long rows = engine.rows(data);
        List<String> names = schema.stream().map(TableEngine.Column::name).toList();
        String label = column(request.label(), renamed, names, "--label");
        if (label == null) {
          label = LoaderGenerator.openMlTarget(base, renamed, names);
        }
        if (label == null) {
          label = QualityRequest.conventionalLabel(names);
        }
        String stratify = column(request.stratify(), renamed, names, "--stratify");
        steps.add(
            step(
                context,
                "normalize",
                String.format(
                    Locale.ROOT,
                    "%,d rows, %d columns from %d file(s)%s",
                    rows,
                    names.size(),
                    inputs.size(),
                    renamed.isEmpty() ? "" : ", " + renamed.size() + " column name(s) made safe"),
                t));
        // ---------------------------------------------------------- validate
        t = System.nanoTime();
        starting(context, "validate");
        QualityReport quality = null;
        List<String> tabular =
            request.checks().stream().filter(c -> !c.equals("files") && !c.equals("none")).toList();
        Map<String, Object> qualitySummary = new LinkedHashMap<>();
        boolean failed = false;
        List<String> failures = new ArrayList<>();
        boolean reuse =
            old != null
                && old.table() != null
                && old.quality() != null
                && checksFingerprint.equals(old.table().get("checksFingerprint"))
                && old.table().containsKey("splits")
                && reportsIntact(old, out);
        if (reuse) {
          qualitySummary.putAll(old.quality());
          steps.add(step(context, "validate", "unchanged, skipped (same inputs and checks)", t));
        } else if (!tabular.isEmpty()) {
          Path normalized = work.resolve("normalized.parquet");
          engine.write(data, normalized, ExportFormat.PARQUET, Compression.NONE, f -> {});
          quality = mldata.quality(new QualityRequest(normalized, tabular, label));
          Files.deleteIfExists(normalized);
          qualitySummary.putAll(QualityReports.summary(quality));
          Path reports = Files.createDirectories(out.resolve("reports"));
          write(reports.resolve("quality.json"), QualityReports.json(quality));
          write(reports.resolve("quality.md"), QualityReports.markdown(quality));
          write(reports.resolve("quality.html"), QualityReports.html(quality));
          QualityReports.failing(quality, request.failOn())
              .forEach(f -> failures.add(f.severity() + ": " + f.message()));
        }
        if (request.checks().contains("files")) {
          ValidationReport media = mldata.validate(ValidationRequest.of(base).checks("files"));
          qualitySummary.put("corruptFiles", media.count(dev.mldata.core.FileCheck.Status.CORRUPT));
          if (media.hasCorrupt() && !request.failOn().equals("never")) {
            failures.add(
                "ERROR: "
                    + media.count(dev.mldata.core.FileCheck.Status.CORRUPT)
                    + " corrupt media file(s)");
          }
        }
        failed = !failures.isEmpty();
        if (!reuse) {
          steps.add(
              step(
                  context,
                  "validate",
                  quality == null && !request.checks().contains("files")
                      ? "no checks"
                      : (failed
                          ? "failed (--fail-on " + request.failOn() + "): " + failures.get(0)
                          : qualitySummary.getOrDefault("errors", 0)
                              + " error(s), "
                              + qualitySummary.getOrDefault("warnings", 0)
                              + " warning(s)"),
                  t));
        }
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("rows", rows);
        table.put("columns", names.size());
        List<Map<String, String>> schemaList = new ArrayList<>();
        for (TableEngine.Column c : schema) {
          Map<String, String> col = new LinkedHashMap<>();
          col.put("name", c.name());
          col.put("type", c.type());
          schemaList.add(col);
        }
        table.put("schema", schemaList);
        if (!renamed.isEmpty()) {
          table.put("renamed", renamed);
        }
        table.put("label", label);
        table.put("fingerprint", fingerprint);
        table.put("checksFingerprint", checksFingerprint);
        String snippet = null;
        if (!failed) {
          // -------------------------------------------------------- split
          t = System.nanoTime();
          starting(context, "split");
          Map<String, Long> sizes = Map.of();
          if (!request.split().isEmpty()) {
            sizes = Splitter.assign(engine, request.split(), request.seed(), stratify);
            Map<String, Object> splits = new LinkedHashMap<>();
            Map<String, Map<String, Long>> labels =
                label == null ? Map.of() : Splitter.counts(engine, label);
            for (Map.Entry<String, Long> s : sizes.entrySet()) {
              Map<String, Object> info = new LinkedHashMap<>();
              info.put("rows", s.getValue());
              if (label != null) {
                info.put("labels", labels.getOrDefault(s.getKey(), Map.of()));
              }
              splits.put(s.getKey(), info);
            }
            table.put("splits", splits);
          }
          steps.add(
              step(
                  context,
                  "split",
                  sizes.isEmpty()
                      ? "no split"
                      : sizes.toString().replaceAll("[{}]", "")
                          + (stratify == null ? "" : ", stratified by " + stratify),
                  t));
          // -------------------------------------------------------- export
          t = System.nanoTime();
          starting(context, "export");
          List<ExportedFile> written = new ArrayList<>();
          removePreviousOutputs(manifestFile, out);
          Path artifacts = Files.createDirectories(out.resolve("artifacts"));
          for (ExportFormat f : request.formats()) {
            String step = "export " + dir(out, artifacts) + "data." + f.extension();
            written.add(
                write(
                    engine,
                    data,
                    artifacts,
                    "data",
                    f,
                    request.compression(),
                    x -> context.listener().onEvent(new Event.Step(step, x, false))));
          }
          LoaderGenerator.Table described = null;
          if (!sizes.isEmpty()) {
            Path splitDir = Files.createDirectories(out.resolve("splits"));
            if (request.framework() != null) {
              described = LoaderGenerator.describe(engine, data, "data", label, base);
            }
            for (String name : sizes.keySet()) {
              TableEngine.Table part = Splitter.split(engine, name);
              for (ExportFormat f : request.formats()) {
                String step = "export splits/" + name + "." + f.extension();
                written.add(
                    write(
                        engine,
                        part,
                        splitDir,
                        name,
                        f,
                        request.compression(),
                        x -> context.listener().onEvent(new Event.Step(step, x, false))));
              }
              if (described != null) {
                described.addSplit(name);
                LoaderGenerator.collectClasses(engine, part, described);
              }
            }
            if (described != null) {
              if (request.framework() == dev.mldata.core.Framework.JAX) {
                for (String name : sizes.keySet()) {
                  NpzWriter.write(
                      engine,
                      Splitter.split(engine, name),
                      described,
                      splitDir.resolve(name + ".npz"),
                      true);
                }
              }
              snippet =
                  LoaderGenerator.write(described, request.framework(), splitDir, written, true)
                      .snippet();
            }
          }
          long bytes = written.stream().mapToLong(ExportedFile::size).sum();
          steps.add(step(context, "export", written.size() + " file(s), " + human(bytes), t));
        }
        Manifest manifest =
            new Manifest(
                Mldata.version(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                source,
                withSource(request),
                artifacts(out),
                table,
                qualitySummary.isEmpty() ? null : qualitySummary);
        manifest.write(manifestFile);
        if (!failed && (request.dvc() || request.gitLfs())) {
          t = System.nanoTime();
          starting(context, "track");
          mldata.track(
              new TrackRequest(
                  out,
                  request.dvc(),
                  request.gitLfs(),
                  false,
                  false,
                  TrackRequest.DEFAULT_THRESHOLD,
                  false));
          steps.add(
              step(
                  context,
                  "track",
                  (request.dvc() ? "DVC" : "")
                      + (request.dvc() && request.gitLfs() ? " + " : "")
                      + (request.gitLfs() ? "Git LFS" : ""),
                  t));
        }
        return new BuildResult(out, manifest, steps, quality, failed, snippet);
      }
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, DefaultExportService.oneLine(e));
    } finally {
      DefaultExportService.deleteTree(work);
    }
  }

  private static Map<String, Object> withSource(BuildRequest request) {
    return request.parameters();
  }

  private static String dir(Path out, Path folder) {
    return out.relativize(folder).toString().replace('\\', '/') + "/";
  }

  /** Tells the listener a step began (a progress line shows it until it finishes). */
  private static void starting(OperationContext context, String name) {
    context.listener().onEvent(new Event.Step(name, -1, false));
  }

  private static Step step(OperationContext context, String name, String outcome, long start) {
    context.listener().onEvent(new Event.Step(name, 1, true));
    return new Step(name, outcome, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Writes one table in one format to {@code dir/stem.ext}, through a temporary name. */
  private static ExportedFile write(
      DuckDbEngine engine,
      TableEngine.Table table,
      Path dir,
      String stem,
      ExportFormat format,
      Compression compression)
      throws IOException {
    return write(engine, table, dir, stem, format, compression, f -> {});
  }

  private static ExportedFile write(
      DuckDbEngine engine,
      TableEngine.Table table,
      Path dir,
      String stem,
      ExportFormat format,
      Compression compression,
      java.util.function.DoubleConsumer progress)
      throws IOException {
    String ext =
        "." + format.extension() + (format == ExportFormat.PARQUET ? "" : compression.suffix());
    Path target = dir.resolve(stem + ext);
    Path partial = dir.resolve("." + stem + ext + ".mldata-partial");
    long t = System.nanoTime();
    long rows = engine.write(table, partial, format, compression, progress);
    Files.move(
        partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return new ExportedFile(
        target, format, Files.size(target), rows, Duration.ofNanos(System.nanoTime() - t));
  }

  /** Reads every input into one table {@code data} with safe column names; returns renames. */
  private static Map<String, String> normalize(DuckDbEngine engine, List<Path> inputs)
      throws IOException {
    List<String> parts = new ArrayList<>();
    for (Path input : inputs) {
      parts.add("SELECT * FROM " + DuckDbEngine.from(engine.read(input, true)));
    }
    String union = String.join(" UNION ALL BY NAME ", parts);
    List<TableEngine.Column> raw = engine.schema(engine.query(union, inputs.get(0)));
    Map<String, String> renamed = new LinkedHashMap<>();
    Set<String> used = new HashSet<>();
    List<String> select = new ArrayList<>();
    for (TableEngine.Column c : raw) {
      String safe = safeName(c.name(), used);
      if (!safe.equals(c.name())) {
        renamed.put(c.name(), safe);
      }
      select.add(DuckDbEngine.identifier(c.name()) + " AS " + DuckDbEngine.identifier(safe));
    }
    engine.run(
        "CREATE OR REPLACE TEMP TABLE data AS SELECT "
            + String.join(", ", select)
            + " FROM ("
            + union
            + ")");
    return renamed;
  }

  /** Letters, digits and underscores, not starting with a digit, unique (case-insensitively). */
  static String safeName(String name, Set<String> used) {
    String s = name.strip().replaceAll("[^A-Za-z0-9_]+", "_").replaceAll("^_+|_+$", "");
    if (s.isEmpty()) {
      s = "column";
    }
    if (Character.isDigit(s.charAt(0))) {
      s = "_" + s;
    }
    String candidate = s;
    for (int i = 2; used.contains(candidate.toLowerCase(Locale.ROOT)); i++) {
      candidate = s + "_" + i;
    }
    used.add(candidate.toLowerCase(Locale.ROOT));
    return candidate;
  }

  private static String column(
      String given, Map<String, String> renamed, List<String> names, String flag)
      throws UsageException {
    if (given == null) {
      return null;
    }
    String name = renamed.getOrDefault(given, given);
    if (!names.contains(name)) {
      throw new UsageException(
          flag + " " + given + ": no such column (columns: " + String.join(", ", names) + ")");
    }
    return name;
  }

  static Path localSource(String source) {
    if (source.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      return null;
    }
    Path p = Path.of(source).toAbsolutePath().normalize();
    return Files.exists(p) ? p : null;
  }

  /** The data files of a file or folder; JSON metadata beside real data files is left out. */
  static List<Path> dataFiles(Path source) throws MldataException {
    if (!Files.isDirectory(source)) {
      if (!DefaultExportService.isData(source)) {
        throw new MldataException(
            ExitCode.FAILED,
            source + ": not a data file mldata reads (csv, tsv, parquet, jsonl, json, arff)");
      }
      return List.of(source);
    }
    try (Stream<Path> walk = Files.walk(source)) {
      List<Path> files =
          walk.filter(Files::isRegularFile)
              .filter(p -> !source.relativize(p).toString().startsWith("."))
              .filter(DefaultExportService::isData)
              .sorted()
              .toList();
      boolean realData =
          files.stream().anyMatch(p -> !p.getFileName().toString().endsWith(".json"));
      List<Path> kept =
          realData
              ? files.stream().filter(p -> !p.getFileName().toString().endsWith(".json")).toList()
              : files;
      if (kept.isEmpty()) {
        throw new MldataException(
            ExitCode.FAILED,
            source + ": no data files (csv, tsv, parquet, jsonl, json, arff) to build from");
      }
      return kept;
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, source + ": " + e.getMessage());
    }
  }

  private static Map<String, String> checksums(Path base, List<Path> inputs) throws IOException {
    Map<String, String> sums = new LinkedHashMap<>();
    for (Path p : inputs) {
      sums.put(
          base.relativize(p).toString().replace('\\', '/'),
          "sha256:" + Hasher.hash(p, "sha256").sha256());
    }
    return sums;
  }

  /** SHA-256 of the inputs' names and contents and of every parameter. */
  private static String fingerprint(BuildRequest request, Map<String, String> inputSums)
      throws IOException {
    StringBuilder b = new StringBuilder(request.source()).append('\n');
    b.append(new ObjectMapper().writeValueAsString(request.parameters())).append('\n');
    for (Map.Entry<String, String> e : inputSums.entrySet()) {
      b.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
    }
    return sha256(b.toString());
  }

  /**
   * Deletes the data files an earlier build of this folder listed under artifacts/ and splits/, so
   * a build with fewer formats or no split leaves no stale files (user files are not touched).
   */
  private static void removePreviousOutputs(Path manifestFile, Path out) throws IOException {
    if (!Files.isRegularFile(manifestFile)) {
      return;
    }
    for (Manifest.Artifact a : Manifest.read(manifestFile).artifacts()) {
      if (a.path().startsWith("artifacts/") || a.path().startsWith("splits/")) {
        Files.deleteIfExists(out.resolve(a.path()));
      }
    }
  }

  /** Whether the reports an earlier build recorded are still on disk, unchanged. */
  private static boolean reportsIntact(Manifest old, Path out) throws IOException {
    List<Manifest.Artifact> reports =
        old.artifacts().stream().filter(a -> a.path().startsWith("reports/")).toList();
    if (reports.isEmpty()) {
      return false;
    }
    for (Manifest.Artifact a : reports) {
      Path f = out.resolve(a.path());
      if (!Files.isRegularFile(f) || !Hasher.hash(f, "sha256").sha256().equals(a.sha256())) {
        return false;
      }
    }
    return true;
  }

  private static String sha256(String text) throws IOException {
    return Hasher.hash(
            new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "sha256")
        .sha256();
  }

  /**
   * Every file under artifacts/, splits/, reports/ and exports/ (what an earlier {@code mldata
   * export} of this folder wrote), hashed.
   */
  static List<Manifest.Artifact> artifacts(Path out) throws IOException {
    List<Manifest.Artifact> list = new ArrayList<>();
    for (String folder : List.of("artifacts", "splits", "reports", "exports")) {
      Path dir = out.resolve(folder);
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (Stream<Path> walk = Files.walk(dir)) {
        for (Path f :
            walk.filter(Files::isRegularFile)
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .sorted(Comparator.comparing(Path::toString))
                .toList()) {
          Digests d = Hasher.hash(f, "sha256", "md5");
          list.add(
              new Manifest.Artifact(
                  out.relativize(f).toString().replace('\\', '/'), d.size(), d.sha256(), d.md5()));
        }
      }
    }
    return list;
  }

  private static void write(Path file, String text) throws IOException {
    dev.mldata.core.internal.AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  static String human(long bytes) {
    return DefaultExportService.human(bytes);
  }

  // ---------------------------------------------------------------- split, compare, info

  @Override
  public Map<String, Long> split(SplitRequest request, OperationContext context)
      throws MldataException {
    if (request.ratios().size() < 2 || request.ratios().size() > 3) {
      throw new UsageException("give 2 or 3 split ratios");
    }
    Path file = request.file().toAbsolutePath().normalize();
    List<Path> inputs = dataFiles(file);
    Path out = request.output().toAbsolutePath().normalize();
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    ExportFormat format =
        name.endsWith(".csv")
            ? ExportFormat.CSV
            : name.endsWith(".jsonl") || name.endsWith(".ndjson")
                ? ExportFormat.JSONL
                : name.endsWith(".json") ? ExportFormat.JSON : ExportFormat.PARQUET;
    List<String> names = Splitter.names(request.ratios());
    for (String n : names) {
      Path target = out.resolve(n + (request.indices() ? ".txt" : "." + format.extension()));
      if (Files.exists(target) && !request.force()) {
        throw new MldataException(
            ExitCode.FAILED, target + " already exists: pass --force to replace it");
      }
    }
    try {
      Files.createDirectories(out);
      Path work = out.resolve(".mldata-split-" + java.util.UUID.randomUUID());
      try (DuckDbEngine engine =
          new DuckDbEngine(
              work,
              DuckDbEngine.defaultMemoryLimit(),
              Runtime.getRuntime().availableProcessors())) {
        normalizeKeepNames(engine, inputs.get(0));
        List<String> columns =
            engine.schema(engine.named("data", file)).stream()
                .map(TableEngine.Column::name)
                .toList();
        if (request.stratify() != null && !columns.contains(request.stratify())) {
          throw new UsageException(
              "--stratify "
                  + request.stratify()
                  + ": no such column (columns: "
                  + String.join(", ", columns)
                  + ")");
        }
        Map<String, Long> sizes =
            Splitter.assign(engine, request.ratios(), request.seed(), request.stratify());
        for (String n : names) {
          if (request.indices()) {
            Path target = out.resolve(n + ".txt");
            Path partial = out.resolve("." + n + ".txt.mldata-partial");
            try (var w = Files.newBufferedWriter(partial)) {
              engine.scan(
                  engine.named("assigned", file),
                  "__row",
                  "WHERE __split = '" + n + "' ORDER BY __row",
                  row -> {
                    w.write(row[0].toString());
                    w.write('\n');
                  });
            }
            Files.move(
                partial,
                target,
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
          } else {
            write(engine, Splitter.split(engine, n), out, n, format, Compression.NONE);
          }
        }
        return sizes;
      } finally {
        DefaultExportService.deleteTree(work);
      }
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, DefaultExportService.oneLine(e));
    }
  }

  private static void normalizeKeepNames(DuckDbEngine engine, Path input) throws IOException {
    engine.run(
        "CREATE OR REPLACE TEMP TABLE data AS SELECT * FROM "
            + DuckDbEngine.from(engine.read(input, true)));
  }

  @Override
  public List<String> compare(Path original, Path rebuilt) throws MldataException {
    List<String> differences = new ArrayList<>();
    try {
      Manifest a = Manifest.read(original.resolve("manifest.yaml"));
      Manifest b = Manifest.read(rebuilt.resolve("manifest.yaml"));
      Map<String, Manifest.Artifact> after = new LinkedHashMap<>();
      b.artifacts().forEach(x -> after.put(x.path(), x));
      Path work = rebuilt.resolve(".mldata-compare");
      try (DuckDbEngine engine = new DuckDbEngine(work, DuckDbEngine.defaultMemoryLimit(), 2)) {
        for (Manifest.Artifact x : a.artifacts()) {
          Manifest.Artifact y = after.remove(x.path());
          if (y == null) {
            differences.add("missing from the rebuild: " + x.path());
          } else if (!x.sha256().equals(y.sha256())) {
            Path f = rebuilt.resolve(x.path());
            Path g = original.resolve(x.path());
            if (DefaultExportService.isData(f) && Files.isRegularFile(g)) {
              long diff =
                  engine.scalar(
                      "SELECT (SELECT count(*) FROM (SELECT * FROM "
                          + DuckDbEngine.from(engine.read(g, false))
                          + " EXCEPT ALL SELECT * FROM "
                          + DuckDbEngine.from(engine.read(f, false))
                          + ")) + (SELECT count(*) FROM (SELECT * FROM "
                          + DuckDbEngine.from(engine.read(f, false))
                          + " EXCEPT ALL SELECT * FROM "
                          + DuckDbEngine.from(engine.read(g, false))
                          + "))");
              if (diff > 0) {
                differences.add(x.path() + ": " + diff + " row(s) differ");
              }
              // Same rows, different bytes: a format that does not promise byte identity.
            } else if (!x.path().startsWith("reports/")
                || !Files.isRegularFile(g)
                || !x.path().endsWith(".json")) {
              differences.add(x.path() + ": content differs (sha256 " + y.sha256() + ")");
            }
          }
        }
      }
      after.keySet().forEach(p -> differences.add("only in the rebuild: " + p));
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, DefaultExportService.oneLine(e));
    }
    return differences;
  }

  /** Hub datasets: metadata only (file list, sizes, revision; OpenML's schema), no data. */
  private static List<String> remoteInfo(
      String source, boolean schema, int sample, OperationContext context) throws MldataException {
    Mldata mldata = Mldata.builder().config(context.config()).build();
    Path work;
    try {
      work = Files.createTempDirectory("mldata-info");
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, e.getMessage());
    }
    try {
      PullResult listed = mldata.list(PullRequest.of(source).into(work));
      List<String> lines = new ArrayList<>();
      long total =
          listed.files().stream()
              .filter(f -> f.outcome() == dev.mldata.core.Event.Outcome.LISTED)
              .mapToLong(PulledFile::size)
              .sum();
      lines.add(
          source
              + (listed.revision() == null ? "" : " @ " + listed.revision())
              + ": "
              + listed.files().size()
              + " file(s), "
              + human(total)
              + " to download (metadata only, nothing downloaded)");
      for (PulledFile f : listed.files()) {
        lines.add(
            "  "
                + f.path()
                + "  "
                + (f.size() >= 0 ? human(f.size()) : "size unknown")
                + (f.sha256() == null ? "" : "  sha256:" + f.sha256().substring(0, 12)));
      }
      Path features = work.resolve("features.json");
      if (Files.isRegularFile(features)) {
        var root = new ObjectMapper().readTree(features.toFile());
        var list = root.path("data_features").path("feature");
        lines.add(list.size() + " columns");
        if (schema) {
          for (var f : list) {
            lines.add(
                "  "
                    + f.path("name").asText()
                    + ": "
                    + f.path("data_type").asText()
                    + ("true".equals(f.path("is_target").asText()) ? " (target)" : "")
                    + (f.path("number_of_missing_values").asLong(0) > 0
                        ? ", " + f.path("number_of_missing_values").asText() + " missing"
                        : ""));
          }
        }
      } else if (schema) {
        lines.add("schema: not published by this source without the data; pull it first");
      }
      if (sample > 0) {
        lines.add("sample rows need the data: mldata pull " + source + ", then mldata info");
      }
      return lines;
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, DefaultExportService.oneLine(e));
    } finally {
      DefaultExportService.deleteTree(work);
    }
  }

  @Override
  public List<String> info(String source, boolean schema, int sample, OperationContext context)
      throws MldataException {
    Path local = localSource(source);
    if (local == null) {
      return remoteInfo(source, schema, sample, context);
    }
    List<Path> files = dataFiles(local);
    List<String> lines = new ArrayList<>();
    Path work;
    try {
      work = Files.createTempDirectory("mldata-info");
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, e.getMessage());
    }
    long total = 0;
    try (DuckDbEngine engine = new DuckDbEngine(work, DuckDbEngine.defaultMemoryLimit(), 2)) {
      for (Path f : files) {
        TableEngine.Table t = engine.read(f, false);
        List<TableEngine.Column> cols = engine.schema(t);
        long size = Files.size(f);
        total += size;
        lines.add(
            String.format(
                Locale.ROOT,
                "%s: %s, %,d rows, %d columns",
                Files.isDirectory(local) ? local.relativize(f) : f.getFileName(),
                human(size),
                engine.rows(t),
                cols.size()));
        if (schema) {
          cols.forEach(c -> lines.add("  " + c.name() + ": " + c.type()));
        }
        if (sample > 0) {
          lines.add(
              "  " + String.join(" | ", cols.stream().map(TableEngine.Column::name).toList()));
          engine.scan(
              t,
              "*",
              "LIMIT " + sample,
              row -> {
                List<String> cells = new ArrayList<>();
                for (Object o : row) {
                  cells.add(String.valueOf(o));
                }
                lines.add("  " + String.join(" | ", cells));
              });
        }
      }
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, DefaultExportService.oneLine(e));
    } finally {
      DefaultExportService.deleteTree(work);
    }
    lines.add(0, files.size() + " data file(s), " + human(total));
    return lines;
  }
}
