package dev.mldata.export.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mldata.core.ExportFormat;
import dev.mldata.core.ExportRequest;
import dev.mldata.core.ExportResult;
import dev.mldata.core.Framework;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataConfig;
import dev.mldata.testsupport.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generated loader code: golden files per schema, and the PyTorch loader run for real. */
class LoaderTest {
  @TempDir Path tmp;

  Mldata mldata() throws Exception {
    return Mldata.builder().config(MldataConfig.defaults(tmp.resolve("home"))).build();
  }

  /** 57 rows: two numeric features, a text column, a categorical label. */
  Path flowers() throws Exception {
    StringBuilder b = new StringBuilder("sepal length,petal_width,note,species\n");
    Random r = new Random(4);
    String[] species = {"virginica", "setosa", "versicolor"};
    for (int i = 0; i < 57; i++) {
      b.append(
          String.format(
              Locale.ROOT,
              "%.1f,%.3f,n%d,%s%n",
              4 + r.nextInt(40) / 10.0,
              r.nextInt(3000) / 1000.0,
              i,
              species[r.nextInt(3)]));
    }
    Path p = tmp.resolve("src/flowers.csv");
    Files.createDirectories(p.getParent());
    Files.writeString(p, b);
    return p;
  }

  /** Regression target named "target" plus an image path column. */
  Path houses() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("houses"));
    Files.writeString(
        dir.resolve("houses.csv"),
        "rooms,area,photo,target\n3,72.5,img/a.png,310000.5\n4,101.0,img/b.png,455000.0\n");
    return dir.resolve("houses.csv");
  }

  void assertGolden(Path file, String golden) throws Exception {
    String actual =
        Files.readString(file).replace(Mldata.version(), "VERSION").replace(tmp.toString(), "TMP");
    Path expected = Path.of("src/test/resources/golden", golden);
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(expected, actual);
    }
    assertThat(actual).as(golden).isEqualTo(Files.readString(expected));
  }

  @Test
  void pytorchLoaderGoldenAndRunThroughADataLoader() throws Exception {
    Path src = flowers();
    Path out = tmp.resolve("out");
    ExportResult r =
        mldata()
            .export(
                ExportRequest.of(src)
                    .formats(ExportFormat.PARQUET, ExportFormat.CSV)
                    .into(out)
                    .framework(Framework.PYTORCH)
                    .label("species"));
    assertThat(r.failures()).isEmpty();
    assertThat(r.snippet()).contains("from pytorch_dataset import FlowersDataset");
    assertGolden(out.resolve("pytorch_dataset.py"), "flowers-pytorch_dataset.py");
    assertGolden(out.resolve("README.md"), "flowers-pytorch-README.md");
    assertThat(Files.readString(out.resolve("label_mapping.json")))
        .isEqualToIgnoringWhitespace("{\"setosa\" : 0, \"versicolor\" : 1, \"virginica\" : 2}");

    Tools.require(Tools.python(), "-c", "import torch");
    Files.writeString(
        out.resolve("check.py"),
        String.join(
            "\n",
            "import torch",
            "from pytorch_dataset import FlowersDataset, FlowersIterableDataset",
            "for data in (FlowersDataset(), FlowersIterableDataset()):",
            "    for batch in torch.utils.data.DataLoader(data, batch_size=7):",
            "        for f, l in zip(batch['features'].tolist(), batch['label'].tolist()):",
            "            print('%.3f %.3f %d' % (f[0], f[1], l))",
            ""));
    Process p =
        new ProcessBuilder(Tools.python(), "check.py")
            .directory(out.toFile())
            .redirectErrorStream(true)
            .start();
    String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(printed).isZero();
    List<String> expected = new ArrayList<>();
    List<String> order = List.of("setosa", "versicolor", "virginica");
    for (String line : Files.readAllLines(src).subList(1, 58)) {
      String[] v = line.split(",");
      expected.add(
          String.format(
              Locale.ROOT,
              "%.3f %.3f %d",
              Float.parseFloat(v[0]),
              Float.parseFloat(v[1]),
              order.indexOf(v[3])));
    }
    List<String> twice = new ArrayList<>(expected);
    twice.addAll(expected);
    assertThat(printed.lines().toList()).isEqualTo(twice);
  }

  @Test
  void tensorflowAndJaxLoadersCompileAndNpzLoads() throws Exception {
    Path src = houses();
    Path tf = tmp.resolve("tf");
    mldata()
        .export(
            ExportRequest.of(src)
                .formats(ExportFormat.JSONL)
                .into(tf)
                .framework(Framework.TENSORFLOW));
    assertGolden(tf.resolve("tensorflow_dataset.py"), "houses-tensorflow_dataset.py");
    Path jax = tmp.resolve("jax");
    ExportResult r =
        mldata()
            .export(
                ExportRequest.of(flowers())
                    .formats(ExportFormat.CSV)
                    .into(jax)
                    .framework(Framework.JAX)
                    .label("species"));
    assertThat(r.generated())
        .extracting(g -> g.getFileName().toString())
        .containsExactly("flowers.npz", "label_mapping.json", "jax_dataset.py", "README.md");
    assertGolden(jax.resolve("jax_dataset.py"), "flowers-jax_dataset.py");

    Tools.require(Tools.python(), "-c", "import numpy");
    for (Path file : List.of(tf.resolve("tensorflow_dataset.py"), jax.resolve("jax_dataset.py"))) {
      Process p =
          new ProcessBuilder(Tools.python(), "-m", "py_compile", file.toString())
              .redirectErrorStream(true)
              .start();
      String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor()).as(o).isZero();
    }
    Process p =
        new ProcessBuilder(
                Tools.python(),
                "-c",
                "import numpy; d = numpy.load('flowers.npz'); "
                    + "print(d['X'].shape, d['X'].dtype, d['y'].shape, d['y'].dtype, "
                    + "round(float(d['X'][0][1]), 3), int(d['y'].max()))")
            .directory(jax.toFile())
            .redirectErrorStream(true)
            .start();
    String o = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).as(o).isZero();
    String first = Files.readAllLines(tmp.resolve("src/flowers.csv")).get(1).split(",")[1];
    assertThat(o).isEqualTo("(57, 2) float32 (57,) int64 " + Float.parseFloat(first) + " 2");
  }
}
