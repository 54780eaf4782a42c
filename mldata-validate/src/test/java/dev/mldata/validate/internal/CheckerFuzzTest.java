package dev.mldata.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mldata.core.FileCheck;
import dev.mldata.core.ValidationRequest;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded random mutations of valid files of every checked format: every file gets a verdict, no
 * checker crashes (an exception that only the containment caught), none hangs.
 */
class CheckerFuzzTest {
  static final int MUTATIONS_PER_FILE = 500;

  @TempDir Path tmp;

  @Test
  void mutatedFilesNeverCrashOrHangAChecker() throws Exception {
    List<Map.Entry<String, byte[]>> seeds = new ArrayList<>();
    seeds.add(Map.entry("png", image(64, 40, BufferedImage.TYPE_INT_ARGB, "png", false)));
    seeds.add(Map.entry("png", image(48, 40, BufferedImage.TYPE_INT_RGB, "png", true)));
    seeds.add(Map.entry("jpg", image(64, 48, BufferedImage.TYPE_INT_RGB, "jpeg", false)));
    seeds.add(Map.entry("jpeg", image(64, 48, BufferedImage.TYPE_INT_RGB, "jpeg", true)));
    seeds.add(Map.entry("gif", image(50, 30, BufferedImage.TYPE_BYTE_INDEXED, "gif", false)));
    seeds.add(Map.entry("bmp", image(30, 20, BufferedImage.TYPE_INT_RGB, "bmp", false)));
    seeds.add(Map.entry("tif", image(40, 30, BufferedImage.TYPE_INT_RGB, "tiff", false)));
    seeds.add(Map.entry("wav", FileIntegrityTest.wav(1, 16, 1)));
    Random random = new Random(20261126);
    Path dir = Files.createDirectories(tmp.resolve("fuzz"));
    int n = 0;
    for (Map.Entry<String, byte[]> seed : seeds) {
      for (int i = 0; i < MUTATIONS_PER_FILE; i++) {
        Files.write(
            dir.resolve("m" + (n++) + "." + seed.getKey()), mutate(seed.getValue(), random));
      }
    }
    assertNoCrashOrHang(dir, n);
  }

  @Test
  void mutatedEncodedAudioNeverCrashesOrHangsAChecker() throws Exception {
    dev.mldata.testsupport.Tools.require("flac", "--version");
    dev.mldata.testsupport.Tools.require("lame", "--version");
    dev.mldata.testsupport.Tools.require("oggenc", "--version");
    Path wav = tmp.resolve("tone.wav");
    Files.write(wav, AudioCodecsTest.toneEndingInSilence());
    AudioCodecsTest.run("flac", "-s", "-f", "-o", tmp.resolve("a.flac").toString(), wav.toString());
    AudioCodecsTest.run(
        "lame", "--quiet", "-V", "4", wav.toString(), tmp.resolve("a.mp3").toString());
    AudioCodecsTest.run("oggenc", "-Q", "-o", tmp.resolve("a.ogg").toString(), wav.toString());
    Random random = new Random(7);
    Path dir = Files.createDirectories(tmp.resolve("fuzz-audio"));
    int n = 0;
    for (String ext : List.of("flac", "mp3", "ogg")) {
      byte[] seed = Files.readAllBytes(tmp.resolve("a." + ext));
      for (int i = 0; i < 300; i++) {
        Files.write(dir.resolve("m" + (n++) + "." + ext), mutate(seed, random));
      }
    }
    assertNoCrashOrHang(dir, n);
  }

  private void assertNoCrashOrHang(Path dir, int n) throws Exception {
    Map<String, FileCheck> results =
        Checks.run(tmp, ValidationRequest.of(dir).timeout(Duration.ofSeconds(10)));
    assertThat(results).hasSize(n);
    assertThat(results.values())
        .filteredOn(
            r ->
                r.reason() != null
                    && (r.reason().contains("checker failed") || r.reason().contains("timed out")))
        .as("checker crashes or hangs")
        .isEmpty();
  }

  private static byte[] image(int w, int h, int type, String format, boolean progressive)
      throws Exception {
    return FileIntegrityTest.encode(
        FileIntegrityTest.picture(w, h, type, w * 31L + h), format, progressive);
  }

  static byte[] mutate(byte[] original, Random r) {
    byte[] b = original.clone();
    switch (r.nextInt(6)) {
      case 0 -> {
        for (int k = 1 + r.nextInt(8); k > 0; k--) {
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
      }
      case 1 -> {
        int at = r.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + r.nextInt(64));
        for (int k = 0; k < len; k++) {
          b[at + k] = (byte) r.nextInt(256);
        }
      }
      case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length));
      case 3 -> {
        int at = r.nextInt(b.length);
        int len = 1 + r.nextInt(32);
        byte[] longer = new byte[b.length + len];
        System.arraycopy(b, 0, longer, 0, at);
        r.nextBytes(Arrays.copyOfRange(longer, at, at + len));
        System.arraycopy(b, at, longer, at + len, b.length - at);
        b = longer;
      }
      case 4 -> {
        int at = r.nextInt(Math.max(1, b.length - 4));
        b[at] = (byte) 0xff;
        b[at + 1] = (byte) 0xff;
        b[at + 2] = (byte) 0x7f;
        b[at + 3] = (byte) 0xff;
      }
      default -> Arrays.fill(b, r.nextInt(b.length), b.length, (byte) 0);
    }
    return b;
  }
}
