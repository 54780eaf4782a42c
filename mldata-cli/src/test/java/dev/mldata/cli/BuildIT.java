package dev.mldata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mldata.cli.CliProcess.Run;
import dev.mldata.core.Hasher;
import dev.mldata.core.Manifest;
import dev.mldata.testsupport.FakeHuggingFace;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mldata build}, {@code rebuild}, {@code verify} and {@code split} as a user runs them. */
class BuildIT {
  @TempDir Path tmp;
  final Map<String, String> env = new HashMap<>();

  Run mldata(String... args) throws Exception {
    return CliProcess.run(tmp, env, null, args);
  }

  /** 1,000 rows: id, two features, a column with an awkward name, a 90/10 label. */
  Path csv() throws Exception {
    StringBuilder b = new StringBuilder("id,x,Weird Name!,label\n");
    Random r = new Random(5);
    for (int i = 0; i < 1000; i++) {
      b.append(i)
          .append(',')
          .append(String.format(Locale.ROOT, "%.4f", r.nextGaussian()))
          .append(',')
          .append(r.nextInt(50))
          .append(',')
          .append(i % 10 == 0 ? "rare" : "common")
          .append('\n');
    }
    Path p = tmp.resolve("src/data.csv");
    Files.createDirectories(p.getParent());
    Files.writeString(p, b);
    return p;
  }

