package dev.mldata.fetch.internal;

import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.PulledFile;
import dev.mldata.core.internal.AtomicFiles;
import dev.mldata.fetch.FetchException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Extracts a zip archive into a folder, refusing anything that could write outside it: absolute
 * paths, {@code ..} segments and symbolic links are rejected before a single byte is written.
 * Everything is extracted into a staging folder and moved into place only when the whole archive
 * succeeded; extraction stops when the bytes written pass a size limit or an entry expands more
 * than a ratio limit (zip bombs).
 */
final class SafeUnzip {
  private static final long RATIO_GRACE = 1 << 20;

  private SafeUnzip() {}

  static List<PulledFile> extract(
      Path archive, Path output, long maxBytes, int maxRatio, boolean overwrite)
      throws FetchException {
    String name = archive.getFileName().toString();
    Path base = output.toAbsolutePath().normalize();
    try (ZipFile zip = ZipFile.builder().setPath(archive).get()) {
      List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
      for (ZipArchiveEntry e : entries) {
        check(name, e, base);
      }
      Path staging = Files.createTempDirectory(base, ".mldata-unzip-");
      try {
        List<PulledFile> files = new ArrayList<>();
        long total = 0;
        for (ZipArchiveEntry e : entries) {
          if (e.isDirectory()) {
            continue;
          }
          Path staged = staging.resolve(e.getName()).normalize();
          Files.createDirectories(staged.getParent());
          long written = 0;
          try (InputStream in = zip.getInputStream(e);
              OutputStream out = Files.newOutputStream(staged)) {
            byte[] buffer = new byte[Transfer.SMALL_BUFFER];
            for (int n; (n = in.read(buffer)) != -1; ) {
              out.write(buffer, 0, n);
              written += n;
              total += n;
              if (total > maxBytes) {
                throw bomb(name, "it expands past " + maxBytes + " bytes (zipMaxBytes)");
              }
              long compressed = Math.max(1, e.getCompressedSize());
              if (written > RATIO_GRACE && written / compressed > maxRatio) {
                throw bomb(
                    name,
                    "entry '"
                        + e.getName()
                        + "' expands more than "
                        + maxRatio
                        + " times (zipMaxRatio)");
              }
            }
          }
          files.add(
              new PulledFile(e.getName(), written, null, Event.Outcome.DOWNLOADED, written, 0));
        }
        List<PulledFile> placed = new ArrayList<>();
        for (PulledFile f : files) {
          Path target = base.resolve(f.path());
          boolean same =
              Files.isRegularFile(target) && Files.mismatch(target, staging.resolve(f.path())) < 0;
          if (!same && Files.exists(target) && !overwrite) {
            throw new FetchException(
                ExitCode.FAILED,
                target
                    + " already exists with other content; use --force to overwrite it"
                    + " (nothing was extracted)");
          }
          placed.add(
              same ? new PulledFile(f.path(), f.size(), null, Event.Outcome.UNCHANGED, 0, 0) : f);
        }
        for (PulledFile f : placed) {
          if (f.outcome() != Event.Outcome.UNCHANGED) {
            Path target = base.resolve(f.path());
            Files.createDirectories(target.getParent());
            AtomicFiles.move(staging.resolve(f.path()), target);
          }
        }
        return placed;
      } finally {
        deleteTree(staging);
      }
    } catch (IOException e) {
      throw new FetchException(
          ExitCode.FAILED,
          name + ": cannot extract (" + e.getMessage() + "); the archive is damaged",
          e);
    }
  }

  private static void check(String archive, ZipArchiveEntry e, Path base)
      throws FetchException, IOException {
    String n = e.getName();
    boolean absolute = n.startsWith("/") || n.startsWith("\\") || n.matches("^[A-Za-z]:.*");
    Path target = base.resolve(n).normalize();
    if (absolute || n.contains("\\") || !target.startsWith(base) || target.equals(base)) {
      throw new FetchException(
          ExitCode.FAILED,
          archive
              + ": entry '"
              + n
              + "' would be written outside "
              + base
              + "; refusing to extract the archive (nothing was written)");
    }
    if (e.isUnixSymlink()) {
      throw new FetchException(
          ExitCode.FAILED,
          archive
              + ": entry '"
              + n
              + "' is a symbolic link; refusing to extract the archive"
              + " (nothing was written)");
    }
  }

  private static FetchException bomb(String archive, String why) {
    return new FetchException(
        ExitCode.FAILED,
        archive
            + ": refusing to extract: "
            + why
            + "; raise the limit in mldata.yaml if the"
            + " archive is trusted (nothing was written)");
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
