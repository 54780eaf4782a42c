package dev.mldata.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HasherTest {
  @TempDir Path tmp;

  @Test
  void computesKnownVectorsInOnePass() throws Exception {
    Digests d =
        Hasher.hash(
            new ByteArrayInputStream("abc".getBytes(StandardCharsets.US_ASCII)),
            "sha256",
            "md5",
            "sha1");
    assertThat(d.sha256())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(d.md5()).isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    assertThat(d.values().get("sha1")).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    assertThat(d.size()).isEqualTo(3);
    assertThat(d.matches(Checksum.md5("900150983CD24FB0D6963F7D28E17F72"))).isTrue();
    assertThat(d.matches(Checksum.sha256("00"))).isFalse();
  }

  @Test
  void incrementalUpdatesEqualOneShotHashing() throws Exception {
    byte[] bytes = new byte[3_000_001];
    new Random(1).nextBytes(bytes);
    Path file = Files.write(tmp.resolve("f"), bytes);
    Hasher h = Hasher.of("sha256", "md5");
    h.updateFrom(file, 1_000_000);
    h.update(java.nio.ByteBuffer.wrap(bytes, 1_000_000, 1_000_000));
    h.update(bytes, 2_000_000, 1_000_001);
    assertThat(h.digests()).isEqualTo(Hasher.hash(file, "sha256", "md5"));
  }
}
