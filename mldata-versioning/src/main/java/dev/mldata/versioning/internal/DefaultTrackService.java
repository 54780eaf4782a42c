package dev.mldata.versioning.internal;

import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.MldataException;
import dev.mldata.core.TrackRequest;
import dev.mldata.core.TrackResult;
import dev.mldata.core.internal.AtomicFiles;
import dev.mldata.core.spi.OperationContext;
import dev.mldata.core.spi.TrackService;
import dev.mldata.versioning.internal.TreeHasher.Entry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.jgit.ignore.IgnoreNode;

/** {@code mldata track}: DVC files and cache, {@code .gitignore}, and Git-LFS attributes. */
public final class DefaultTrackService implements TrackService {
  @Override
  public TrackResult track(TrackRequest request, OperationContext context) throws MldataException {
    if (!request.dvc() && !request.gitLfs()) {
      throw new dev.mldata.core.UsageException("choose --dvc, --git-lfs or both");
    }
    Path path = request.path().toAbsolutePath().normalize();
    if (!Files.exists(path)) {
      throw new MldataException(ExitCode.FAILED, path + ": no such file or folder");
    }
    if (path.getParent() == null) {
      throw new MldataException(ExitCode.FAILED, path + ": cannot track a file system root");
    }
    Path gitTop = Git.topLevel(Files.isDirectory(path) ? path : path.getParent());
    if (gitTop != null) {
      try {
        if (!path.toRealPath().startsWith(gitTop.toRealPath())) {
          throw new MldataException(
              ExitCode.FAILED, path + " is outside the git repository at " + gitTop);
        }
      } catch (IOException e) {
        throw new MldataException(ExitCode.FAILED, path + ": " + e.getMessage());
      }
    }
    Builder out = new Builder();
    if (request.dvc()) {
      dvc(request, path, gitTop, context, out);
    }
    if (request.gitLfs()) {
      lfs(request, path, gitTop, out);
    }
    for (String w : out.warnings) {
      context.listener().onEvent(new Event.Log(Event.Level.WARN, w));
    }
    return out.build();
  }

  private static final class Builder {
    Path dvcFile;
    String dvcHash;
    final List<String> changes = new ArrayList<>();
    int cached;
    final List<String> lfsLines = new ArrayList<>();
    final List<Path> lfsFiles = new ArrayList<>();
    long lfsBytes;
    final List<String> next = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();

    TrackResult build() {
      return new TrackResult(
          dvcFile, dvcHash, changes, cached, lfsLines, lfsFiles, lfsBytes, next, warnings);
    }
  }

  // ------------------------------------------------------------------ DVC

