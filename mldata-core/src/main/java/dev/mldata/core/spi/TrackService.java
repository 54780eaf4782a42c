package dev.mldata.core.spi;

import dev.mldata.core.MldataException;
import dev.mldata.core.TrackRequest;
import dev.mldata.core.TrackResult;

/** Service provider for {@link dev.mldata.core.Mldata#track}: the mldata-versioning module. */
public interface TrackService {
  TrackResult track(TrackRequest request, OperationContext context) throws MldataException;
}
