package dev.mldata.core;

import java.nio.file.Path;
import java.util.List;

/**
 * Splits one data file into train/[val/]test files: an exact partition of the rows, deterministic
 * for a seed on every machine and thread count.
 *
 * @param file the data file
 * @param ratios two or three ratios summing to 1
 * @param output the folder for {@code train.<ext>}, {@code val.<ext>}, {@code test.<ext>}
 * @param seed the seed
 * @param stratify column whose value shares every split keeps, or null
 * @param indices write the 0-based row numbers of each split ({@code train.txt}…) instead of data
 * @param force replace existing files
 */
public record SplitRequest(
    Path file,
    List<Double> ratios,
    Path output,
    long seed,
    String stratify,
    boolean indices,
    boolean force) {
  public SplitRequest {
    ratios = List.copyOf(ratios);
  }

  /**
   * Parses {@code 0.8,0.1,0.1} or {@code 0.9,0.1}.
   *
   * @throws UsageException unless two or three numbers in (0, 1) sum to 1
   */
  public static List<Double> parseRatios(String text) throws UsageException {
    String[] parts = text.split(",");
    if (parts.length < 2 || parts.length > 3) {
      throw new UsageException(
          "split ratios '" + text + "': give 2 or 3 numbers that sum to 1, e.g. 0.8,0.1,0.1");
    }
    List<Double> ratios = new java.util.ArrayList<>();
    double sum = 0;
    for (String p : parts) {
      double r;
      try {
        r = Double.parseDouble(p.strip());
      } catch (NumberFormatException e) {
        throw new UsageException(
            "split ratios '" + text + "': '" + p.strip() + "' is not a number");
      }
      if (!(r > 0 && r < 1)) {
        throw new UsageException("split ratios '" + text + "': each must be between 0 and 1");
      }
      ratios.add(r);
      sum += r;
    }
    if (Math.abs(sum - 1) > 1e-9) {
      throw new UsageException("split ratios '" + text + "' sum to " + sum + ", not 1");
    }
    return ratios;
  }
}
