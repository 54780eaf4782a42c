package dev.mldata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mldata.cli.CliProcess.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mldata export} as a user runs it: the real jar in its own process. */
class ExportIT {
  @TempDir Path tmp;
  final java.util.Map<String, String> env = new java.util.HashMap<>();

  Run mldata(String... args) throws Exception {
    return CliProcess.run(tmp, env, null, args);
  }

  @Test
  void exportsEveryFormatAndPrintsTheSummaryAndSnippet() throws Exception {
    Path csv = tmp.resolve("data.csv");
    Files.writeString(csv, "x,y,label\n1,2.5,cat\n3,4.5,dog\n5,6.5,cat\n");
    Path out = tmp.resolve("out");
    Run run =
        mldata(
            "export",
            csv.toString(),
            "--all",
            "--compression",
            "zstd",
            "--output",
            out.toString(),
            "--framework",
            "pytorch");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("data.parquet")
        .contains("data.csv.zst")
        .contains("data.jsonl.zst")
        .contains("data.json.zst")
        .contains("3 rows")
        .contains("from pytorch_dataset import DataDataset");
    assertThat(out.resolve("label_mapping.json")).exists();

    Run again =
        mldata("export", csv.toString(), "--formats", "csv,jsonl", "--output", out.toString());
    assertThat(again.exit()).as(again.output()).isZero(); // uncompressed names are new files
    Run clash = mldata("export", csv.toString(), "--format", "parquet", "--output", out.toString());
    assertThat(clash.exit()).isEqualTo(1);
    assertThat(clash.output()).contains("data.parquet already exists: pass --force to replace it");
  }

  @Test
  void badChoicesExit64NamingTheValidOnes() throws Exception {
    Path csv = tmp.resolve("data.csv");
    Files.writeString(csv, "x\n1\n");
    Run format = mldata("export", csv.toString(), "--formats", "parquet,xlsx");
    assertThat(format.exit()).isEqualTo(64);
    assertThat(format.output())
        .contains("unknown export format 'xlsx': choose from parquet, csv, jsonl, json");
    Run framework = mldata("export", csv.toString(), "--framework", "keras");
    assertThat(framework.exit()).isEqualTo(64);
    assertThat(framework.output()).contains("choose from pytorch, tensorflow, jax");
    Run codec = mldata("export", csv.toString(), "--compression", "brotli");
    assertThat(codec.exit()).isEqualTo(64);
    assertThat(tmp.resolve("data.parquet")).doesNotExist();
  }
}
