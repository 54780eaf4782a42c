package dev.mldata.export.internal;

import dev.mldata.core.ArffReader;
import dev.mldata.core.Compression;
import dev.mldata.core.ExportFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleConsumer;
import java.util.zip.GZIPInputStream;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;

/**
 * {@link TableEngine} on an in-process DuckDB: an in-memory database whose spill files go to a
 * folder we own, no extension downloads, a memory limit and all cores. A fresh Statement per
 * operation (a failed {@code execute()} closes its Statement).
 */
final class DuckDbEngine implements TableEngine {
  private final Connection connection;
  private final Path tempDir;
  private int tables;

  private record DuckTable(Path source, String sql) implements Table {}

  DuckDbEngine(Path tempDir, long memoryLimitBytes, int threads) throws IOException {
    this.tempDir = tempDir;
    Properties p = new Properties();
    p.setProperty("temp_directory", tempDir.toString());
    p.setProperty("autoinstall_known_extensions", "false");
    p.setProperty("autoload_known_extensions", "false");
    p.setProperty("memory_limit", (memoryLimitBytes / (1024 * 1024)) + "MB");
    p.setProperty("threads", Integer.toString(threads));
    Connection c = null;
    try {
      Files.createDirectories(tempDir);
      c = DriverManager.getConnection("jdbc:duckdb:", p);
      try (Statement s = c.createStatement()) {
        s.execute("SET enable_progress_bar = true");
        s.execute("SET enable_progress_bar_print = false");
      }
    } catch (SQLException e) {
      try {
        if (c != null) {
          c.close();
        }
        Files.deleteIfExists(tempDir);
      } catch (SQLException | IOException ignored) {
        // already failing
      }
      throw new IOException("cannot start the table engine (DuckDB): " + e.getMessage(), e);
    }
    connection = c;
  }

