package dev.mldata.export.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.luben.zstd.ZstdInputStream;
import dev.mldata.core.Compression;
import dev.mldata.core.ExitCode;
import dev.mldata.core.ExportFormat;
import dev.mldata.core.ExportRequest;
import dev.mldata.core.ExportResult;
import dev.mldata.core.Hasher;
import dev.mldata.core.Manifest;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataConfig;
import dev.mldata.core.MldataException;
import dev.mldata.core.spi.OperationContext;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import net.jpountz.lz4.LZ4FrameInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.SnappyFramedInputStream;

class ExportTest {
  @TempDir Path tmp;

  /** Fields that break naive writers: quotes, commas, newlines, non-BMP text, nulls, extremes. */
  static final String TRICKY =
      "id,name,score,tiny,day,label\n"
          + "1,\"plain\",1.5,1e-300,2024-02-29,a\n"
          + "2,\"with \"\"quotes\"\", and, commas\",-2.25,4.9e-324,1999-12-31,b\n"
          + "3,\"two\nlines\",1.7976931348623157e308,,2000-01-01,a\n"
          + "4,\"emoji 🦀 and 𝄞 beyond the BMP\",,0.1,,c\n"
          + "5,,0.30000000000000004,-0.0,2024-01-01,b\n";

  Mldata mldata() throws Exception {
    return Mldata.builder().config(MldataConfig.defaults(tmp.resolve("home"))).build();
  }

