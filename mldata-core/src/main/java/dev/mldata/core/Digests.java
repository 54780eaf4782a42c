package dev.mldata.core;

import java.util.Map;
import java.util.Optional;

/**
 * The size and digests of some bytes, computed in one pass by a {@link Hasher}. Immutable and
 * thread-safe.
 *
 * @param size number of bytes hashed
 * @param values digest per algorithm name ({@code sha256}, {@code md5}, {@code sha1}), lower-case
 *     hex
 */
public record Digests(long size, Map<String, String> values) {
  public Digests {
    values = Map.copyOf(values);
  }

  /** The SHA-256, if it was computed. */
  public String sha256() {
    return values.get(Checksum.SHA256);
  }

  /** The MD5, if it was computed. */
  public String md5() {
    return values.get(Checksum.MD5);
  }

  /** The digest for {@code algorithm}, if it was computed. */
  public Optional<Checksum> get(String algorithm) {
    return Optional.ofNullable(values.get(algorithm)).map(hex -> new Checksum(algorithm, hex));
  }

  /**
   * Whether these digests agree with {@code expected}. A checksum whose algorithm was not computed
   * does not match.
   */
  public boolean matches(Checksum expected) {
    return expected.hex().equals(values.get(expected.algorithm()));
  }
}
