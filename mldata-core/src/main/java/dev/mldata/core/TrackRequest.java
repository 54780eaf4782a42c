package dev.mldata.core;

import java.nio.file.Path;

/**
 * What to put under version control: a data file or folder, with DVC (a {@code .dvc} file like
 * {@code dvc add} writes) and/or Git-LFS ({@code .gitattributes} lines like {@code git lfs track}).
 * Immutable; the {@code with…}-style methods return changed copies.
 *
 * <pre>{@code
 * mldata.track(TrackRequest.dvc(Path.of("data")));
 * }</pre>
 *
 * @param path the file or folder
 * @param dvc write {@code PATH.dvc} (and fill the DVC cache in a DVC repo)
 * @param gitLfs add Git-LFS tracking to the repository's {@code .gitattributes}
 * @param force replace a {@code .dvc} file that is not a plain data file of ours
 * @param noCache do not fill the DVC cache
 * @param threshold files at least this large that match no binary pattern get their own LFS line
 * @param dryRun report what would change and write nothing (Git-LFS)
 */
public record TrackRequest(
    Path path,
    boolean dvc,
    boolean gitLfs,
    boolean force,
    boolean noCache,
    long threshold,
    boolean dryRun) {
  /** The default LFS threshold: 10 MB. */
  public static final long DEFAULT_THRESHOLD = 10_000_000L;

  /** Track {@code path} with DVC. */
  public static TrackRequest dvc(Path path) {
    return new TrackRequest(path, true, false, false, false, DEFAULT_THRESHOLD, false);
  }

  /** Track {@code path} with Git-LFS. */
  public static TrackRequest gitLfs(Path path) {
    return new TrackRequest(path, false, true, false, false, DEFAULT_THRESHOLD, false);
  }

  public TrackRequest withDvc(boolean on) {
    return new TrackRequest(path, on, gitLfs, force, noCache, threshold, dryRun);
  }

  public TrackRequest withGitLfs(boolean on) {
    return new TrackRequest(path, dvc, on, force, noCache, threshold, dryRun);
  }

  public TrackRequest force(boolean on) {
    return new TrackRequest(path, dvc, gitLfs, on, noCache, threshold, dryRun);
  }

  public TrackRequest noCache(boolean on) {
    return new TrackRequest(path, dvc, gitLfs, force, on, threshold, dryRun);
  }

  public TrackRequest threshold(long bytes) {
    return new TrackRequest(path, dvc, gitLfs, force, noCache, bytes, dryRun);
  }

  public TrackRequest dryRun(boolean on) {
    return new TrackRequest(path, dvc, gitLfs, force, noCache, threshold, on);
  }
}
