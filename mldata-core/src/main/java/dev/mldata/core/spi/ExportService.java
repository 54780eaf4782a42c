package dev.mldata.core.spi;

import dev.mldata.core.ExportRequest;
import dev.mldata.core.ExportResult;
import dev.mldata.core.MldataException;

/** Service provider for {@link dev.mldata.core.Mldata#export}: the mldata-export module. */
public interface ExportService {
  ExportResult export(ExportRequest request, OperationContext context) throws MldataException;
}
