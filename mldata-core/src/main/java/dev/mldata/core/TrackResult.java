package dev.mldata.core;

import java.nio.file.Path;
import java.util.List;

/**
 * What tracking did. Immutable.
 *
 * @param dvcFile the {@code .dvc} file written, or null
 * @param dvcHash its {@code md5} value ({@code <md5>.dir} for a folder), or null
 * @param changes what changed since the previous {@code .dvc} (empty for a first track)
 * @param cached objects written to the DVC cache in this run
 * @param lfsLines lines added to {@code .gitattributes} (or that would be, with dry run)
 * @param lfsFiles files under the path that Git-LFS now stores
 * @param lfsBytes their total size: the LFS storage estimate
 * @param nextCommands the commands to run next, in order
 * @param warnings things the user should know (no git repo, no DVC remote, DVC not installed…)
 */
public record TrackResult(
    Path dvcFile,
    String dvcHash,
    List<String> changes,
    int cached,
    List<String> lfsLines,
    List<Path> lfsFiles,
    long lfsBytes,
    List<String> nextCommands,
    List<String> warnings) {
  public TrackResult {
    changes = List.copyOf(changes);
    lfsLines = List.copyOf(lfsLines);
    lfsFiles = List.copyOf(lfsFiles);
    nextCommands = List.copyOf(nextCommands);
    warnings = List.copyOf(warnings);
  }
}