  private static void dvc(
      TrackRequest request, Path path, Path gitTop, OperationContext context, Builder out)
      throws MldataException {
    Path dvcRoot = dvcRoot(path, gitTop);
    String name = path.getFileName().toString();
    Path dvcFile = path.resolveSibling(name + ".dvc");
    DvcFile.Existing existing = null;
    if (Files.exists(dvcFile)) {
      try {
        existing = DvcFile.read(dvcFile, name);
      } catch (IOException e) {
        existing = new DvcFile.Existing(false, null, -1, -1);
      }
      if (!existing.ours() && !request.force()) {
        throw new MldataException(
            ExitCode.FAILED,
            dvcFile
                + " is not a plain data file of dvc add (it has a pipeline stage or other"
                + " outputs): pass --force to replace it");
      }
    }
    boolean folder = Files.isDirectory(path);
    List<Entry> entries;
    String hash;
    long size = 0;
    byte[] manifest = null;
    if (folder) {
      Predicate<String> ignored = dvcIgnore(dvcRoot != null ? dvcRoot : gitTop, path);
      List<Path> files = TreeHasher.list(path, ignored);
      // A built dataset's manifest records SHA-256s: hash both in one pass and compare.
      Path manifestFile = path.resolve("manifest.yaml");
      boolean built = Files.isRegularFile(manifestFile);
      entries = TreeHasher.hash(path, files, Runtime.getRuntime().availableProcessors(), built);
      if (built) {
        out.warnings.addAll(compareWithManifest(manifestFile, entries));
      }
      manifest = TreeHasher.dirManifest(entries);
      hash = TreeHasher.dirHash(manifest);
    } else {
      entries = TreeHasher.hash(path, List.of(path), 1);
      hash = entries.get(0).md5();
    }
    for (Entry e : entries) {
      size += e.size();
    }
    String text =
        DvcFile.render(
            hash,
            size,
            folder ? entries.size() : null,
            !folder && entries.get(0).executable(),
            name);
    Path cacheDir = dvcRoot == null ? null : dvcRoot.resolve(".dvc").resolve("cache");
    if (existing != null && existing.md5() != null) {
      out.changes.addAll(changes(existing, hash, size, entries, cacheDir));
    }
    try {
      AtomicFiles.write(dvcFile, text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, dvcFile + ": " + e.getMessage());
    }
    out.dvcFile = dvcFile;
    out.dvcHash = hash;
    if (dvcRoot != null && !request.noCache()) {
      DvcCache cache = new DvcCache(cacheDir);
      try {
        for (Entry e : entries) {
          out.cached += cache.add(e.file(), e.md5()) ? 1 : 0;
        }
        if (manifest != null) {
          out.cached += cache.add(manifest, hash) ? 1 : 0;
        }
      } catch (IOException e) {
        throw new MldataException(ExitCode.FAILED, "DVC cache: " + e.getMessage());
      }
    }
    Path parent = path.getParent();
    String rel = gitTop == null ? dvcFile.toString() : gitTop.relativize(dvcFile).toString();
    if (gitTop != null) {
      boolean ignored = Git.run(parent, "check-ignore", "-q", "--", name).ok();
      if (!ignored) {
        try {
          GitIgnoreFile.add(parent, name);
        } catch (IOException e) {
          throw new MldataException(ExitCode.FAILED, parent.resolve(".gitignore") + ": " + e);
        }
      }
      String gitignore =
          gitTop.relativize(parent.resolve(".gitignore")).toString().replace('\\', '/');
      out.next.add("git add " + shellQuote(rel) + " " + shellQuote(gitignore));
    } else {
      out.warnings.add(
          "not in a git repository: "
              + dvcFile.getFileName()
              + " was written but nothing was added to .gitignore (run git init and track again"
              + " to version it)");
    }
    if (dvcRoot == null) {
      out.warnings.add(
          "not a DVC repository (no .dvc folder): no cache was filled; run dvc init at the"
              + " repository root, then track again to push the data");
    } else {
      String remote = null;
      try {
        DvcConfig config = DvcConfig.load(dvcRoot.resolve(".dvc"), context.config().env());
        remote = config.defaultRemote();
      } catch (IOException e) {
        out.warnings.add(".dvc/config could not be read: " + e.getMessage());
      }
      if (remote == null) {
        out.warnings.add(
            "no default DVC remote: add one with dvc remote add -d NAME URL, then run dvc push");
      } else {
        out.next.add("dvc push  # to remote '" + remote + "'");
      }
    }
    if (!dvcInstalled()) {
      out.warnings.add(
          "DVC is not installed: install it (pipx install dvc, or pip install dvc) to push the"
              + " data; the .dvc file is ready");
    }
  }

