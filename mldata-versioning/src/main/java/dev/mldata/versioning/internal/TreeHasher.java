package dev.mldata.versioning.internal;

import dev.mldata.core.Digests;
import dev.mldata.core.ExitCode;
import dev.mldata.core.Hasher;
import dev.mldata.core.MldataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;

/**
 * Hashes a file or a folder the way DVC 3 does (raw MD5 per file; a folder is the MD5 of its {@code
 * .dir} manifest), computing SHA-256 in the same pass so a manifest and a {@code .dvc} file
 * describe the same bytes. Files of a folder are hashed in parallel.
 */
public final class TreeHasher {
  private TreeHasher() {}

  /**
   * One regular file.
   *
   * @param relpath path below the tracked folder with {@code /} separators (the file name for a
   *     single file)
   */
  public record Entry(
      String relpath, Path file, long size, String md5, String sha256, boolean executable) {}

  /** The folders DVC never descends into. */
  static boolean skippedDir(String name) {
    return name.equals(".git") || name.equals(".hg") || name.equals(".dvc");
  }

  /**
   * Lists the regular files below {@code root} in DVC's order (code points of the relpath),
   * following symlinks that stay inside {@code root} and refusing those that leave it.
   *
   * @param ignored relpaths (folders end in {@code /}) that {@code .dvcignore} excludes
   */
  public static List<Path> list(Path root, Predicate<String> ignored) throws MldataException {
    List<Path> files = new ArrayList<>();
    Path realRoot;
    try {
      realRoot = root.toRealPath();
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, root + ": " + e.getMessage());
    }
    try {
      Files.walkFileTree(
          root,
          EnumSet.of(FileVisitOption.FOLLOW_LINKS),
          Integer.MAX_VALUE,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
                throws IOException {
              if (!dir.equals(root)) {
                String rel = relpath(root, dir);
                if (skippedDir(dir.getFileName().toString()) || ignored.test(rel + "/")) {
                  return FileVisitResult.SKIP_SUBTREE;
                }
                inside(realRoot, dir);
              }
              if (Files.exists(dir.resolve(".dvcignore")) && !dir.equals(root.getRoot())) {
                throw new IOException(
                    relpath(root, dir.resolve(".dvcignore"))
                        + ": a .dvcignore inside a tracked folder is not allowed by DVC; move its"
                        + " patterns to the repository's .dvcignore");
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              if (attrs.isRegularFile() && !ignored.test(relpath(root, file))) {
                inside(realRoot, file);
                files.add(file);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
              throw e;
            }
          });
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, e.getMessage());
    }
    files.sort(Comparator.comparing(f -> relpath(root, f), TreeHasher::compareCodePoints));
    return files;
  }

  private static void inside(Path realRoot, Path p) throws IOException {
    Path real = p.toRealPath();
    if (!real.startsWith(realRoot)) {
      throw new IOException(
          p + " is a symlink to " + real + ", outside the tracked folder: refusing to track it");
    }
  }

  static String relpath(Path root, Path p) {
    return root.relativize(p).toString().replace('\\', '/');
  }

  /** Python's string order: by code point, not by UTF-16 unit. */
  static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  /** Hashes files (MD5 and SHA-256) on {@code threads} threads, keeping the order of files. */
  public static List<Entry> hash(Path root, List<Path> files, int threads) throws MldataException {
    return hash(root, files, threads, true);
  }

  /**
   * Hashes files on {@code threads} threads; entries keep the order of {@code files}. SHA-256 is
   * computed in the same pass when {@code sha256} is set (null in the entries otherwise).
   */
  public static List<Entry> hash(Path root, List<Path> files, int threads, boolean sha256)
      throws MldataException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, threads),
            r -> {
              Thread t = new Thread(r, "mldata-md5");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Entry>> futures = new ArrayList<>();
      for (Path f : files) {
        futures.add(pool.submit(() -> entry(root, f, sha256)));
      }
      List<Entry> entries = new ArrayList<>(files.size());
      for (Future<Entry> f : futures) {
        entries.add(f.get());
      }
      return entries;
    } catch (ExecutionException e) {
      Throwable c = e.getCause() instanceof UncheckedIOException u ? u.getCause() : e.getCause();
      throw new MldataException(ExitCode.FAILED, "cannot hash: " + c.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MldataException(ExitCode.INTERRUPTED, "interrupted while hashing");
    } finally {
      pool.shutdownNow();
    }
  }

  static Entry entry(Path root, Path file) throws IOException {
    return entry(root, file, true);
  }

  static Entry entry(Path root, Path file, boolean sha256) throws IOException {
    Digests d = sha256 ? Hasher.hash(file, "md5", "sha256") : Hasher.hash(file, "md5");
    String rel = root.equals(file) ? file.getFileName().toString() : relpath(root, file);
    return new Entry(
        rel, file, d.size(), d.md5(), sha256 ? d.sha256() : null, Files.isExecutable(file));
  }

  /**
   * The bytes of DVC's {@code .dir} object: Python's {@code json.dumps(entries, sort_keys=True)}
   * with {@code ensure_ascii}, entries sorted by relpath code points.
   */
  public static byte[] dirManifest(List<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(Entry::relpath, TreeHasher::compareCodePoints));
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < sorted.size(); i++) {
      Entry e = sorted.get(i);
      b.append(i == 0 ? "" : ", ")
          .append("{\"md5\": ")
          .append(pythonJson(e.md5()))
          .append(", \"relpath\": ")
          .append(pythonJson(e.relpath()))
          .append('}');
    }
    return b.append(']').toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A JSON string as Python's json.dumps writes it with ensure_ascii=True. */
  static String pythonJson(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** {@code <md5 of the manifest>.dir}. */
  public static String dirHash(byte[] manifest) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(manifest)) + ".dir";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
