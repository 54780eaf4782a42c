package dev.mldata.versioning.internal;

import dev.mldata.core.Hasher;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.UUID;

/**
 * A DVC 3 local cache ({@code .dvc/cache/files/md5/XX/rest}). An object is copied to a temporary
 * file in its folder, its MD5 checked on the copied bytes, made read-only (0444, which DVC trusts
 * without re-hashing) and renamed into place.
 */
final class DvcCache {
  private static final Set<PosixFilePermission> READ_ONLY =
      PosixFilePermissions.fromString("r--r--r--");
  private final Path root;

  DvcCache(Path root) {
    this.root = root;
  }

  Path path(String oid) {
    return root.resolve("files")
        .resolve("md5")
        .resolve(oid.substring(0, 2))
        .resolve(oid.substring(2));
  }

  /** Adds a file's content under its md5; returns whether an object was written. */
  boolean add(Path file, String md5) throws IOException {
    Path target = path(md5);
    if (present(target, md5)) {
      return false;
    }
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      String copied;
      try (InputStream in = Files.newInputStream(file);
          OutputStream out = Files.newOutputStream(tmp)) {
        Hasher h = Hasher.of("md5");
        h.copy(in, out, n -> {});
        copied = h.digests().md5();
      }
      if (!copied.equals(md5)) {
        throw new IOException(
            file
                + " changed while it was being tracked (md5 "
                + copied
                + ", expected "
                + md5
                + "): run the command again");
      }
      return publish(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Adds bytes (the .dir manifest) under {@code oid}. */
  boolean add(byte[] bytes, String oid) throws IOException {
    Path target = path(oid);
    if (present(target, oid)) {
      return false;
    }
    Files.createDirectories(target.getParent());
    Path tmp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      Files.write(tmp, bytes);
      return publish(tmp, target);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static boolean publish(Path tmp, Path target) throws IOException {
    Files.setPosixFilePermissions(tmp, READ_ONLY);
    try {
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (FileAlreadyExistsException e) {
      return false; // another process added the same object
    }
    return true;
  }

  /** A trusted (0444) object, or one whose content still hashes to its name. */
  private static boolean present(Path target, String oid) throws IOException {
    if (!Files.isRegularFile(target)) {
      return false;
    }
    if (Files.getPosixFilePermissions(target).equals(READ_ONLY)) {
      return true;
    }
    String md5 = Hasher.hash(target, "md5").md5();
    if (oid.equals(md5) || oid.equals(md5 + ".dir")) {
      return true;
    }
    // A corrupted object: DVC would delete it too.
    target.toFile().setWritable(true);
    Files.delete(target);
    return false;
  }
}
