package dev.mldata.core;

import dev.mldata.core.internal.EventDispatcher;
import dev.mldata.core.spi.BuildService;
import dev.mldata.core.spi.ExportService;
import dev.mldata.core.spi.OperationContext;
import dev.mldata.core.spi.PullService;
import dev.mldata.core.spi.QualityService;
import dev.mldata.core.spi.TrackService;
import dev.mldata.core.spi.ValidationService;
import java.nio.file.Path;
import java.util.ServiceLoader;
import java.util.function.LongSupplier;

/**
 * The entry point of the mldata library. Build one, then run operations on it:
 *
 * <pre>{@code
 * var mldata = Mldata.builder().listener(Listener.printingTo(System.out)).build();
 * var pulled = mldata.pull(PullRequest.of("https://example.org/iris.csv").into(Path.of("iris")));
 * }</pre>
 *
 * <p>An instance is immutable and thread-safe; operations may run concurrently. The library never
 * prints and never exits: it reports through the {@link Listener} and throws checked exceptions
 * that carry an {@link ExitCode}.
 */
public final class Mldata {
  private final MldataConfig config;
  private final Listener listener;

  private Mldata(MldataConfig config, Listener listener) {
    this.config = config;
    this.listener = listener;
  }

  /** A builder with no listener and the configuration from files and environment. */
  public static Builder builder() {
    return new Builder();
  }

  /** The version of mldata on the class path. */
  public static String version() {
    String v = Mldata.class.getPackage().getImplementationVersion();
    return v != null ? v : "0.4.0-SNAPSHOT";
  }

  /** The configuration in effect. */
  public MldataConfig config() {
    return config;
  }

  /**
   * Downloads or copies a dataset into a folder, resuming what an earlier run left behind and
   * verifying every file before it takes its final name.
   *
   * @throws PullException when a file could not be pulled; finished files stay, partial ones are
   *     kept for the next run
   */
  public PullResult pull(PullRequest request) throws PullException {
    return pullService().pull(request, context());
  }

  /**
   * Lists what {@link #pull} would bring from a hub source (files, sizes, checksums, revision)
   * without downloading the data.
   */
  public PullResult list(PullRequest request) throws PullException {
    return pullService().list(request, context());
  }

  /**
   * Checks files for integrity (images and audio that are truncated, damaged, empty, mislabelled or
   * not media at all). Findings are data in the report; an exception means the check could not run.
   */
  public ValidationReport validate(ValidationRequest request) throws MldataException {
    return load(ValidationService.class, "mldata-validate").validate(request, context());
  }

  /**
   * Writes a table (or every file of a folder, or every split of a built dataset) in several
   * formats after reading it once, and optionally loader code for a framework. A format that fails
   * is named in {@link ExportResult#failures()}; the others are still written.
   *
   * @throws MldataException when nothing could be exported (bad source, bad flags, no space)
   */
  public ExportResult export(ExportRequest request) throws MldataException {
    return load(ExportService.class, "mldata-export").export(request, context());
  }

  /**
   * Puts a data file or folder under version control: a {@code .dvc} file byte-compatible with
   * {@code dvc add} (and the DVC cache filled), and/or Git-LFS lines in {@code .gitattributes} as
   * {@code git lfs track} writes them.
   */
  public TrackResult track(TrackRequest request) throws MldataException {
    return load(TrackService.class, "mldata-versioning").track(request, context());
  }

  /**
   * Runs tabular quality checks (duplicates, labels, missing values, schema) on a data file.
   * Findings are data in the report; an exception means the file could not be checked.
   */
  public QualityReport quality(QualityRequest request) throws MldataException {
    return load(QualityService.class, "mldata-validate").check(request, context());
  }

  /**
   * Builds a dataset folder: pull, normalize, check, split, export, manifest (and optionally DVC
   * and Git-LFS tracking).
   */
  public BuildResult build(BuildRequest request) throws MldataException {
    return load(BuildService.class, "mldata-export").build(request, context());
  }

  /** Splits one data file into train/[val/]test; returns the rows per split. */
  public java.util.Map<String, Long> split(SplitRequest request) throws MldataException {
    return load(BuildService.class, "mldata-export").split(request, context());
  }

  /**
   * Re-runs the build a manifest describes (same source, revision and parameters) into {@code
   * output} and compares the new artifacts with the recorded ones.
   *
   * @return the differences, empty when the rebuild reproduced every artifact
   */
  public java.util.List<String> rebuild(Path manifest, Path output, boolean verify)
      throws MldataException {
    Manifest m;
    try {
      m = Manifest.read(manifest);
    } catch (java.io.IOException e) {
      throw new MldataException(ExitCode.FAILED, manifest + ": " + e.getMessage());
    }
    BuildRequest request = BuildRequest.fromManifest(m, output);
    build(request);
    if (!verify) {
      return java.util.List.of();
    }
    return load(BuildService.class, "mldata-export")
        .compare(manifest.toAbsolutePath().getParent(), output);
  }

  /** Size, rows, schema and sample rows of local data files, as printable lines. */
  public java.util.List<String> info(String source, boolean schema, int sample)
      throws MldataException {
    return load(BuildService.class, "mldata-export").info(source, schema, sample, context());
  }

  private static PullService pullService() throws PullException {
    try {
      return load(PullService.class, "mldata-fetch");
    } catch (MldataException e) {
      throw PullException.of(e);
    }
  }

  private OperationContext context() {
    return new OperationContext(config, listener);
  }

  private static <T> T load(Class<T> type, String module) throws MldataException {
    return ServiceLoader.load(type, Mldata.class.getClassLoader())
        .findFirst()
        .orElseThrow(
            () ->
                new MldataException(
                    ExitCode.CONFIG,
                    "no implementation of "
                        + type.getSimpleName()
                        + " found: add the "
                        + module
                        + " module to the class path"));
  }

  /** Builds {@link Mldata} instances. Not thread-safe. */
  public static final class Builder {
    private MldataConfig config;
    private Listener listener = Listener.none();
    private LongSupplier nanoClock = System::nanoTime;
    private Path home;

    private Builder() {}

    /** Where events go (default: nowhere). */
    public Builder listener(Listener l) {
      this.listener = l;
      return this;
    }

    /** The configuration (default: {@link MldataConfig#load()}). */
    public Builder config(MldataConfig c) {
      this.config = c;
      return this;
    }

    /** The cache and state folder, overriding the configuration's. */
    public Builder home(Path h) {
      this.home = h;
      return this;
    }

    /** The clock used to throttle progress events (tests). */
    public Builder nanoClock(LongSupplier clock) {
      this.nanoClock = clock;
      return this;
    }

    /**
     * Builds the instance.
     *
     * @throws ConfigException when no configuration was given and the files or environment are
     *     invalid
     */
    public Mldata build() throws ConfigException {
      MldataConfig c = config != null ? config : MldataConfig.load();
      if (home != null) {
        c = c.withHome(home);
      }
      return new Mldata(
          c, new EventDispatcher(listener, nanoClock, EventDispatcher.DEFAULT_INTERVAL_NANOS));
    }
  }
}
