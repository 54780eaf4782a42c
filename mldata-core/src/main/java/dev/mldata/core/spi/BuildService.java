package dev.mldata.core.spi;

import dev.mldata.core.BuildRequest;
import dev.mldata.core.BuildResult;
import dev.mldata.core.MldataException;
import dev.mldata.core.SplitRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Service provider for builds, splits and table comparison: the mldata-export module. */
public interface BuildService {
  BuildResult build(BuildRequest request, OperationContext context) throws MldataException;

  /** Splits one file; returns the rows per split. */
  Map<String, Long> split(SplitRequest request, OperationContext context) throws MldataException;

  /**
   * Compares the artifacts two dataset folders' manifests list: one line per difference (byte
   * differences of tables are checked row by row).
   */
  List<String> compare(Path original, Path rebuilt) throws MldataException;

  /** Describes data files: size, rows, schema and a few rows, as printable lines. */
  List<String> info(String source, boolean schema, int sample, OperationContext context)
      throws MldataException;
}
