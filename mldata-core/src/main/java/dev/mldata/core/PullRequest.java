package dev.mldata.core;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to pull and where. Immutable and thread-safe; the {@code with}-style methods return copies.
 *
 * <pre>{@code
 * PullRequest.of("https://example.org/iris.csv").into(Path.of("iris")).jobs(8)
 * }</pre>
 *
 * @param source a dataset URI (see {@link DatasetUri})
 * @param output the output folder, or {@code null} for {@code ./<name>}
 * @param revision a revision overriding the URI's {@code @revision}, or {@code null}
 * @param jobs files transferred at once, or 0 for the configured default
 * @param connections ranged connections per large file, 0 to choose by size, -1 for the configured
 *     default
 * @param useCache whether to reuse and fill the cache under {@code MLDATA_HOME}
 * @param overwrite whether an existing file that mldata did not put there may be overwritten
 * @param include glob patterns a hub file's path must match one of (empty: all files)
 * @param exclude glob patterns that leave a hub file out
 * @param convertedParquet for Hugging Face: take the {@code refs/convert/parquet} files
 * @param archiveKept for Kaggle: keep the downloaded zip next to the extracted files
 */
public record PullRequest(
    String source,
    Path output,
    String revision,
    int jobs,
    int connections,
    boolean useCache,
    boolean overwrite,
    List<String> include,
    List<String> exclude,
    boolean convertedParquet,
    boolean archiveKept) {

  public PullRequest {
    Objects.requireNonNull(source, "source");
    include = List.copyOf(include);
    exclude = List.copyOf(exclude);
  }

  /** A request for {@code source} with every option at its default. */
  public static PullRequest of(String source) {
    return new PullRequest(
        source, null, null, 0, -1, true, false, List.of(), List.of(), false, false);
  }

  /** Output folder. */
  public PullRequest into(Path folder) {
    return new PullRequest(
        source,
        folder,
        revision,
        jobs,
        connections,
        useCache,
        overwrite,
        include,
        exclude,
        convertedParquet,
        archiveKept);
  }

  /** Revision (branch, tag, commit or version). */
  public PullRequest revision(String rev) {
    return new PullRequest(
        source,
        output,
        rev,
        jobs,
        connections,
        useCache,
        overwrite,
        include,
        exclude,
        convertedParquet,
        archiveKept);
  }

  /** Files at once. */
  public PullRequest jobs(int n) {
    return new PullRequest(
        source,
        output,
        revision,
        n,
        connections,
        useCache,
        overwrite,
        include,
        exclude,
        convertedParquet,
        archiveKept);
  }

  /** Connections per large file (0 chooses by size). */
  public PullRequest connections(int n) {
    return new PullRequest(
        source,
        output,
        revision,
        jobs,
        n,
        useCache,
        overwrite,
        include,
        exclude,
        convertedParquet,
        archiveKept);
  }

  /** Neither reuse nor fill the cache. */
  public PullRequest noCache() {
    return new PullRequest(
        source,
        output,
        revision,
        jobs,
        connections,
        false,
        overwrite,
        include,
        exclude,
        convertedParquet,
        archiveKept);
  }

  /** Allow overwriting files that mldata did not put in the output folder. */
  public PullRequest force() {
    return new PullRequest(
        source,
        output,
        revision,
        jobs,
        connections,
        useCache,
        true,
        include,
        exclude,
        convertedParquet,
        archiveKept);
  }

  /** Only hub files whose path matches one of these globs ({@code *.parquet}, {@code data/**}). */
  public PullRequest include(String... globs) {
    return new PullRequest(
        source,
        output,
        revision,
        jobs,
        connections,
        useCache,
        overwrite,
        List.of(globs),
        exclude,
        convertedParquet,
        archiveKept);
  }

  /** Leave out hub files whose path matches one of these globs. */
  public PullRequest exclude(String... globs) {
    return new PullRequest(
        source,
        output,
        revision,
        jobs,
        connections,
        useCache,
        overwrite,
        include,
        List.of(globs),
        convertedParquet,
        archiveKept);
  }

  /** Hugging Face: the automatic Parquet conversion ({@code refs/convert/parquet}). */
  public PullRequest parquet() {
    return new PullRequest(
        source,
        output,
        revision,
        jobs,
        connections,
        useCache,
        overwrite,
        include,
        exclude,
        true,
        archiveKept);
  }

  /** Kaggle: keep the zip archive after extracting it. */
  public PullRequest keepArchive() {
    return new PullRequest(
        source,
        output,
        revision,
        jobs,
        connections,
        useCache,
        overwrite,
        include,
        exclude,
        convertedParquet,
        true);
  }

  /** The output folder this request writes to. */
  public Path outputOrDefault() throws UsageException {
    return output != null ? output : Path.of(DatasetUri.parse(source).name());
  }
}