  private static boolean dvcInstalled() {
    try {
      Process p = new ProcessBuilder("dvc", "--version").redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The folder holding {@code .dvc/}: the git root if it has one, else the nearest ancestor. */
  static Path dvcRoot(Path path, Path gitTop) {
    if (gitTop != null) {
      return Files.isDirectory(gitTop.resolve(".dvc")) ? gitTop : null;
    }
    for (Path p = path.getParent(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve(".dvc"))) {
        return p;
      }
    }
    return null;
  }

  /** The repository's {@code .dvcignore} as a predicate over paths relative to {@code folder}. */
  static Predicate<String> dvcIgnore(Path repoRoot, Path folder) throws MldataException {
    if (repoRoot == null || !Files.isRegularFile(repoRoot.resolve(".dvcignore"))) {
      return rel -> false;
    }
    IgnoreNode node = new IgnoreNode();
    try (InputStream in = Files.newInputStream(repoRoot.resolve(".dvcignore"))) {
      node.parse(in);
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, repoRoot.resolve(".dvcignore") + ": " + e);
    }
    String prefix = repoRoot.relativize(folder).toString().replace('\\', '/');
    return rel -> {
      boolean dir = rel.endsWith("/");
      String r = dir ? rel.substring(0, rel.length() - 1) : rel;
      String full = prefix.isEmpty() ? r : prefix + "/" + r;
      // A path is ignored when it or one of its parent folders matches.
      String[] parts = full.split("/");
      StringBuilder sofar = new StringBuilder();
      for (int i = 0; i < parts.length; i++) {
        sofar.append(i == 0 ? "" : "/").append(parts[i]);
        boolean isDir = i < parts.length - 1 || dir;
        Boolean ignored = node.checkIgnored(sofar.toString(), isDir);
        if (Boolean.TRUE.equals(ignored)) {
          return true;
        }
      }
      return false;
    };
  }

  /** Artifacts whose recorded SHA-256 differs from the bytes just hashed for the .dvc file. */
  private static List<String> compareWithManifest(Path manifestFile, List<Entry> entries) {
    List<String> problems = new ArrayList<>();
    try {
      Map<String, Entry> byPath = new HashMap<>();
      entries.forEach(e -> byPath.put(e.relpath(), e));
      for (dev.mldata.core.Manifest.Artifact a :
          dev.mldata.core.Manifest.read(manifestFile).artifacts()) {
        Entry e = byPath.get(a.path());
        if (e != null && a.sha256() != null && !a.sha256().equals(e.sha256())) {
          problems.add(
              a.path()
                  + " differs from manifest.yaml (sha256 "
                  + e.sha256()
                  + ", manifest "
                  + a.sha256()
                  + "): the .dvc file records the bytes on disk; run mldata verify");
        }
      }
    } catch (IOException e) {
      problems.add(manifestFile + " could not be read: " + e.getMessage());
    }
    return problems;
  }

  /** What changed against the previous {@code .dvc}, listing files when the old tree is cached. */
  private static List<String> changes(
      DvcFile.Existing old, String hash, long size, List<Entry> entries, Path cacheDir) {
    List<String> lines = new ArrayList<>();
    if (old.md5().equals(hash)) {
      lines.add("unchanged");
      return lines;
    }
    if (hash.endsWith(".dir") && old.md5().endsWith(".dir") && cacheDir != null) {
      Path oldTree = new DvcCache(cacheDir).path(old.md5());
      if (Files.isRegularFile(oldTree)) {
        try {
          Map<String, String> before = new HashMap<>();
          var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(oldTree.toFile());
          node.forEach(n -> before.put(n.path("relpath").asText(), n.path("md5").asText()));
          Map<String, String> after = new LinkedHashMap<>();
          entries.forEach(e -> after.put(e.relpath(), e.md5()));
          Set<String> seen = new HashSet<>();
          for (Map.Entry<String, String> e : after.entrySet()) {
            String was = before.get(e.getKey());
            if (was == null) {
              lines.add("added " + e.getKey());
            } else if (!was.equals(e.getValue())) {
              lines.add("modified " + e.getKey());
            }
            seen.add(e.getKey());
          }
          before.keySet().stream()
              .filter(k -> !seen.contains(k))
              .sorted()
              .forEach(k -> lines.add("removed " + k));
        } catch (IOException e) {
          // fall back to the summary below
        }
      }
    }
    if (lines.isEmpty() && !hash.endsWith(".dir")) {
      lines.add("modified");
    }
    long delta = size - old.size();
    String summary =
        "size "
            + old.size()
            + " -> "
            + size
            + " bytes ("
            + (delta >= 0 ? "+" : "")
            + delta
            + ")"
            + (old.nfiles() >= 0 ? ", files " + old.nfiles() + " -> " + entries.size() : "");
    lines.add(summary);
    return lines;
  }

