package dev.mldata.core;

import java.nio.file.Path;
import java.util.List;

/**
 * What to export: a data file, a folder of data files, or a built dataset folder (with {@code
 * manifest.yaml} and {@code splits/}), into which formats, where. Immutable; the {@code with…}
 * methods return changed copies.
 *
 * <pre>{@code
 * mldata.export(ExportRequest.of(Path.of("iris.csv")).formats(ExportFormat.PARQUET).into(out));
 * }</pre>
 *
 * @param source the data file or folder
 * @param formats the formats to write (at least one)
 * @param output the folder the files go to; null for the default (next to a data file, {@code
 *     exports/} inside a built dataset)
 * @param compression the codec for every format
 * @param force whether existing output files may be replaced
 * @param framework the framework to generate loader code for, or null
 * @param label the label column for generated loaders, or null to detect it
 */
public record ExportRequest(
    Path source,
    List<ExportFormat> formats,
    Path output,
    Compression compression,
    boolean force,
    Framework framework,
    String label) {
  public ExportRequest {
    formats = List.copyOf(formats);
    compression = compression == null ? Compression.NONE : compression;
  }

  /** Exports {@code source} to Parquet next to it. */
  public static ExportRequest of(Path source) {
    return new ExportRequest(
        source, List.of(ExportFormat.PARQUET), null, Compression.NONE, false, null, null);
  }

  public ExportRequest formats(ExportFormat... f) {
    return new ExportRequest(source, List.of(f), output, compression, force, framework, label);
  }

  public ExportRequest formats(List<ExportFormat> f) {
    return new ExportRequest(source, f, output, compression, force, framework, label);
  }

  public ExportRequest into(Path dir) {
    return new ExportRequest(source, formats, dir, compression, force, framework, label);
  }

  public ExportRequest compression(Compression c) {
    return new ExportRequest(source, formats, output, c, force, framework, label);
  }

  public ExportRequest force(boolean f) {
    return new ExportRequest(source, formats, output, compression, f, framework, label);
  }

  public ExportRequest framework(Framework f) {
    return new ExportRequest(source, formats, output, compression, force, f, label);
  }

  public ExportRequest label(String column) {
    return new ExportRequest(source, formats, output, compression, force, framework, column);
  }
}
