package dev.mldata.validate;

import dev.mldata.core.MldataException;
import dev.mldata.validate.internal.FilesValidationService;
import java.nio.file.Path;

/** Undoes a {@code validate --quarantine DIR}: moves the files back where they were. */
public final class Quarantine {
  private Quarantine() {}

  /**
   * Moves every file listed in {@code dir/quarantine.json} back to its original path.
   *
   * @return the number of files restored
   */
  public static int restore(Path dir) throws MldataException {
    return FilesValidationService.restore(dir);
  }
}