  Path write(String name, String text) throws Exception {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  /** Every row of a file as text via a separate DuckDB, sorted by id. */
  static List<String> rows(Path file, String reader) throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT id, name, score, tiny, day, label FROM "
                    + reader.replace("F", "'" + file + "'")
                    + " ORDER BY id")) {
      while (r.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= 6; i++) {
          Object v = r.getObject(i);
          b.append(v == null ? "NULL" : v instanceof Double d ? Double.toString(d) : v.toString())
              .append('|');
        }
        rows.add(b.toString());
      }
    }
    return rows;
  }

  static String types(Path file, String reader) throws Exception {
    List<String> t = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("DESCRIBE SELECT * FROM " + reader.replace("F", "'" + file + "'"))) {
      while (r.next()) {
        t.add(r.getString(1) + ":" + r.getString(2));
      }
    }
    return String.join(",", t);
  }

  @Test
  void everyFormatKeepsEveryValueExactly() throws Exception {
    Path src = write("in/data.csv", TRICKY);
    Path out = tmp.resolve("out");
    ExportResult r =
        mldata().export(ExportRequest.of(src).formats(ExportFormat.values()).into(out));
    assertThat(r.failures()).isEmpty();
    assertThat(r.files())
        .extracting(f -> f.path().getFileName().toString())
        .containsExactly("data.parquet", "data.csv", "data.jsonl", "data.json");
    assertThat(r.files()).allSatisfy(f -> assertThat(f.rows()).isEqualTo(5));
    List<String> expected = rows(src, "read_csv(F)");
    assertThat(expected.get(1)).contains("with \"quotes\", and, commas");
    assertThat(expected.get(3)).contains("🦀").contains("NULL");
    assertThat(rows(out.resolve("data.parquet"), "read_parquet(F)")).isEqualTo(expected);
    assertThat(rows(out.resolve("data.csv"), "read_csv(F)")).isEqualTo(expected);
    assertThat(rows(out.resolve("data.jsonl"), "read_json(F, format='newline_delimited')"))
        .isEqualTo(expected);
    assertThat(rows(out.resolve("data.json"), "read_json(F, format='array')")).isEqualTo(expected);
    // Types stay typed where the format has types.
    assertThat(types(out.resolve("data.parquet"), "read_parquet(F)"))
        .isEqualTo("id:BIGINT,name:VARCHAR,score:DOUBLE,tiny:DOUBLE,day:DATE,label:VARCHAR");
    assertThat(Files.readString(out.resolve("data.jsonl")).lines().findFirst().orElseThrow())
        .isEqualTo(
            "{\"id\":1,\"name\":\"plain\",\"score\":1.5,\"tiny\":1e-300,\"day\":\"2024-02-29\","
                + "\"label\":\"a\"}");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .as("no temporary files left")
          .allMatch(n -> !n.startsWith("."));
    }
  }

  @Test
  void compressionCodecsAndLevels() throws Exception {
    Path src = write("in/data.csv", TRICKY);
    String plain = null;
    for (String codec : List.of("gzip", "gzip:9", "zstd", "zstd:19", "snappy", "lz4")) {
      Path out = tmp.resolve("out-" + codec.replace(':', '-'));
      ExportResult r =
          mldata()
              .export(
                  ExportRequest.of(src)
                      .formats(ExportFormat.CSV, ExportFormat.JSONL, ExportFormat.PARQUET)
                      .compression(Compression.parse(codec))
                      .into(out));
      assertThat(r.failures()).isEmpty();
      Compression c = Compression.parse(codec);
      Path csv = out.resolve("data.csv" + c.suffix());
      assertThat(csv).exists();
      assertThat(out.resolve("data.jsonl" + c.suffix())).exists();
      String text;
      try (InputStream raw = Files.newInputStream(csv);
          InputStream in =
              switch (c.codec()) {
                case "gzip" -> new GZIPInputStream(raw);
                case "zstd" -> new ZstdInputStream(raw);
                case "snappy" -> new SnappyFramedInputStream(raw);
                default -> new LZ4FrameInputStream(raw);
              }) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      if (plain == null) {
        plain = text;
      }
      assertThat(text).as(codec).isEqualTo(plain).contains("🦀");
      assertThat(rows(out.resolve("data.parquet"), "read_parquet(F)"))
          .isEqualTo(rows(src, "read_csv(F)"));
    }
    try (Connection conn = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = conn.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT DISTINCT compression FROM parquet_metadata('"
                    + tmp.resolve("out-zstd-19/data.parquet")
                    + "')")) {
      r.next();
      assertThat(r.getString(1)).isEqualToIgnoringCase("ZSTD");
    }
  }

  @Test
  void badChoicesFailBeforeAnyWork() throws Exception {
    assertThatThrownBy(() -> ExportFormat.parseList("parquet,xlsx"))
        .hasMessage("unknown export format 'xlsx': choose from parquet, csv, jsonl, json")
        .extracting(e -> ((MldataException) e).exitCode())
        .isEqualTo(ExitCode.USAGE);
    assertThatThrownBy(() -> Compression.parse("brotli"))
        .hasMessageContaining("choose from zstd[:1-22], gzip[:1-9], snappy, lz4, none");
    assertThatThrownBy(() -> Compression.parse("gzip:12"))
        .hasMessageContaining("gzip levels are 1 to 9");
    assertThatThrownBy(() -> Compression.parse("snappy:3"))
        .hasMessageContaining("snappy takes no level");
    assertThatThrownBy(() -> dev.mldata.core.Framework.parse("keras"))
        .hasMessage("unsupported framework 'keras': choose from pytorch, tensorflow, jax");
  }

  @Test
  void existingOutputsNeedForceAndAreReplacedAtomically() throws Exception {
    Path src = write("in/data.csv", TRICKY);
    Path out = Files.createDirectories(tmp.resolve("out"));
    Files.writeString(out.resolve("data.jsonl"), "mine");
    ExportRequest request =
        ExportRequest.of(src).formats(ExportFormat.PARQUET, ExportFormat.JSONL).into(out);
    assertThatThrownBy(() -> mldata().export(request))
        .hasMessage(out.resolve("data.jsonl") + " already exists: pass --force to replace it");
    assertThat(Files.readString(out.resolve("data.jsonl"))).isEqualTo("mine");
    assertThat(out.resolve("data.parquet")).doesNotExist();
    ExportResult r = mldata().export(request.force(true));
    assertThat(r.files()).hasSize(2);
    assertThat(Files.readString(out.resolve("data.jsonl"))).startsWith("{\"id\":1");
    // Exporting CSV onto its own source is refused even with --force.
    assertThatThrownBy(
            () -> mldata().export(ExportRequest.of(src).formats(ExportFormat.CSV).force(true)))
        .hasMessageContaining("is the source itself");
  }

  @Test
  void oneFailingFormatDoesNotStopTheOthers() throws Exception {
    Path src = write("in/data.csv", TRICKY);
    Path out = Files.createDirectories(tmp.resolve("out"));
    // A non-empty folder where data.json should go: that one rename fails.
    Files.createDirectories(out.resolve("data.json/inside"));
    ExportResult r =
        mldata()
            .export(
                ExportRequest.of(src)
                    .formats(ExportFormat.PARQUET, ExportFormat.JSON, ExportFormat.CSV)
                    .into(out)
                    .force(true));
    assertThat(r.files())
        .extracting(f -> f.format())
        .containsExactly(ExportFormat.PARQUET, ExportFormat.CSV);
    assertThat(r.failures()).singleElement().asString().startsWith("data.json: ");
    try (var files = Files.list(out)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("data.parquet", "data.csv", "data.json");
    }
  }

  @Test
  void notEnoughSpaceFailsFastNamingNeededAndFree() throws Exception {
    Path src = write("in/data.csv", TRICKY.repeat(1).repeat(1));
    DefaultExportService service = new DefaultExportService(dir -> 100);
    assertThatThrownBy(
            () ->
                service.export(
                    ExportRequest.of(src).formats(ExportFormat.JSON).into(tmp.resolve("out")),
                    new OperationContext(MldataConfig.defaults(tmp.resolve("home")), e -> {})))
        .hasMessageMatching(
            "not enough free space in .*out: the export needs about .*, 100 B free; .*")
        .extracting(e -> ((MldataException) e).exitCode())
        .isEqualTo(ExitCode.FAILED);
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void builtDatasetExportsEverySplitAndRecordsThemInTheManifest() throws Exception {
    Path ds = tmp.resolve("ds");
    write("ds/splits/train.csv", TRICKY);
    write("ds/splits/test.csv", "id,name,score,tiny,day,label\n9,x,1.0,2.0,2020-01-01,a\n");
    new Manifest(
            "0.4.0",
            "2026-01-01T00:00:00Z",
            new Manifest.Source("examples/x", null, null),
            Map.of("label", "label"),
            List.of())
        .write(ds.resolve("manifest.yaml"));
    ExportResult r =
        mldata().export(ExportRequest.of(ds).formats(ExportFormat.PARQUET, ExportFormat.JSONL));
    assertThat(r.output()).isEqualTo(ds.resolve("exports"));
    assertThat(r.files())
        .extracting(f -> ds.relativize(f.path()).toString())
        .containsExactly(
            "exports/test.parquet",
            "exports/test.jsonl",
            "exports/train.parquet",
            "exports/train.jsonl");
    Manifest m = Manifest.read(ds.resolve("manifest.yaml"));
    assertThat(m.artifacts()).hasSize(4);
    for (Manifest.Artifact a : m.artifacts()) {
      var d = Hasher.hash(ds.resolve(a.path()), "sha256", "md5");
      assertThat(a.sha256()).isEqualTo(d.sha256());
      assertThat(a.md5()).isEqualTo(d.md5());
      assertThat(a.size()).isEqualTo(Files.size(ds.resolve(a.path())));
    }
    assertThat(m.parameters()).containsEntry("label", "label");
  }

  @Test
  void arffSourcesAreRead() throws Exception {
    Path src =
        write(
            "in/weather.arff",
            "@relation weather\n@attribute outlook {sunny,rainy}\n@attribute temp numeric\n"
                + "@attribute play {yes,no}\n@data\nsunny,85,no\nrainy,?,yes\n");
    ExportResult r =
        mldata().export(ExportRequest.of(src).formats(ExportFormat.JSONL).into(tmp.resolve("o")));
    assertThat(Files.readString(r.files().get(0).path()))
        .isEqualTo(
            "{\"outlook\":\"sunny\",\"temp\":85.0,\"play\":\"no\"}\n"
                + "{\"outlook\":\"rainy\",\"temp\":null,\"play\":\"yes\"}\n");
  }
}
