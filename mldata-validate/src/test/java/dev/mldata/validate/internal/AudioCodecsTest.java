package dev.mldata.validate.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mldata.core.FileCheck;
import dev.mldata.core.FileCheck.Status;
import dev.mldata.core.ValidationRequest;
import dev.mldata.testsupport.Tools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FLAC, MP3 (CBR and VBR) and Ogg Vorbis made by the real encoders, then damaged. */
class AudioCodecsTest {
  @TempDir Path tmp;

  /** Two seconds of a tone that ends in half a second of exact digital silence. */
  static byte[] toneEndingInSilence() throws Exception {
    int rate = 44100;
    byte[] pcm = new byte[rate * 2 * 2 * 2];
    Random r = new Random(3);
    for (int i = 0; i < rate * 3 / 2; i++) {
      short v = (short) (8000 * Math.sin(i * 2 * Math.PI * 440 / rate) + r.nextInt(200));
      for (int c = 0; c < 2; c++) {
        pcm[4 * i + 2 * c] = (byte) v;
        pcm[4 * i + 2 * c + 1] = (byte) (v >> 8);
      }
    }
    AudioFormat format = new AudioFormat(rate, 16, 2, true, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AudioSystem.write(
        new AudioInputStream(new ByteArrayInputStream(pcm), format, pcm.length / 4),
        AudioFileFormat.Type.WAVE,
        out);
    return out.toByteArray();
  }

  static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
  }

  @Test
  void encodedAudioIsValidAndEveryDamageIsFound() throws Exception {
    Tools.require("flac", "--version");
    Tools.require("lame", "--version");
    Tools.require("oggenc", "--version");
    Path dir = Files.createDirectories(tmp.resolve("audio"));
    Path wav = tmp.resolve("tone.wav");
    Files.write(wav, toneEndingInSilence());
    run("flac", "-s", "-f", "-o", dir.resolve("tone.flac").toString(), wav.toString());
    run("lame", "--quiet", "-b", "128", wav.toString(), dir.resolve("cbr.mp3").toString());
    run("lame", "--quiet", "-V", "4", wav.toString(), dir.resolve("vbr.mp3").toString());
    run("oggenc", "-Q", "-q", "3", "-o", dir.resolve("tone.ogg").toString(), wav.toString());
    List<String> expectCorrupt = new ArrayList<>();
    for (String name : List.of("tone.flac", "cbr.mp3", "vbr.mp3", "tone.ogg")) {
      byte[] b = Files.readAllBytes(dir.resolve(name));
      String stem = name.substring(0, name.indexOf('.'));
      String ext = name.substring(name.indexOf('.'));
      for (double cut : new double[] {0.5, 0.9, 0.995}) {
        String n = stem + "-cut" + (int) (cut * 1000) + ext;
        Files.write(dir.resolve(n), Arrays.copyOf(b, (int) (b.length * cut)));
        expectCorrupt.add(n);
      }
      byte[] zeros = b.clone();
      Arrays.fill(zeros, (int) (b.length * 0.7), b.length, (byte) 0);
      Files.write(dir.resolve(stem + "-zerotail" + ext), zeros);
      expectCorrupt.add(stem + "-zerotail" + ext);
      if (!ext.equals(".mp3")) {
        byte[] burst = b.clone();
        byte[] garbage = new byte[48];
        new Random(name.hashCode()).nextBytes(garbage);
        System.arraycopy(garbage, 0, burst, b.length / 2, garbage.length);
        Files.write(dir.resolve(stem + "-burst" + ext), burst);
        expectCorrupt.add(stem + "-burst" + ext);
      }
    }
    Map<String, FileCheck> results = validate(dir);
    for (String valid : List.of("tone.flac", "cbr.mp3", "vbr.mp3", "tone.ogg")) {
      assertThat(results.get(valid).status())
          .as(valid + ": " + results.get(valid).reason())
          .isEqualTo(Status.VALID);
      assertThat((Double) results.get(valid).details().get("durationSeconds")).isBetween(1.9, 2.2);
    }
    List<String> missed = new ArrayList<>();
    for (String n : expectCorrupt) {
      if (results.get(n).status() != Status.CORRUPT) {
        missed.add(n + " -> " + results.get(n).status());
      }
    }
    assertThat(missed).as("damaged audio not reported as corrupt").isEmpty();
  }

