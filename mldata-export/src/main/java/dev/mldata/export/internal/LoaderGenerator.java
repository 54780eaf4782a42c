package dev.mldata.export.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mldata.core.ExportFormat;
import dev.mldata.core.ExportResult.ExportedFile;
import dev.mldata.core.Framework;
import dev.mldata.core.Manifest;
import dev.mldata.core.Mldata;
import dev.mldata.core.QualityRequest;
import dev.mldata.core.UsageException;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Writes framework loader code (Freemarker templates) from a table's actual schema: numeric feature
 * columns, media path columns, and the label with its class mapping.
 */
final class LoaderGenerator {
  private static final Set<String> NUMERIC =
      Set.of(
          "TINYINT",
          "SMALLINT",
          "INTEGER",
          "BIGINT",
          "HUGEINT",
          "UTINYINT",
          "USMALLINT",
          "UINTEGER",
          "UBIGINT",
          "FLOAT",
          "DOUBLE",
          "BOOLEAN");
  private static final Set<String> INTEGER =
      Set.of(
          "TINYINT",
          "SMALLINT",
          "INTEGER",
          "BIGINT",
          "HUGEINT",
          "UTINYINT",
          "USMALLINT",
          "UINTEGER",
          "UBIGINT");
  private static final List<String> IMAGE =
      List.of(".jpg", ".jpeg", ".png", ".gif", ".bmp", ".webp", ".tif", ".tiff");
  private static final List<String> AUDIO = List.of(".wav", ".mp3", ".flac", ".ogg", ".m4a");
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private LoaderGenerator() {}

  /** A feature column: {@code kind} is numeric, image or audio. */
  record Feature(String name, String type, String kind) {}

  /** What the generated code is written from; collects every split's classes as they are read. */
  static final class Table {
    final List<Feature> features = new ArrayList<>();
    final List<String> skipped = new ArrayList<>();
    final List<String> splits = new ArrayList<>();
    final Set<String> classes = new TreeSet<>();
    String label;
    String labelType;
    boolean categorical;
    long rows;
    Path mediaRoot;
    String dataset;

    List<String> numericFeatures() {
      return features.stream().filter(f -> f.kind().equals("numeric")).map(Feature::name).toList();
    }

    void addSplit(String stem) {
      splits.add(stem);
    }
  }

  static Table describe(
      TableEngine engine, TableEngine.Table table, String stem, String label, Path source)
      throws IOException, UsageException {
    List<TableEngine.Column> schema = engine.schema(table);
    Table t = new Table();
    t.dataset = Files.isDirectory(source) ? source.getFileName().toString() : stem;
    t.mediaRoot = Files.isDirectory(source) ? source : source.getParent();
    t.label = label != null ? label : detectLabel(schema, source);
    if (label != null && schema.stream().noneMatch(c -> c.name().equals(label))) {
      throw new UsageException(
          "--label "
              + label
              + ": no such column in "
              + table.source().getFileName()
              + " (columns: "
              + String.join(", ", schema.stream().map(TableEngine.Column::name).toList())
              + ")");
    }
    for (TableEngine.Column c : schema) {
      String base = c.type().replaceAll("\\(.*", "");
      if (c.name().equals(t.label)) {
        t.labelType = base;
        t.categorical = !NUMERIC.contains(base) || base.equals("BOOLEAN");
        continue;
      }
      if (NUMERIC.contains(base) || base.startsWith("DECIMAL")) {
        t.features.add(new Feature(c.name(), base, "numeric"));
      } else if (base.equals("VARCHAR")) {
        String media = mediaKind(engine, table, c.name());
        if (media != null) {
          t.features.add(new Feature(c.name(), base, media));
        } else {
          t.skipped.add(c.name() + " (text)");
        }
      } else {
        t.skipped.add(c.name() + " (" + c.type() + ")");
      }
    }
    return t;
  }

  /** Adds the label values of one split to the class list (categorical labels). */
  static void collectClasses(TableEngine engine, TableEngine.Table table, Table t)
      throws IOException {
    t.rows += engine.rows(table);
    if (t.label != null && t.categorical) {
      engine.scan(
          table,
          "DISTINCT CAST(" + DuckDbEngine.identifier(t.label) + " AS VARCHAR)",
          "",
          row -> {
            if (row[0] != null) {
              t.classes.add(row[0].toString());
            }
          });
    }
  }

  private static String detectLabel(List<TableEngine.Column> schema, Path source) {
    List<String> names = schema.stream().map(TableEngine.Column::name).toList();
    Path dir = Files.isDirectory(source) ? source : source.getParent();
    try {
      Path manifest = dir.resolve("manifest.yaml");
      if (Files.isRegularFile(manifest)) {
        Object l = Manifest.read(manifest).parameters().get("label");
        if (l != null && names.contains(l.toString())) {
          return l.toString();
        }
      }
    } catch (IOException e) {
      // an unreadable manifest names no label: fall back to the other sources
    }
    String target = openMlTarget(dir, Map.of(), names);
    return target != null ? target : QualityRequest.conventionalLabel(names);
  }

  /**
   * OpenML's default target attribute from the {@code description.json} a pull saved in {@code
   * dir}, under its (possibly renamed) column name, or null.
   */
  static String openMlTarget(Path dir, Map<String, String> renamed, List<String> names) {
    Path description = dir.resolve("description.json");
    if (!Files.isRegularFile(description)) {
      return null;
    }
    try {
      var node = JSON.readTree(description.toFile());
      var target = node.path("data_set_description").path("default_target_attribute");
      if (target.isMissingNode()) {
        target = node.path("default_target_attribute");
      }
      if (!target.isTextual()) {
        return null;
      }
      String name = renamed.getOrDefault(target.asText(), target.asText());
      return names.contains(name) ? name : null;
    } catch (IOException e) {
      return null;
    }
  }

