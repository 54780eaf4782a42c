package dev.mldata.core.spi;

import dev.mldata.core.PullException;
import dev.mldata.core.PullRequest;
import dev.mldata.core.PullResult;

/**
 * Service provider for {@link dev.mldata.core.Mldata#pull}: implemented by the mldata-fetch module
 * and found with {@link java.util.ServiceLoader}. Not for users.
 */
public interface PullService {
  /** Runs a pull. Interrupting the calling thread stops it, keeping partial data. */
  PullResult pull(PullRequest request, OperationContext context) throws PullException;
}