  @Test
  void payloadIsCheckedBeyondTheFrameStructure() throws Exception {
    Tools.require("flac", "--version");
    Tools.require("lame", "--version");
    Tools.require("oggenc", "--version");
    Path dir = Files.createDirectories(tmp.resolve("payload"));
    Path wav = tmp.resolve("tone.wav");
    Files.write(wav, toneEndingInSilence());
    Path flac = dir.resolve("tone.flac");
    run("flac", "-s", "-f", "-o", flac.toString(), wav.toString());
    Path mp3 = dir.resolve("tone.mp3");
    run("lame", "--quiet", "-b", "128", wav.toString(), mp3.toString());
    run("oggenc", "-Q", "-o", dir.resolve("tone.ogg").toString(), wav.toString());

    // Every frame CRC still holds, but the audio no longer hashes to STREAMINFO's MD5.
    byte[] f = Files.readAllBytes(flac);
    f[8 + 18] ^= 1;
    Files.write(dir.resolve("md5.flac"), f);

    // The second frame claims its data starts 511 bytes back: more than the first frame holds.
    byte[] m = Files.readAllBytes(mp3);
    int second = nextFrame(m, 0);
    m[second + 4] = (byte) 0xff;
    m[second + 5] |= (byte) 0x80;
    Files.write(dir.resolve("reservoir.mp3"), m);

    // A frame whose side info declares more Huffman data than the reservoir and frame hold.
    byte[] big = Files.readAllBytes(mp3);
    int third = nextFrame(big, second);
    big[third + 4] = 0;
    big[third + 5] &= 0x7f; // main_data_begin = 0
    big[third + 6] = (byte) ((big[third + 6] & 0xf0) | 0x0f); // part2_3_length = 0xfff...
    big[third + 7] = (byte) 0xff;
    Files.write(dir.resolve("sideinfo.mp3"), big);

    Map<String, FileCheck> r = validate(dir);
    assertThat(r.get("tone.flac").status()).isEqualTo(Status.VALID);
    assertThat(r.get("tone.mp3").status()).isEqualTo(Status.VALID);
    assertThat(r.get("tone.ogg").status()).isEqualTo(Status.VALID);
    assertThat(r.get("md5.flac").reason())
        .startsWith("damaged: the decoded FLAC audio does not match its STREAMINFO MD5");
    assertThat(r.get("reservoir.mp3").reason())
        .isEqualTo(
            "damaged: MP3 frame at byte "
                + second
                + " starts its data 511 bytes back, into data of an earlier frame");
    assertThat(r.get("reservoir.mp3").offset()).isEqualTo(second);
    assertThat(r.get("sideinfo.mp3").status()).isEqualTo(Status.CORRUPT);
    assertThat(r.get("sideinfo.mp3").offset()).isEqualTo(third);
  }

  /** The offset of the MPEG-1 Layer III frame after the one at {@code at} (lame, no ID3). */
  private static int nextFrame(byte[] b, int at) {
    int[] kbps = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    int[] rates = {44100, 48000, 32000};
    int rate = rates[(b[at + 2] >> 2) & 3];
    int padding = (b[at + 2] >> 1) & 1;
    int next = at + 144000 * kbps[(b[at + 2] >> 4) & 15] / rate + padding;
    assertThat(b[next] & 0xff).as("frame sync at " + next).isEqualTo(0xff);
    return next;
  }

  @Test
  void mp4AtomsMustTileTheFileWithMoovAnywhere() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("m4a"));
    byte[] ftyp =
        atom(
            "ftyp",
            "M4A \u0000\u0000\u0000\u0000M4A mp42"
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    byte[] samples = new byte[400];
    new Random(1).nextBytes(samples);
    byte[] mdat = atom("mdat", samples);
    byte[] mvhdBody = new byte[100];
    java.nio.ByteBuffer.wrap(mvhdBody).putInt(12, 1000).putInt(16, 2500);
    byte[] moov = atom("moov", atom("mvhd", mvhdBody));
    Files.write(dir.resolve("index-last.m4a"), concat(ftyp, mdat, moov));
    Files.write(dir.resolve("index-first.m4a"), concat(ftyp, moov, mdat));
    byte[] whole = concat(ftyp, mdat, moov);
    Files.write(dir.resolve("cut.m4a"), Arrays.copyOf(whole, whole.length - 30));
    Files.write(dir.resolve("no-moov.m4a"), concat(ftyp, mdat));
    Map<String, FileCheck> r = validate(dir);
    assertThat(r.get("index-last.m4a").status()).isEqualTo(Status.VALID);
    assertThat(r.get("index-last.m4a").details()).containsEntry("durationSeconds", 2.5);
    assertThat(r.get("index-first.m4a").status()).isEqualTo(Status.VALID);
    assertThat(r.get("cut.m4a").reason()).contains("truncated: MP4 'moov' atom");
    assertThat(r.get("no-moov.m4a").reason()).contains("no moov");
  }

  static byte[] atom(String type, byte[] body) {
    byte[] a = new byte[8 + body.length];
    java.nio.ByteBuffer.wrap(a)
        .putInt(a.length)
        .put(type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))
        .put(body);
    return a;
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  Map<String, FileCheck> validate(Path dir) throws Exception {
    return Checks.run(tmp, ValidationRequest.of(dir));
  }
}