  private static String mediaKind(TableEngine engine, TableEngine.Table table, String column)
      throws IOException {
    int[] counts = new int[3];
    String c = DuckDbEngine.identifier(column);
    engine.scan(
        table,
        c,
        "WHERE " + c + " IS NOT NULL LIMIT 50",
        row -> {
          String v = row[0].toString().toLowerCase(Locale.ROOT);
          counts[0]++;
          if (IMAGE.stream().anyMatch(v::endsWith)) {
            counts[1]++;
          } else if (AUDIO.stream().anyMatch(v::endsWith)) {
            counts[2]++;
          }
        });
    if (counts[0] == 0) {
      return null;
    }
    return counts[1] == counts[0] ? "image" : counts[2] == counts[0] ? "audio" : null;
  }

  /** The files written and the short snippet to print. */
  record Output(List<Path> files, String snippet) {}

  static Output write(
      Table t, Framework framework, Path output, List<ExportedFile> written, boolean force)
      throws IOException {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("version", Mldata.version());
    model.put("dataset", t.dataset);
    model.put("className", className(t.dataset));
    model.put("features", t.features.stream().map(LoaderGenerator::asMap).toList());
    model.put("numeric", t.numericFeatures());
    model.put(
        "media",
        t.features.stream()
            .filter(f -> !f.kind().equals("numeric"))
            .map(LoaderGenerator::asMap)
            .toList());
    model.put("skipped", t.skipped);
    model.put("label", t.label == null ? "" : t.label);
    model.put("hasLabel", t.label != null);
    model.put("categorical", t.categorical);
    model.put("regression", t.label != null && !t.categorical && !INTEGER.contains(t.labelType));
    model.put("classes", new ArrayList<>(t.classes));
    model.put("rows", t.rows);
    model.put("large", t.rows * Math.max(1, t.features.size()) > 50_000_000L);
    model.put("mediaRoot", t.mediaRoot.toString());
    Map<String, String> files = new LinkedHashMap<>();
    for (String split : t.splits) {
      files.put(split, pick(split, written));
    }
    model.put("files", files);
    model.put("splits", t.splits);
    model.put("defaultSplit", t.splits.contains("train") ? "train" : t.splits.get(0));
    List<Path> out = new ArrayList<>();
    if (t.categorical) {
      Map<String, Integer> mapping = new LinkedHashMap<>();
      for (String c : t.classes) {
        mapping.put(c, mapping.size());
      }
      out.add(
          writeText(
              output.resolve("label_mapping.json"),
              JSON.writeValueAsString(mapping) + "\n",
              force));
    }
    String module = framework.id() + "_dataset";
    out.add(
        writeText(
            output.resolve(module + ".py"), render(framework.id() + ".py.ftl", model), force));
    model.put("framework", framework.id());
    model.put("module", module);
    String snippet = render("snippet-" + framework.id() + ".ftl", model);
    model.put("snippet", snippet);
    out.add(writeText(output.resolve("README.md"), render("README.md.ftl", model), force));
    return new Output(out, snippet.strip());
  }

  private static Map<String, String> asMap(Feature f) {
    return Map.of("name", f.name(), "type", f.type(), "kind", f.kind());
  }

  /** The exported file the loader reads for a split: CSV or JSONL (stdlib), else Parquet. */
  private static String pick(String split, List<ExportedFile> written) {
    String best = null;
    int rank = Integer.MAX_VALUE;
    for (ExportedFile f : written) {
      String name = f.path().getFileName().toString();
      if (!DefaultExportService.stem(f.path()).equals(split) && !name.startsWith(split + ".")) {
        continue;
      }
      int r =
          name.endsWith(".csv")
              ? 0
              : name.endsWith(".jsonl")
                  ? 1
                  : name.endsWith(".csv.gz")
                      ? 2
                      : name.endsWith(".jsonl.gz")
                          ? 3
                          : f.format() == ExportFormat.PARQUET ? 4 : name.endsWith(".json") ? 5 : 9;
      if (r < rank) {
        rank = r;
        best = name;
      }
    }
    return best == null ? split + ".csv" : best;
  }

  private static String className(String dataset) {
    StringBuilder b = new StringBuilder();
    boolean up = true;
    for (char c : dataset.toCharArray()) {
      if (Character.isLetterOrDigit(c) && c < 128) {
        b.append(up ? Character.toUpperCase(c) : c);
        up = false;
      } else {
        up = true;
      }
    }
    if (b.length() == 0 || Character.isDigit(b.charAt(0))) {
      b.insert(0, "Data");
    }
    return b + "Dataset";
  }

  private static String render(String template, Map<String, Object> model) throws IOException {
    Configuration cfg = new Configuration(Configuration.VERSION_2_3_34);
    cfg.setClassForTemplateLoading(LoaderGenerator.class, "/dev/mldata/export/templates");
    cfg.setDefaultEncoding("UTF-8");
    cfg.setLocale(Locale.ROOT);
    cfg.setNumberFormat("computer");
    cfg.setLogTemplateExceptions(false);
    try {
      Template tpl = cfg.getTemplate(template);
      StringWriter w = new StringWriter();
      tpl.process(model, w);
      return w.toString();
    } catch (TemplateException e) {
      throw new IOException("template " + template + ": " + e.getMessage(), e);
    }
  }

  private static Path writeText(Path target, String text, boolean force) throws IOException {
    if (Files.exists(target) && !force) {
      throw new IOException(target + " already exists: pass --force to replace it");
    }
    Path tmp = target.resolveSibling("." + target.getFileName() + ".mldata-partial");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }
}
