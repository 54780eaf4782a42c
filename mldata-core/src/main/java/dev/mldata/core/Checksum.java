package dev.mldata.core;

import java.util.Locale;
import java.util.Objects;

/**
 * An expected or computed checksum: an algorithm and a lower-case hex value. Immutable and
 * thread-safe.
 *
 * @param algorithm one of {@code sha256}, {@code md5}, {@code sha1}, {@code git-sha1} (the git blob
 *     hash {@code sha1("blob " + size + "\0" + content)})
 * @param hex the digest, lower-case hex
 */
public record Checksum(String algorithm, String hex) {
  public static final String SHA256 = "sha256";
  public static final String MD5 = "md5";
  public static final String SHA1 = "sha1";
  public static final String GIT_SHA1 = "git-sha1";

  public Checksum {
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(hex, "hex");
    algorithm = algorithm.toLowerCase(Locale.ROOT);
    hex = hex.toLowerCase(Locale.ROOT);
    if (!hex.matches("[0-9a-f]+")) {
      throw new IllegalArgumentException("not a hex digest: " + hex);
    }
  }

  public static Checksum sha256(String hex) {
    return new Checksum(SHA256, hex);
  }

  public static Checksum md5(String hex) {
    return new Checksum(MD5, hex);
  }

  @Override
  public String toString() {
    return algorithm + ":" + hex;
  }
}
