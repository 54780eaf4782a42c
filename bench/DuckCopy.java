import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * The peer for bench/export-bench.sh: three separate DuckDB conversions of one CSV (to Parquet, CSV
 * and JSONL), each a COPY … FROM read_csv(…), in one warm process. Prints the seconds of each and
 * the total (JVM start and driver load excluded, which favours this side).
 */
public class DuckCopy {
  public static void main(String[] args) throws Exception {
    String csv = args[0];
    String out = args[1];
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT 1");
      }
      double total = 0;
      String[][] jobs = {
        {"parquet", "FORMAT parquet"}, {"csv", "FORMAT csv, HEADER true"}, {"jsonl", "FORMAT json"}
      };
      for (String[] job : jobs) {
        long t0 = System.nanoTime();
        try (Statement s = c.createStatement()) {
          s.execute(
              "COPY (SELECT * FROM read_csv('" + csv + "')) TO '" + out + "/data." + job[0]
                  + "' (" + job[1] + ")");
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        total += secs;
        System.out.printf("duckdb %-8s %.3f s%n", job[0], secs);
      }
      System.out.printf("duckdb total    %.3f s%n", total);
    }
  }
}
