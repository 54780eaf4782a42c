package dev.mldata.core.spi;

import dev.mldata.core.MldataException;
import dev.mldata.core.QualityReport;
import dev.mldata.core.QualityRequest;

/** Service provider for {@link dev.mldata.core.Mldata#quality}: the mldata-validate module. */
public interface QualityService {
  QualityReport check(QualityRequest request, OperationContext context) throws MldataException;
}
