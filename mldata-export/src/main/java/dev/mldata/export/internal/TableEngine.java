package dev.mldata.export.internal;

import dev.mldata.core.Compression;
import dev.mldata.core.ExportFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.DoubleConsumer;

/**
 * The embedded table engine behind export: reads data files into tables and writes tables in every
 * format. Tables stay inside the engine (spilled to disk when large); rows never pass through Java
 * collections. One engine is used by one thread.
 */
interface TableEngine extends AutoCloseable {
  /** A table known to the engine. */
  interface Table {
    /** The data file it was read from. */
    Path source();
  }

  /** One column of a table. */
  record Column(String name, String type) {}

  /**
   * Reads a data file. With {@code materialize} the file is parsed once into a temporary table
   * (worth it when several formats follow); otherwise each write reads the file again.
   */
  Table read(Path file, boolean materialize) throws IOException;

  /** The columns, in order. */
  List<Column> schema(Table table) throws IOException;

  /** The number of rows. */
  long rows(Table table) throws IOException;

  /**
   * Writes the table to {@code target} in the format, compressed with the codec. {@code progress}
   * receives the share done (0 to 1) while the engine reports it. Returns the rows written.
   */
  long write(
      Table table,
      Path target,
      ExportFormat format,
      Compression compression,
      DoubleConsumer progress)
      throws IOException;

  /**
   * Runs {@code SELECT selectList FROM table tail} and hands each row to {@code rows} (for the few
   * places that need values in Java: label mappings and NumPy arrays), streaming.
   */
  void scan(Table table, String selectList, String tail, RowHandler rows) throws IOException;

  /** Receives rows of {@link #scan}. */
  interface RowHandler {
    void row(Object[] values) throws IOException;
  }

  @Override
  void close() throws IOException;
}
