package dev.mldata.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mldata.core.Event;
import dev.mldata.core.FileCheck;
import dev.mldata.core.FileCheck.Status;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataConfig;
import dev.mldata.core.ValidationReport;
import dev.mldata.core.ValidationRequest;
import dev.mldata.validate.Quarantine;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds a corpus with Java's own encoders, damages copies in each way a failed download or a bad
 * disk does, and checks every verdict: no false alarm on the valid files, every damaged one found.
 */
class FileIntegrityTest {
  @TempDir Path tmp;
  final Map<String, byte[]> valid = new LinkedHashMap<>();
  final List<Event> events = Collections.synchronizedList(new ArrayList<>());

  static BufferedImage picture(int w, int h, int type, long seed) {
    BufferedImage img = new BufferedImage(w, h, type);
    Graphics2D g = img.createGraphics();
    Random r = new Random(seed);
    for (int i = 0; i < 40; i++) {
      g.setColor(new Color(r.nextInt(0xffffff)));
      g.fillOval(r.nextInt(w), r.nextInt(h), 5 + r.nextInt(w / 2), 5 + r.nextInt(h / 2));
    }
    g.dispose();
    return img;
  }

  static byte[] encode(BufferedImage img, String format, boolean progressive) throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName(format).next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      if (progressive && param.canWriteProgressive()) {
        param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
      }
      writer.write(null, new IIOImage(img, null, null), param);
    }
    writer.dispose();
    return out.toByteArray();
  }

  static byte[] wav(int seconds, int bits, int channels) throws Exception {
    AudioFormat format = new AudioFormat(22050, bits, channels, true, false);
    byte[] pcm = new byte[22050 * seconds * channels * bits / 8];
    new Random(1).nextBytes(pcm);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AudioSystem.write(
        new AudioInputStream(
            new ByteArrayInputStream(pcm), format, pcm.length / format.getFrameSize()),
        AudioFileFormat.Type.WAVE,
        out);
    return out.toByteArray();
  }

  @BeforeEach
  void corpus() throws Exception {
    valid.put("rgb.png", encode(picture(160, 120, BufferedImage.TYPE_INT_RGB, 1), "png", false));
    valid.put("alpha.png", encode(picture(97, 61, BufferedImage.TYPE_INT_ARGB, 2), "png", false));
    valid.put(
        "interlaced.png", encode(picture(120, 90, BufferedImage.TYPE_INT_RGB, 3), "png", true));
    valid.put(
        "gray16.png", encode(picture(64, 48, BufferedImage.TYPE_USHORT_GRAY, 4), "png", false));
    valid.put(
        "palette.png", encode(picture(80, 80, BufferedImage.TYPE_BYTE_INDEXED, 5), "png", false));
    valid.put(
        "baseline.jpg", encode(picture(200, 150, BufferedImage.TYPE_INT_RGB, 6), "jpeg", false));
    valid.put(
        "progressive.jpeg", encode(picture(200, 150, BufferedImage.TYPE_INT_RGB, 7), "jpeg", true));
    valid.put(
        "gray.jpg", encode(picture(100, 100, BufferedImage.TYPE_BYTE_GRAY, 8), "jpeg", false));
    valid.put(
        "image.gif", encode(picture(120, 80, BufferedImage.TYPE_BYTE_INDEXED, 9), "gif", false));
    valid.put("image.bmp", encode(picture(90, 70, BufferedImage.TYPE_INT_RGB, 10), "bmp", false));
    valid.put("image.tiff", encode(picture(90, 70, BufferedImage.TYPE_INT_RGB, 12), "tiff", false));
    valid.put("pcm16.wav", wav(1, 16, 2));
    valid.put("pcm8.wav", wav(1, 8, 1));
    valid.put("pcm24.wav", wav(1, 24, 2));
    valid.put("exif-rotated.jpg", withExifOrientation(valid.get("baseline.jpg"), 6));
    valid.put("cmyk.jpg", fourChannelJpeg(64, 48));
    // Quality 1.0 quantizes with 1s: coefficients at their largest legal values.
    valid.put("q100.jpg", jpegAtQuality(noise(96, 64, 13), 1.0f));
    valid.put("q10.jpg", jpegAtQuality(noise(96, 64, 14), 0.1f));
  }

  /** Random pixels: the hardest content for coefficient bounds. */
  static BufferedImage noise(int w, int h, long seed) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Random r = new Random(seed);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextBoolean() ? 0xffffff : r.nextInt(0x1000000));
      }
    }
    return img;
  }

  static byte[] jpegAtQuality(BufferedImage img, float quality) throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(quality);
      writer.write(null, new IIOImage(img, null, null), param);
    }
    writer.dispose();
    return out.toByteArray();
  }

  @Test
  void garbageInsideBaselineJpegScansIsFound() throws Exception {
    byte[] jpeg = encode(picture(240, 160, BufferedImage.TYPE_INT_RGB, 21), "jpeg", false);
    Path dir = Files.createDirectories(tmp.resolve("bursts"));
    Random r = new Random(99);
    int sos = 0;
    while (!((jpeg[sos] & 0xff) == 0xff && (jpeg[sos + 1] & 0xff) == 0xda)) {
      sos++;
    }
    for (int i = 0; i < 200; i++) {
      byte[] b = jpeg.clone();
      int at = sos + 20 + r.nextInt(jpeg.length - sos - 100);
      byte[] garbage = new byte[8 + r.nextInt(56)];
      r.nextBytes(garbage);
      System.arraycopy(garbage, 0, b, at, garbage.length);
      Files.write(dir.resolve("b" + i + ".jpg"), b);
    }
    validate(dir, ValidationRequest.of(dir));
    long found = results().values().stream().filter(f -> f.status() == Status.CORRUPT).count();
    assertThat(found).as("bursts found of 200").isGreaterThanOrEqualTo(190);
  }

  /** A JPEG with an Exif APP1 segment (orientation tag) right after SOI, as cameras write. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {
      'M',
      'M',
      0,
      42,
      0,
      0,
      0,
      8, // big-endian TIFF header, first IFD at 8
      0,
      1, // one entry
      0x01,
      0x12,
      0,
      3,
      0,
      0,
      0,
      1,
      0,
      (byte) orientation,
      0,
      0, // Orientation, SHORT, 1
      0,
      0,
      0,
      0 // no next IFD
    };
    byte[] exif = new byte[6 + tiff.length];
    System.arraycopy(
        "Exif\0\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, exif, 0, 6);
    System.arraycopy(tiff, 0, exif, 6, tiff.length);
    int length = exif.length + 2;
    byte[] out = new byte[jpeg.length + 2 + length];
    out[0] = (byte) 0xff;
    out[1] = (byte) 0xd8;
    out[2] = (byte) 0xff;
    out[3] = (byte) 0xe1;
    out[4] = (byte) (length >> 8);
    out[5] = (byte) length;
    System.arraycopy(exif, 0, out, 6, exif.length);
    System.arraycopy(jpeg, 2, out, 6 + exif.length, jpeg.length - 2);
    return out;
  }

  /** A four-component (CMYK-style) JPEG written from a raster, with no colour conversion. */
  static byte[] fourChannelJpeg(int w, int h) throws Exception {
    java.awt.image.WritableRaster raster =
        java.awt.image.Raster.createInterleavedRaster(
            java.awt.image.DataBuffer.TYPE_BYTE, w, h, 4, null);
    Random r = new Random(11);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int b = 0; b < 4; b++) {
          raster.setSample(x, y, b, (x * (b + 1) + y * 3 + r.nextInt(8)) & 255);
        }
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.write(null, new IIOImage(raster, null, null), writer.getDefaultWriteParam());
    }
    writer.dispose();
    return out.toByteArray();
  }

  ValidationReport validate(Path dir, ValidationRequest request) throws Exception {
    return Mldata.builder()
        .config(MldataConfig.defaults(tmp))
        .listener(events::add)
        .build()
        .validate(request);
  }

  Map<String, FileCheck> results() {
    Map<String, FileCheck> all = new LinkedHashMap<>();
    synchronized (events) {
      for (Event e : events) {
        if (e instanceof Event.Checked c) {
          all.put(c.result().path(), c.result());
        }
      }
    }
    return all;
  }

  @Test
  void noFalseAlarmsOnValidFiles() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("valid"));
    for (var e : valid.entrySet()) {
      Files.write(dir.resolve(e.getKey()), e.getValue());
    }
    ValidationReport report = validate(dir, ValidationRequest.of(dir));
    assertThat(report.problems()).isEmpty();
    assertThat(report.count(Status.VALID)).isEqualTo(valid.size());
    assertThat(results().get("rgb.png").details())
        .containsEntry("width", 160)
        .containsEntry("height", 120);
    assertThat(results().get("pcm16.wav").details())
        .containsEntry("channels", 2)
        .containsEntry("sampleRate", 22050L);
  }

  @Test
  void findsEveryKindOfDamageInEveryFormat() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("damaged"));
    Map<String, String> expectedKind = new LinkedHashMap<>();
    for (var e : valid.entrySet()) {
      byte[] b = e.getValue();
      String name = e.getKey();
      int dot = name.lastIndexOf('.');
      String stem = name.substring(0, dot);
      String ext = name.substring(dot);
      for (double cut : new double[] {0.3, 0.6, 0.9, 0.995}) {
        String n = stem + "-cut" + (int) (cut * 1000) + ext;
        Files.write(dir.resolve(n), Arrays.copyOf(b, (int) (b.length * cut)));
        expectedKind.put(n, "");
      }
      // Uncompressed pixels and PCM samples that turn to zeros inside the declared length are
      // indistinguishable from black rows and digital silence: not counted as damage there.
      boolean raw = ext.equals(".wav") || ext.equals(".bmp") || ext.equals(".tiff");
      byte[] zeros = b.clone();
      Arrays.fill(zeros, (int) (b.length * 0.7), b.length, (byte) 0);
      Files.write(dir.resolve(stem + "-zerotail" + ext), zeros);
      if (!raw) {
        expectedKind.put(stem + "-zerotail" + ext, "");
      }
      Files.write(dir.resolve(stem + "-empty" + ext), new byte[0]);
      expectedKind.put(stem + "-empty" + ext, "empty");
      Files.writeString(
          dir.resolve(stem + "-errorpage" + ext),
          "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body>Try later</body></html>");
      expectedKind.put(stem + "-errorpage" + ext, "HTML");
      if (!raw) {
        byte[] burst = b.clone();
        byte[] garbage = new byte[48];
        new Random(name.hashCode()).nextBytes(garbage);
        System.arraycopy(garbage, 0, burst, b.length / 2, garbage.length);
        Files.write(dir.resolve(stem + "-burst" + ext), burst);
        expectedKind.put(stem + "-burst" + ext, "");
      }
    }
    validate(dir, ValidationRequest.of(dir));
    Map<String, FileCheck> results = results();
    List<String> missed = new ArrayList<>();
    expectedKind.forEach(
        (name, kind) -> {
          FileCheck r = results.get(name);
          if (r == null || r.status() != Status.CORRUPT || !r.reason().contains(kind)) {
            missed.add(name + " -> " + (r == null ? "no result" : r.status() + ": " + r.reason()));
          }
        });
    assertThat(missed).as("damaged files not reported as corrupt").isEmpty();
  }

  @Test
  void reportsMislabelledAndSkippedFiles() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("mixed"));
    Files.write(dir.resolve("actually-png.jpg"), valid.get("rgb.png"));
    Files.writeString(dir.resolve("notes.xyz"), "hello");
    ValidationReport report = validate(dir, ValidationRequest.of(dir));
    assertThat(results().get("actually-png.jpg").status()).isEqualTo(Status.MISLABELLED);
    assertThat(results().get("actually-png.jpg").reason()).contains("PNG data").contains("jpeg");
    assertThat(results().get("notes.xyz").status()).isEqualTo(Status.SKIPPED);
    assertThat(report.hasCorrupt()).isFalse();
  }

  @Test
  void samplesDeterministicallyAndQuarantinesReversibly() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("many"));
    for (int i = 0; i < 200; i++) {
      Files.write(dir.resolve("f" + i + ".png"), i % 10 == 0 ? new byte[0] : valid.get("rgb.png"));
    }
    ValidationReport a = validate(dir, ValidationRequest.of(dir).sample(25).seed(7));
    List<String> first = new ArrayList<>(results().keySet());
    events.clear();
    validate(dir, ValidationRequest.of(dir).sample(25).seed(7));
    assertThat(results().keySet()).containsExactlyInAnyOrderElementsOf(first);
    assertThat(a.total()).isBetween(30L, 70L);
    events.clear();
    validate(dir, ValidationRequest.of(dir).sample(25).seed(8));
    assertThat(results().keySet()).isNotEqualTo(new java.util.HashSet<>(first));

    Path q = tmp.resolve("quarantine");
    ValidationReport full = validate(dir, ValidationRequest.of(dir).quarantine(q));
    assertThat(full.count(Status.CORRUPT)).isEqualTo(20);
    assertThat(dir.resolve("f0.png")).doesNotExist();
    assertThat(q.resolve("f0.png")).exists();
    assertThat(Files.readString(q.resolve("quarantine.json")))
        .contains("\"reason\"")
        .contains("empty file");
    assertThat(Quarantine.restore(q)).isEqualTo(20);
    assertThat(dir.resolve("f0.png")).exists();
  }

  @Test
  void aTinyTimeoutMarksFilesCorruptAndTheRunGoesOn() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("slow"));
    Files.write(
        dir.resolve("big.png"),
        encode(picture(3000, 3000, BufferedImage.TYPE_INT_RGB, 11), "png", false));
    Files.write(dir.resolve("small.wav"), valid.get("pcm8.wav"));
    validate(dir, ValidationRequest.of(dir).timeout(java.time.Duration.ofMillis(1)));
    assertThat(results()).containsKeys("big.png", "small.wav");
    // Decoding 3000x3000 pixels takes far longer than 1 ms: the watchdog reports it.
    assertThat(results().get("big.png").status()).isEqualTo(Status.CORRUPT);
    assertThat(results().get("big.png").reason()).isEqualTo("timed out after 0.001 s");
    assertThat(
            new String(Files.readAllBytes(dir.resolve("small.wav")), StandardCharsets.ISO_8859_1))
        .startsWith("RIFF");
  }

  @Test
  void checksLossyAndLosslessWebpMadeByCwebp() throws Exception {
    dev.mldata.testsupport.Tools.require("cwebp", "-version");
    Path dir = Files.createDirectories(tmp.resolve("webp"));
    Path png = dir.resolve("source.png.in");
    Files.write(png, valid.get("rgb.png"));
    for (String mode : List.of("lossy", "lossless")) {
      List<String> cmd = new ArrayList<>(List.of("cwebp", "-quiet"));
      if (mode.equals("lossless")) {
        cmd.add("-lossless");
      }
      cmd.addAll(List.of(png.toString(), "-o", dir.resolve(mode + ".webp").toString()));
      assertThat(new ProcessBuilder(cmd).inheritIO().start().waitFor()).isZero();
      byte[] b = Files.readAllBytes(dir.resolve(mode + ".webp"));
      Files.write(dir.resolve(mode + "-cut50.webp"), Arrays.copyOf(b, b.length / 2));
      Files.write(dir.resolve(mode + "-cut995.webp"), Arrays.copyOf(b, (int) (b.length * 0.995)));
      byte[] zeros = b.clone();
      Arrays.fill(zeros, b.length * 2 / 3, b.length, (byte) 0);
      Files.write(dir.resolve(mode + "-zerotail.webp"), zeros);
    }
    Files.delete(png);
    validate(dir, ValidationRequest.of(dir));
    Map<String, FileCheck> results = results();
    assertThat(results.get("lossy.webp").status()).isEqualTo(Status.VALID);
    assertThat(results.get("lossless.webp").status()).isEqualTo(Status.VALID);
    assertThat(results.values())
        .filteredOn(r -> r.path().contains("-"))
        .hasSize(6)
        .allSatisfy(
            r -> assertThat(r.status()).as(r.path() + ": " + r.reason()).isEqualTo(Status.CORRUPT));
  }

  @Test
  void checksEveryFrameOfAnAnimatedGif() throws Exception {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
      writer.setOutput(stream);
      writer.prepareWriteSequence(null);
      for (int i = 0; i < 4; i++) {
        writer.writeToSequence(
            new IIOImage(picture(60, 40, BufferedImage.TYPE_BYTE_INDEXED, 20 + i), null, null),
            null);
      }
      writer.endWriteSequence();
    }
    byte[] gif = out.toByteArray();
    Path dir = Files.createDirectories(tmp.resolve("anim"));
    Files.write(dir.resolve("anim.gif"), gif);
    Files.write(dir.resolve("anim-cut.gif"), Arrays.copyOf(gif, gif.length * 3 / 4));
    validate(dir, ValidationRequest.of(dir));
    assertThat(results().get("anim.gif").status()).isEqualTo(Status.VALID);
    assertThat(results().get("anim.gif").details()).containsEntry("frames", 4);
    assertThat(results().get("anim-cut.gif").status()).isEqualTo(Status.CORRUPT);
  }
}