  // ------------------------------------------------------------------ Git-LFS

  private static void lfs(TrackRequest request, Path path, Path gitTop, Builder out)
      throws MldataException {
    if (gitTop == null) {
      throw new MldataException(
          ExitCode.CONFIG,
          path
              + " is not in a git work tree: run git init in the project folder first (Git-LFS"
              + " needs a repository)");
    }
    if (!Git.run(gitTop, "lfs", "version").ok()) {
      throw new MldataException(
          ExitCode.CONFIG,
          "git-lfs is not installed: apt-get install git-lfs (Debian/Ubuntu), brew install"
              + " git-lfs (macOS), or see https://git-lfs.com");
    }
    List<Path> files =
        Files.isDirectory(path) ? TreeHasher.list(path, rel -> false) : List.of(path);
    String base = gitTop.relativize(path).toString().replace('\\', '/');
    boolean folder = Files.isDirectory(path);
    Set<String> extensions = new java.util.TreeSet<>();
    List<String> explicit = new ArrayList<>();
    for (Path f : files) {
      String ext = LfsAttributes.binaryExtension(f.getFileName().toString());
      long size;
      try {
        size = Files.size(f);
      } catch (IOException e) {
        throw new MldataException(ExitCode.FAILED, f + ": " + e.getMessage());
      }
      if (ext != null && folder) {
        extensions.add(ext);
      } else if (ext != null || size >= request.threshold()) {
        explicit.add(
            LfsAttributes.escapeFilename(gitTop.relativize(f).toString().replace('\\', '/')));
      } else {
        continue;
      }
      out.lfsFiles.add(f);
      out.lfsBytes += size;
    }
    List<String> patterns = new ArrayList<>();
    for (String ext : extensions) {
      patterns.add(LfsAttributes.escape(base.isEmpty() ? "*." + ext : base + "/**/*." + ext));
    }
    patterns.addAll(explicit);
    Path attributes = gitTop.resolve(".gitattributes");
    String existing;
    try {
      existing =
          Files.exists(attributes) ? Files.readString(attributes, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, attributes + ": " + e.getMessage());
    }
    boolean autocrlf =
        Git.run(gitTop, "config", "--get", "core.autocrlf").out().strip().equalsIgnoreCase("true");
    LfsAttributes.Merge merge = LfsAttributes.merge(existing, patterns, autocrlf);
    out.lfsLines.addAll(merge.added().stream().map(p -> p + LfsAttributes.ATTRIBUTES).toList());
    if (!request.dryRun()) {
      if (merge.text() != null) {
        if (Files.exists(attributes) && readOnly(attributes)) {
          throw new MldataException(
              ExitCode.FAILED,
              attributes
                  + " is read-only: make it writable (chmod u+w .gitattributes) and run again");
        }
        try {
          AtomicFiles.write(attributes, merge.text().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          throw new MldataException(ExitCode.FAILED, attributes + ": " + e.getMessage());
        }
      }
      if (!Git.run(gitTop, "config", "--get", "filter.lfs.process").ok()) {
        Git.Result r = Git.run(gitTop, "lfs", "install", "--local");
        if (!r.ok()) {
          throw new MldataException(ExitCode.CONFIG, "git lfs install --local failed: " + r.err());
        }
      }
    }
    out.next.add("git add .gitattributes " + shellQuote(base.isEmpty() ? "." : base));
    out.next.add(
        "git commit -m "
            + shellQuote("Track " + (base.isEmpty() ? "data" : base) + " with Git LFS"));
  }

  private static boolean readOnly(Path file) {
    try {
      return !Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      return !Files.isWritable(file);
    }
  }

  static String shellQuote(String s) {
    return s.matches("[A-Za-z0-9_./=:@%+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