  /** A memory limit that leaves room for the JVM and the system: 40% of physical memory. */
  static long defaultMemoryLimit() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return Math.max(256L << 20, os.getTotalMemorySize() * 2 / 5);
    }
    return 2L << 30;
  }

  @Override
  public Table read(Path file, boolean materialize) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".arff") || name.endsWith(".arff.gz")) {
      return readArff(file, name.endsWith(".gz"));
    }
    String reader = readerFor(file, name, false);
    if (!materialize) {
      DuckTable t = new DuckTable(file, reader);
      schema(t); // fails now, with the file named, if it cannot be parsed
      return t;
    }
    String table = "t" + (++tables);
    try {
      execute("CREATE TEMP TABLE " + table + " AS SELECT * FROM " + reader);
    } catch (SQLException e) {
      if (!reader.startsWith("read_csv")) {
        throw failure(file, e);
      }
      // The sniffer looks at the first rows only; a later row may not fit the guessed types.
      try {
        execute("CREATE TEMP TABLE " + table + " AS SELECT * FROM " + readerFor(file, name, true));
      } catch (SQLException again) {
        throw failure(file, again);
      }
    }
    return new DuckTable(file, table);
  }

  private static String readerFor(Path file, String name, boolean fullSniff) throws IOException {
    String base = name.replaceAll("\\.(gz|zst)$", "");
    String path = literal(file.toAbsolutePath().toString());
    if (base.endsWith(".parquet")) {
      return "read_parquet(" + path + ")";
    }
    if (base.endsWith(".jsonl") || base.endsWith(".ndjson")) {
      return "read_json(" + path + ", format='newline_delimited')";
    }
    if (base.endsWith(".json")) {
      return "read_json(" + path + ", format='auto')";
    }
    if (base.endsWith(".csv") || base.endsWith(".tsv") || base.endsWith(".txt")) {
      return "read_csv("
          + path
          + (base.endsWith(".tsv") ? ", delim='\\t'" : "")
          + (fullSniff ? ", sample_size=-1" : "")
          + ")";
    }
    throw new IOException(
        file + ": not a data file this version reads (csv, tsv, parquet, jsonl, json, arff)");
  }

  private Table readArff(Path file, boolean gzip) throws IOException {
    String table = "t" + (++tables);
    try (InputStream raw = Files.newInputStream(file);
        InputStream in = gzip ? new GZIPInputStream(raw) : raw;
        Reader reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8);
        ArffReader arff = ArffReader.open(reader)) {
      List<ArffReader.Attribute> attributes = arff.attributes();
      StringBuilder create = new StringBuilder("CREATE TEMP TABLE " + table + " (");
      for (int i = 0; i < attributes.size(); i++) {
        ArffReader.Attribute a = attributes.get(i);
        create
            .append(i == 0 ? "" : ", ")
            .append(identifier(a.name()))
            .append(
                switch (a.type()) {
                  case NUMERIC -> " DOUBLE";
                  case DATE -> " TIMESTAMP";
                  default -> " VARCHAR";
                });
      }
      execute(create.append(")").toString());
      try (DuckDBAppender appender =
          ((DuckDBConnection) connection).createAppender(DuckDBConnection.DEFAULT_SCHEMA, table)) {
        Object[] row;
        while ((row = arff.next()) != null) {
          appender.beginRow();
          for (Object v : row) {
            if (v == null) {
              appender.appendNull();
            } else if (v instanceof Double d) {
              appender.append(d);
            } else if (v instanceof LocalDateTime t) {
              appender.append(t);
            } else if (v instanceof LocalDate d) {
              appender.append(d.atStartOfDay());
            } else {
              appender.append(v.toString());
            }
          }
          appender.endRow();
        }
      }
    } catch (SQLException e) {
      throw failure(file, e);
    }
    return new DuckTable(file, table);
  }

  @Override
  public List<Column> schema(Table table) throws IOException {
    List<Column> columns = new ArrayList<>();
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM " + sql(table))) {
      while (r.next()) {
        columns.add(new Column(r.getString("column_name"), r.getString("column_type")));
      }
    } catch (SQLException e) {
      throw failure(table.source(), e);
    }
    return columns;
  }

  @Override
  public long rows(Table table) throws IOException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM " + sql(table))) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw failure(table.source(), e);
    }
  }

  @Override
  public long write(
      Table table,
      Path target,
      ExportFormat format,
      Compression compression,
      DoubleConsumer progress)
      throws IOException {
    boolean outer = format != ExportFormat.PARQUET && !compression.isNone();
    boolean native_ =
        outer
            && compression.level() == null
            && (compression.codec().equals("gzip") || compression.codec().equals("zstd"));
    Path plain =
        outer && !native_ ? target.resolveSibling(target.getFileName() + ".plain") : target;
    String options =
        switch (format) {
          case PARQUET -> "FORMAT parquet" + parquetCodec(compression);
          case CSV -> "FORMAT csv, HEADER true";
          case JSONL -> "FORMAT json";
          case JSON -> "FORMAT json, ARRAY true";
        };
    if (native_) {
      options += ", COMPRESSION " + compression.codec();
    }
    long rows =
        copy(
            "COPY (SELECT * FROM "
                + sql(table)
                + ") TO "
                + literal(plain.toAbsolutePath().toString())
                + " ("
                + options
                + ")",
            table.source(),
            progress);
    if (plain != target) {
      try (InputStream in = Files.newInputStream(plain);
          OutputStream out = Codecs.compress(compression, Files.newOutputStream(target))) {
        in.transferTo(out);
      } finally {
        Files.deleteIfExists(plain);
      }
    }
    return rows;
  }

  private static String parquetCodec(Compression c) {
    return switch (c.codec()) {
      case "none" -> "";
      case "zstd" ->
          ", COMPRESSION zstd" + (c.level() == null ? "" : ", COMPRESSION_LEVEL " + c.level());
      case "lz4" -> ", COMPRESSION lz4_raw";
      default -> ", COMPRESSION " + c.codec();
    };
  }

  /** Runs a COPY, polling the engine's progress; returns the rows it wrote. */
  private long copy(String sql, Path source, DoubleConsumer progress) throws IOException {
    try (DuckDBPreparedStatement s =
        connection.prepareStatement(sql).unwrap(DuckDBPreparedStatement.class)) {
      CompletableFuture<Long> run =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  s.execute();
                  try (ResultSet r = s.getResultSet()) {
                    return r != null && r.next() ? r.getLong(1) : Math.max(0, s.getUpdateCount());
                  }
                } catch (SQLException e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              });
      while (true) {
        try {
          return run.get(100, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
          QueryProgress p = s.getQueryProgress();
          if (p != null && p.getPercentage() >= 0) {
            progress.accept(Math.min(1, p.getPercentage() / 100));
          }
        }
      }
    } catch (ExecutionException e) {
      throw failure(source, e.getCause() instanceof SQLException q ? q : new SQLException(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("export interrupted");
    } catch (SQLException e) {
      throw failure(source, e);
    }
  }

  @Override
  public void scan(Table table, String selectList, String tail, RowHandler rows)
      throws IOException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery("SELECT " + selectList + " FROM " + sql(table) + " " + tail)) {
      int n = r.getMetaData().getColumnCount();
      while (r.next()) {
        Object[] row = new Object[n];
        for (int i = 0; i < n; i++) {
          row[i] = r.getObject(i + 1);
        }
        rows.row(row);
      }
    } catch (SQLException e) {
      throw failure(table.source(), e);
    }
  }

  /** A query over existing tables, usable wherever a table is. */
  Table query(String sql, Path source) {
    return new DuckTable(source, "(" + sql + ")");
  }

  /** A named table, usable wherever a table is. */
  Table named(String name, Path source) {
    return new DuckTable(source, name);
  }

  /** The SQL that stands for a table in a FROM clause. */
  static String from(Table t) {
    return sql(t);
  }

  /** Runs a statement. */
  void run(String sql) throws IOException {
    try {
      execute(sql);
    } catch (SQLException e) {
      throw new IOException(DefaultExportService.oneLine(e), e);
    }
  }

  /** The first column of the first row of a query, as a long. */
  long scalar(String sql) throws IOException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    } catch (SQLException e) {
      throw new IOException(DefaultExportService.oneLine(e), e);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  private static String sql(Table t) {
    return ((DuckTable) t).sql();
  }

  static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  static String identifier(String s) {
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static IOException failure(Path file, SQLException e) {
    return new IOException(file + ": " + DefaultExportService.oneLine(e), e);
  }

  @Override
  public void close() throws IOException {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IOException(e);
    } finally {
      DefaultExportService.deleteTree(tempDir);
    }
  }
}
