package dev.mldata.core;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code mldata build} makes: from a source (anything {@code pull} accepts) to a dataset
 * folder with {@code manifest.yaml}, {@code artifacts/}, {@code splits/} and {@code reports/}.
 * Immutable; make one with {@link #builder(String, Path)}.
 *
 * @param source the dataset URI or local path
 * @param output the dataset folder
 * @param formats formats of the artifacts and splits (the first is the main one)
 * @param compression codec for every format
 * @param split two or three ratios summing to 1 (train, [val,] test); empty for no split
 * @param seed seed of the split
 * @param stratify column whose value shares every split keeps, or null
 * @param label the label column, or null to detect one
 * @param checks tabular checks to run (duplicates, labels, missing, schema; files for media)
 * @param failOn {@code error}, {@code warning} or {@code never}: which findings stop the build
 * @param framework loader code to generate, or null
 * @param dvc track the folder with DVC afterwards
 * @param gitLfs track the folder with Git LFS afterwards
 * @param incremental skip steps whose inputs and parameters did not change
 * @param keepRaw keep the pulled files under {@code raw/}
 * @param threads table engine threads (0: one per core); results do not depend on it
 */
public record BuildRequest(
    String source,
    Path output,
    List<ExportFormat> formats,
    Compression compression,
    List<Double> split,
    long seed,
    String stratify,
    String label,
    List<String> checks,
    String failOn,
    Framework framework,
    boolean dvc,
    boolean gitLfs,
    boolean incremental,
    boolean keepRaw,
    int threads) {
  public BuildRequest {
    formats = List.copyOf(formats);
    split = List.copyOf(split);
    checks = List.copyOf(checks);
    compression = compression == null ? Compression.NONE : compression;
  }

  public static Builder builder(String source, Path output) {
    return new Builder(source, output);
  }

  /** This request as a builder, to change a few fields. */
  public Builder toBuilder() {
    Builder b = new Builder(source, output);
    b.formats = formats;
    b.compression = compression;
    b.split = split;
    b.seed = seed;
    b.stratify = stratify;
    b.label = label;
    b.checks = checks;
    b.failOn = failOn;
    b.framework = framework;
    b.dvc = dvc;
    b.gitLfs = gitLfs;
    b.incremental = incremental;
    b.keepRaw = keepRaw;
    b.threads = threads;
    return b;
  }

  /** Every parameter by name, as recorded in {@code manifest.yaml} (no secrets exist here). */
  public Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("formats", formats.stream().map(ExportFormat::id).toList());
    p.put("compression", compression.toString());
    p.put("split", new ArrayList<>(split));
    p.put("seed", seed);
    p.put("stratify", stratify);
    p.put("label", label);
    p.put("checks", new ArrayList<>(checks));
    p.put("failOn", failOn);
    p.put("framework", framework == null ? null : framework.id());
    p.put("dvc", dvc);
    p.put("gitLfs", gitLfs);
    p.put("keepRaw", keepRaw);
    return p;
  }

  /**
   * The request that produced a manifest, into another folder: the source pinned to its recorded
   * revision when there is one.
   */
  @SuppressWarnings("unchecked")
  public static BuildRequest fromManifest(Manifest m, Path output) throws UsageException {
    Map<String, Object> p = m.parameters();
    String uri = m.source().uri();
    if (m.source().revision() != null && !uri.contains("@") && uri.matches("^(hf|kaggle)://.*")) {
      uri = uri + "@" + m.source().revision();
    }
    Builder b = builder(uri, output);
    b.formats(ExportFormat.parseList(String.join(",", (List<String>) p.get("formats"))));
    b.compression(Compression.parse(String.valueOf(p.getOrDefault("compression", "none"))));
    b.split(((List<Number>) p.get("split")).stream().map(Number::doubleValue).toList());
    b.seed(((Number) p.get("seed")).longValue());
    b.stratify((String) p.get("stratify"));
    b.label((String) p.get("label"));
    b.checks((List<String>) p.get("checks"));
    b.failOn(String.valueOf(p.getOrDefault("failOn", "error")));
    Object f = p.get("framework");
    b.framework(f == null ? null : Framework.parse(f.toString()));
    b.keepRaw(Boolean.TRUE.equals(p.get("keepRaw")));
    return b.build();
  }

  /** Builds {@link BuildRequest}s. */
  public static final class Builder {
    private final String source;
    private final Path output;
    private List<ExportFormat> formats = List.of(ExportFormat.PARQUET);
    private Compression compression = Compression.NONE;
    private List<Double> split = List.of(0.8, 0.1, 0.1);
    private long seed = 42;
    private String stratify;
    private String label;
    private List<String> checks = List.of("duplicates", "labels", "missing", "schema");
    private String failOn = "error";
    private Framework framework;
    private boolean dvc;
    private boolean gitLfs;
    private boolean incremental;
    private boolean keepRaw;
    private int threads;

    private Builder(String source, Path output) {
      this.source = source;
      this.output = output;
    }

    public Builder formats(List<ExportFormat> f) {
      formats = f;
      return this;
    }

    public Builder compression(Compression c) {
      compression = c;
      return this;
    }

    public Builder split(List<Double> ratios) {
      split = ratios;
      return this;
    }

    public Builder seed(long s) {
      seed = s;
      return this;
    }

    public Builder stratify(String column) {
      stratify = column;
      return this;
    }

    public Builder label(String column) {
      label = column;
      return this;
    }

    public Builder checks(List<String> names) {
      checks = names;
      return this;
    }

    public Builder failOn(String level) {
      failOn = level;
      return this;
    }

    public Builder framework(Framework f) {
      framework = f;
      return this;
    }

    public Builder dvc(boolean on) {
      dvc = on;
      return this;
    }

    public Builder gitLfs(boolean on) {
      gitLfs = on;
      return this;
    }

    public Builder incremental(boolean on) {
      incremental = on;
      return this;
    }

    public Builder keepRaw(boolean on) {
      keepRaw = on;
      return this;
    }

    public Builder threads(int n) {
      threads = n;
      return this;
    }

    public BuildRequest build() {
      return new BuildRequest(
          source,
          output,
          formats,
          compression,
          split,
          seed,
          stratify,
          label,
          checks,
          failOn,
          framework,
          dvc,
          gitLfs,
          incremental,
          keepRaw,
          threads);
    }
  }
}