  static List<Long> ids(Path parquet) throws Exception {
    List<Long> ids = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT id FROM read_parquet('" + parquet + "')")) {
      while (r.next()) {
        ids.add(r.getLong(1));
      }
    }
    return ids;
  }

  static long count(Path parquet, String where) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery("SELECT count(*) FROM read_parquet('" + parquet + "') WHERE " + where)) {
      r.next();
      return r.getLong(1);
    }
  }

  @Test
  void buildsAFolderWithManifestSplitsAndReports() throws Exception {
    Path src = csv();
    Path out = tmp.resolve("ds");
    Run run =
        mldata(
            "build",
            src.toString(),
            "--output",
            out.toString(),
            "--formats",
            "parquet,csv",
            "--stratify",
            "label",
            "--seed",
            "7",
            "--threads",
            "1");
    assertThat(run.exit()).as(run.output()).isZero();
    for (String f :
        List.of(
            "manifest.yaml",
            "artifacts/data.parquet",
            "artifacts/data.csv",
            "splits/train.parquet",
            "splits/val.parquet",
            "splits/test.parquet",
            "splits/test.csv",
            "reports/quality.json",
            "reports/quality.md",
            "reports/quality.html")) {
      assertThat(out.resolve(f)).as(f).isRegularFile();
    }
    assertThat(out.resolve(".mldata-build")).doesNotExist();
    Manifest m = Manifest.read(out.resolve("manifest.yaml"));
    assertThat(m.source().uri()).isEqualTo(src.toString());
    assertThat(m.source().checksums())
        .containsEntry("data.csv", "sha256:" + Hasher.hash(src, "sha256").sha256());
    assertThat(m.parameters()).containsEntry("seed", 7).containsEntry("stratify", "label");
    assertThat(m.table()).containsEntry("rows", 1000).containsEntry("label", "label");
    assertThat(m.table().get("renamed").toString()).contains("Weird Name!=Weird_Name");
    for (Manifest.Artifact a : m.artifacts()) {
      var d = Hasher.hash(out.resolve(a.path()), "sha256", "md5");
      assertThat(a.sha256()).isEqualTo(d.sha256());
      assertThat(a.md5()).isEqualTo(d.md5());
    }
    // An exact partition: sizes 800/100/100, every id exactly once, labels stratified.
    List<Long> train = ids(out.resolve("splits/train.parquet"));
    List<Long> val = ids(out.resolve("splits/val.parquet"));
    List<Long> test = ids(out.resolve("splits/test.parquet"));
    assertThat(List.of(train.size(), val.size(), test.size())).containsExactly(800, 100, 100);
    Set<Long> all = new HashSet<>(train);
    all.addAll(val);
    all.addAll(test);
    assertThat(all).hasSize(1000);
    assertThat(count(out.resolve("splits/train.parquet"), "label = 'rare'")).isEqualTo(80);
    assertThat(count(out.resolve("splits/val.parquet"), "label = 'rare'")).isEqualTo(10);
    assertThat(count(out.resolve("splits/test.parquet"), "label = 'rare'")).isEqualTo(10);
    assertThat(train).isSorted(); // rows keep their original order inside a split

    // Same seed, other thread count: identical splits. Other seed: different.
    Path again = tmp.resolve("ds2");
    assertThat(
            mldata(
                    "build",
                    src.toString(),
                    "--output",
                    again.toString(),
                    "--formats",
                    "parquet,csv",
                    "--stratify",
                    "label",
                    "--seed",
                    "7",
                    "--threads",
                    "2")
                .exit())
        .isZero();
    assertThat(ids(again.resolve("splits/test.parquet"))).isEqualTo(test);
    assertThat(Files.readAllBytes(again.resolve("splits/test.csv")))
        .isEqualTo(Files.readAllBytes(out.resolve("splits/test.csv")));
    Path other = tmp.resolve("ds3");
    assertThat(mldata("build", src.toString(), "--output", other.toString(), "--seed", "8").exit())
        .isZero();
    assertThat(ids(other.resolve("splits/test.parquet"))).isNotEqualTo(test);

    // --incremental skips an unchanged build.
    Run inc =
        mldata(
            "build",
            src.toString(),
            "--output",
            out.toString(),
            "--formats",
            "parquet,csv",
            "--stratify",
            "label",
            "--seed",
            "7",
            "--threads",
            "1",
            "--incremental");
    assertThat(inc.output()).contains("normalize").contains("unchanged, skipped");
    // Another seed and one format fewer: the checks are reused, the split and export re-run, and
    // no file of the earlier build is left behind.
    Path copy = tmp.resolve("ds-inc");
    assertThat(
            mldata(
                    "build",
                    src.toString(),
                    "--output",
                    copy.toString(),
                    "--formats",
                    "parquet,csv",
                    "--stratify",
                    "label",
                    "--seed",
                    "7")
                .exit())
        .isZero();
    Run changed =
        mldata(
            "build",
            src.toString(),
            "--output",
            copy.toString(),
            "--stratify",
            "label",
            "--seed",
            "9",
            "--incremental");
    assertThat(changed.output())
        .contains("unchanged, skipped (same inputs and checks)")
        .contains("train=800");
    assertThat(copy.resolve("splits/test.csv")).doesNotExist();
    assertThat(mldata("verify", copy.toString()).exit()).isZero();

    // rebuild --verify reproduces it.
    Run rebuild = mldata("rebuild", out.resolve("manifest.yaml").toString());
    assertThat(rebuild.exit()).as(rebuild.output()).isZero();
    assertThat(rebuild.output()).contains("Verified: every artifact has the same content");

    // verify names a modified, a deleted and an added file.
    assertThat(mldata("verify", out.toString()).exit()).isZero();
    Files.writeString(out.resolve("splits/test.csv"), "id\n1\n");
    Files.delete(out.resolve("reports/quality.md"));
    Files.writeString(out.resolve("artifacts/extra.csv"), "x\n");
    Run verify = mldata("verify", out.toString());
    assertThat(verify.exit()).isEqualTo(2);
    assertThat(verify.output())
        .contains("changed splits/test.csv")
        .contains("missing reports/quality.md")
        .contains("extra artifacts/extra.csv");
  }

  @Test
  void qualityChecksFindWhatTheDataHides() throws Exception {
    Path src = tmp.resolve("bad.csv");
    StringBuilder b = new StringBuilder("a,amount,empty,const,label\n");
    for (int i = 0; i < 40; i++) {
      b.append(i % 20)
          .append(',')
          .append(i == 5 ? "n/a" : Integer.toString(i))
          .append(",,k,")
          .append(i < 38 ? "yes" : (i == 39 ? "" : "no"))
          .append('\n');
    }
    b.append("0,0,,k,yes\n"); // a duplicate of the first row
    Files.writeString(src, b);
    Run run = mldata("build", src.toString(), "--output", tmp.resolve("q").toString());
    assertThat(run.exit()).as(run.output()).isEqualTo(2);
    String md = Files.readString(tmp.resolve("q/reports/quality.md"));
    assertThat(md)
        .contains("duplicate rows")
        .contains("amount mixes types: 40 numbers and 1 unparseable values (e.g. 'n/a')")
        .contains("empty is empty in every row")
        .contains("const has the same value in every row")
        .contains("1 rows have no label in label")
        .contains("is imbalanced");
    assertThat(tmp.resolve("q/splits")).doesNotExist();
    String html = Files.readString(tmp.resolve("q/reports/quality.html"));
    assertThat(html).contains("<h2>Label distribution (label)</h2>").contains("class=\"bar\"");
    // The page renders in a real browser with no console output, and a broken page would show.
    assertThat(chromium(tmp.resolve("q/reports/quality.html"), tmp.resolve("q.png"))).isEmpty();
    assertThat(Files.size(tmp.resolve("q.png"))).isGreaterThan(10_000);
    Path broken =
        Files.writeString(tmp.resolve("broken.html"), "<script>throw new Error('x')</script>");
    assertThat(chromium(broken, tmp.resolve("broken.png"))).isNotEmpty();
    Run lenient =
        mldata(
            "build",
            src.toString(),
            "--output",
            tmp.resolve("q2").toString(),
            "--fail-on",
            "never");
    assertThat(lenient.exit()).isZero();
    assertThat(
            mldata(
                    "build",
                    src.toString(),
                    "--output",
                    tmp.resolve("q3").toString(),
                    "--split",
                    "0.5,0.6")
                .exit())
        .isEqualTo(64);
  }

  /** Screenshots a page with headless Chromium; returns its console messages. */
  static List<String> chromium(Path page, Path png) throws Exception {
    dev.mldata.testsupport.Tools.require("chromium", "--version");
    Process p =
        new ProcessBuilder(
                "chromium",
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--enable-logging=stderr",
                "--v=0",
                "--window-size=1000,1200",
                "--screenshot=" + png,
                page.toUri().toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(log).isZero();
    assertThat(png).isRegularFile();
    return log.lines().filter(l -> l.contains(":CONSOLE")).toList();
  }

  @Test
  void buildsFromAHubDataset() throws Exception {
    try (FakeHuggingFace hf = FakeHuggingFace.start()) {
      StringBuilder b = new StringBuilder("text,label\n");
      for (int i = 0; i < 100; i++) {
        b.append("review ").append(i).append(',').append(i % 2 == 0 ? "pos" : "neg").append('\n');
      }
      String commit =
          hf.repo("acme/reviews")
              .commit(
                  "main", Map.of("data/train.csv", b.toString().getBytes(StandardCharsets.UTF_8)));
      env.put("HF_ENDPOINT", hf.endpoint());
      env.put("HF_HOME", tmp.resolve("hf").toString());
      Path out = tmp.resolve("hub");
      Run run =
          mldata("build", "hf://acme/reviews", "--output", out.toString(), "--split", "0.9,0.1");
      assertThat(run.exit()).as(run.output()).isZero();
      Manifest m = Manifest.read(out.resolve("manifest.yaml"));
      assertThat(m.source().uri()).isEqualTo("hf://acme/reviews");
      assertThat(m.source().revision()).isEqualTo(commit);
      // A new commit on main does not change what rebuild fetches: the manifest pins the commit.
      hf.repo("acme/reviews")
          .commit(
              "main",
              Map.of("data/train.csv", "text,label\nx,pos\n".getBytes(StandardCharsets.UTF_8)));
      Run rebuild = mldata("rebuild", out.resolve("manifest.yaml").toString());
      assertThat(rebuild.exit()).as(rebuild.output()).isZero();
      assertThat(rebuild.output()).contains("hf://acme/reviews@" + commit);
      assertThat(m.source().checksums()).containsKey("data/train.csv");
      assertThat(ids2(out.resolve("splits/train.parquet"))).isEqualTo(90);
      assertThat(out.resolve("splits/val.parquet")).doesNotExist();
    }
  }

  @Test
  void infoDescribesHubDatasetsWithoutDownloadingThem() throws Exception {
    try (FakeHuggingFace hf = FakeHuggingFace.start().lfsThreshold(1000);
        dev.mldata.testsupport.FakeOpenMl openml = dev.mldata.testsupport.FakeOpenMl.start()) {
      byte[] big = new byte[50_000];
      new Random(2).nextBytes(big);
      String commit =
          hf.repo("acme/big")
              .commit("main", Map.of("data/train.parquet", big, "README.md", "# x\n".getBytes()));
      env.put("HF_ENDPOINT", hf.endpoint());
      env.put("HF_HOME", tmp.resolve("hf").toString());
      Run run = mldata("info", "hf://acme/big");
      assertThat(run.exit()).as(run.output()).isZero();
      assertThat(run.output())
          .contains("hf://acme/big @ " + commit + ": 2 file(s)")
          .contains(
              "data/train.parquet  48.8 KiB  sha256:"
                  + FakeHuggingFace.sha256(big).substring(0, 12))
          .contains("nothing downloaded");
      assertThat(hf.cdn().bodyBytesSent()).isZero();
      assertThat(hf.hub().requests()).noneMatch(r -> r.path().contains("/resolve/"));

      byte[] arff =
          "@relation iris\n@attribute a numeric\n@attribute class {x,y}\n@data\n1,x\n".getBytes();
      openml.add(
          new dev.mldata.testsupport.FakeOpenMl.Dataset(
              "61",
              "iris",
              arff,
              null,
              dev.mldata.testsupport.FakeOpenMl.md5(arff),
              "class",
              "[{\"index\":\"0\",\"name\":\"a\",\"data_type\":\"numeric\"},"
                  + "{\"index\":\"1\",\"name\":\"class\",\"data_type\":\"nominal\","
                  + "\"is_target\":\"true\"}]"));
      env.put("MLDATA_OPENML_ENDPOINT", openml.endpoint());
      Run ml = mldata("info", "openml://61", "--schema");
      assertThat(ml.exit()).as(ml.output()).isZero();
      assertThat(ml.output())
          .contains("2 columns")
          .contains("  a: numeric")
          .contains("  class: nominal (target)");
      assertThat(openml.files().bodyBytesSent()).isZero();
    }
  }

  static long ids2(Path parquet) throws Exception {
    return count(parquet, "true");
  }

  @Test
  void exportsOfABuiltDatasetAreRecordedAndSurviveARebuild() throws Exception {
    Path src = csv();
    Path ds = tmp.resolve("exp");
    assertThat(mldata("build", src.toString(), "--output", ds.toString()).exit()).isZero();
    Run export = mldata("export", ds.toString(), "--formats", "jsonl");
    assertThat(export.exit()).as(export.output()).isZero();
    assertThat(ds.resolve("exports/train.jsonl")).isRegularFile();
    assertThat(Manifest.read(ds.resolve("manifest.yaml")).artifacts())
        .extracting(Manifest.Artifact::path)
        .contains("exports/train.jsonl", "exports/val.jsonl", "exports/test.jsonl");
    assertThat(mldata("verify", ds.toString()).exit()).isZero();
    assertThat(mldata("build", src.toString(), "--output", ds.toString(), "--seed", "3").exit())
        .isZero();
    assertThat(mldata("verify", ds.toString()).exit()).isZero();
  }

  @Test
  void splitAlone() throws Exception {
    Path src = csv();
    Run run =
        mldata(
            "split",
            src.toString(),
            "0.7,0.3",
            "--output",
            tmp.resolve("sp").toString(),
            "--indices");
    assertThat(run.exit()).as(run.output()).isZero();
    List<String> train = Files.readAllLines(tmp.resolve("sp/train.txt"));
    List<String> test = Files.readAllLines(tmp.resolve("sp/test.txt"));
    assertThat(train).hasSize(700);
    assertThat(test).hasSize(300);
    Set<String> all = new HashSet<>(train);
    all.addAll(test);
    assertThat(all).hasSize(1000);
  }
}
