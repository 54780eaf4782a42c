package dev.mldata.export.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deterministic splits in SQL. Every row gets a stable id (its position) and a key, the MD5 of
 * {@code seed:id}; within each group (one group, or one per value of the stratify column) rows are
 * ranked by key and cut at sizes rounded by largest remainder, so the sizes sum to the row count,
 * each group keeps its share in every split to within one row, and the result depends only on the
 * data and the seed, never on thread count or machine.
 */
final class Splitter {
  private Splitter() {}

  static List<String> names(List<Double> ratios) {
    return ratios.size() == 3 ? List.of("train", "val", "test") : List.of("train", "test");
  }

  /** Sizes for {@code n} rows: floors, then the remainder to the largest fractional parts. */
  static long[] sizes(long n, List<Double> ratios) {
    long[] s = new long[ratios.size()];
    double[] frac = new double[ratios.size()];
    long total = 0;
    for (int i = 0; i < s.length; i++) {
      double exact = n * ratios.get(i);
      s[i] = (long) Math.floor(exact + 1e-9);
      frac[i] = exact - s[i];
      total += s[i];
    }
    for (long left = n - total; left > 0; left--) {
      int best = 0;
      for (int i = 1; i < s.length; i++) {
        if (frac[i] > frac[best] + 1e-12) {
          best = i;
        }
      }
      s[best]++;
      frac[best] = -1;
    }
    return s;
  }

  /**
   * Creates table {@code assigned}: every row of {@code data} with {@code __row} (its position) and
   * {@code __split}. Returns the rows per split.
   */
  static Map<String, Long> assign(
      DuckDbEngine engine, List<Double> ratios, long seed, String stratify) throws IOException {
    List<String> names = names(ratios);
    engine.run(
        "CREATE OR REPLACE TEMP TABLE keyed AS SELECT *, rowid AS __row, md5('"
            + seed
            + ":' || CAST(rowid AS VARCHAR)) AS __key FROM data");
    String group =
        stratify == null
            ? "''"
            : "coalesce(CAST(" + DuckDbEngine.identifier(stratify) + " AS VARCHAR), chr(0))";
    List<Object[]> groups = new ArrayList<>();
    engine.scan(
        engine.named("keyed", java.nio.file.Path.of("data")),
        group + ", count(*)",
        "GROUP BY 1 ORDER BY 1",
        row -> groups.add(row));
    StringBuilder values = new StringBuilder();
    for (Object[] g : groups) {
      long n = ((Number) g[1]).longValue();
      long[] s = sizes(n, ratios);
      long t1 = s[0];
      long t2 = s.length == 3 ? s[0] + s[1] : n;
      values
          .append(values.length() == 0 ? "" : ", ")
          .append("(")
          .append(DuckDbEngine.literal(g[0].toString()))
          .append(", ")
          .append(t1)
          .append(", ")
          .append(t2)
          .append(")");
    }
    engine.run("CREATE OR REPLACE TEMP TABLE bounds (g VARCHAR, t1 BIGINT, t2 BIGINT)");
    if (values.length() > 0) {
      engine.run("INSERT INTO bounds VALUES " + values);
    }
    String second = names.get(1);
    engine.run(
        "CREATE OR REPLACE TEMP TABLE assigned AS SELECT k.* EXCLUDE (__key, __g, __r),"
            + " CASE WHEN __r < b.t1 THEN 'train' WHEN __r < b.t2 THEN '"
            + second
            + "' ELSE 'test' END AS __split FROM (SELECT *, "
            + group
            + " AS __g, row_number() OVER (PARTITION BY "
            + group
            + " ORDER BY __key, __row) - 1 AS __r FROM keyed) k JOIN bounds b ON k.__g = b.g");
    engine.run("DROP TABLE keyed");
    Map<String, Long> sizes = new LinkedHashMap<>();
    for (String name : names) {
      sizes.put(
          name, engine.scalar("SELECT count(*) FROM assigned WHERE __split = '" + name + "'"));
    }
    return sizes;
  }

  /** The rows of one split, in their original order, without the helper columns. */
  static TableEngine.Table split(DuckDbEngine engine, String name) {
    return engine.query(
        "SELECT * EXCLUDE (__row, __split) FROM assigned WHERE __split = '"
            + name
            + "' ORDER BY __row",
        java.nio.file.Path.of(name));
  }

  /** Label (or any column) counts per split. */
  static Map<String, Map<String, Long>> counts(DuckDbEngine engine, String column)
      throws IOException {
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    engine.scan(
        engine.named("assigned", java.nio.file.Path.of("data")),
        "__split, CAST(" + DuckDbEngine.identifier(column) + " AS VARCHAR), count(*)",
        "GROUP BY 1, 2 ORDER BY 1, 2",
        row ->
            out.computeIfAbsent(row[0].toString(), k -> new LinkedHashMap<>())
                .put(
                    row[1] == null ? "(missing)" : row[1].toString(),
                    ((Number) row[2]).longValue()));
    return out;
  }
}
