package dev.mldata.core.spi;

import dev.mldata.core.MldataException;
import dev.mldata.core.ValidationReport;
import dev.mldata.core.ValidationRequest;

/** Service provider for {@link dev.mldata.core.Mldata#validate}: the mldata-validate module. */
public interface ValidationService {
  ValidationReport validate(ValidationRequest request, OperationContext context)
      throws MldataException;
}
