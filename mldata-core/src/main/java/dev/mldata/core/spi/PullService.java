package dev.mldata.core.spi;

import dev.mldata.core.ExitCode;
import dev.mldata.core.MldataException;
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

  /**
   * Lists what a pull would bring (paths, sizes, checksums, the resolved revision) without
   * downloading the data; small metadata files a source has (OpenML's description and features) are
   * saved into the request's output folder and listed too.
   */
  default PullResult list(PullRequest request, OperationContext context) throws PullException {
    throw PullException.of(
        new MldataException(
            ExitCode.FAILED, request.source() + ": listing is not supported for this source"));
  }
}
