package dev.mldata.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Computes several digests (SHA-256, MD5, SHA-1) in one pass over a stream, so a file is read once
 * however many checksums a manifest, a {@code .dvc} file or a server needs. Not thread-safe: one
 * instance per stream.
 *
 * <pre>{@code
 * Digests d = Hasher.hash(Path.of("data.csv"), "sha256", "md5");
 * }</pre>
 */
public final class Hasher {
  private static final int BUFFER = 1 << 20;
  private static final int SLICE = 64 << 10;

  private final Map<String, MessageDigest> digests = new LinkedHashMap<>();
  private long size;

  private Hasher(String... algorithms) {
    for (String algorithm : algorithms) {
      digests.put(algorithm, newDigest(algorithm));
    }
  }

  /** A hasher for the given algorithms ({@code sha256}, {@code md5}, {@code sha1}). */
  public static Hasher of(String... algorithms) {
    return new Hasher(algorithms);
  }

  /**
   * A hasher that also computes the git blob SHA-1 ({@code git-sha1}) of content that will be
   * {@code size} bytes long: {@code sha1("blob " + size + "\0" + content)}.
   */
  public static Hasher withGitBlob(long size, String... algorithms) {
    Hasher h = new Hasher(algorithms);
    MessageDigest git = newDigest(Checksum.SHA1);
    git.update(("blob " + size + "\0").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    h.digests.put(Checksum.GIT_SHA1, git);
    return h;
  }

  /** Hashes a whole stream (not closed). */
  public static Digests hash(InputStream in, String... algorithms) throws IOException {
    Hasher hasher = new Hasher(algorithms);
    hasher.copy(in, OutputStream.nullOutputStream(), size -> {});
    return hasher.digests();
  }

  /**
   * Copies {@code in} to {@code out} (neither closed), adding every byte to the digests; {@code
   * progress} receives the bytes hashed so far after each chunk.
   */
  public void copy(InputStream in, OutputStream out, LongConsumer progress) throws IOException {
    byte[] buffer = new byte[BUFFER];
    for (int n; (n = in.read(buffer)) != -1; ) {
      out.write(buffer, 0, n);
      update(buffer, 0, n);
      progress.accept(size);
    }
  }

  /** Hashes a whole file. */
  public static Digests hash(Path file, String... algorithms) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return hash(in, algorithms);
    }
  }

  /** Adds bytes to every digest. */
  public void update(byte[] bytes, int offset, int length) {
    // Slices small enough to stay in the CPU cache while every digest reads them.
    for (int at = offset, end = offset + length; at < end; at += SLICE) {
      int n = Math.min(SLICE, end - at);
      for (MessageDigest digest : digests.values()) {
        digest.update(bytes, at, n);
      }
    }
    size += length;
  }

  /** Adds the remaining bytes of {@code buffer} to every digest; its position ends at its limit. */
  public void update(ByteBuffer buffer) {
    int start = buffer.position();
    for (MessageDigest digest : digests.values()) {
      buffer.position(start);
      digest.update(buffer);
    }
    size += buffer.position() - start;
  }

  /** Reads the first {@code length} bytes of {@code file} into the digests (for resumed data). */
  public void updateFrom(Path file, long length) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buffer = new byte[BUFFER];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new IOException(file + " is shorter than " + length + " bytes");
        }
        update(buffer, 0, n);
        left -= n;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether no digest is computed (only the size is counted). */
  public boolean isEmpty() {
    return digests.isEmpty();
  }

  /** Bytes hashed so far. */
  public long size() {
    return size;
  }

  /** Finishes the digests; the hasher must not be used afterwards. */
  public Digests digests() {
    Map<String, String> values = new LinkedHashMap<>();
    digests.forEach((name, digest) -> values.put(name, HexFormat.of().formatHex(digest.digest())));
    return new Digests(size, values);
  }

  private static MessageDigest newDigest(String algorithm) {
    String jdkName =
        switch (algorithm) {
          case Checksum.SHA256 -> "SHA-256";
          case Checksum.MD5 -> "MD5";
          case Checksum.SHA1 -> "SHA-1";
          default -> throw new IllegalArgumentException("unsupported digest: " + algorithm);
        };
    try {
      return MessageDigest.getInstance(jdkName);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(jdkName + " missing from the JDK", e);
    }
  }
}
