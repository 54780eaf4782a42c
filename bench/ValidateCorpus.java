import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Writes the validate benchmark's corpus: {@code OUT/valid/} holds a mixed folder of small images
 * and audio, {@code OUT/damaged/} damaged copies named {@code KIND__name.ext}. Audio encoders
 * (flac, lame, oggenc) are used when installed. Run: {@code java bench/ValidateCorpus.java OUT N}.
 */
public class ValidateCorpus {
  public static void main(String[] args) throws Exception {
    Path out = Path.of(args[0]);
    int n = Integer.parseInt(args[1]);
    Path valid = Files.createDirectories(out.resolve("valid"));
    Path damaged = Files.createDirectories(out.resolve("damaged"));
    Random r = new Random(42);
    for (int i = 0; i < n; i++) {
      BufferedImage img = picture(64 + r.nextInt(192), 48 + r.nextInt(144), r);
      String[][] formats = {{"png", "png"}, {"jpeg", "jpg"}, {"gif", "gif"}, {"bmp", "bmp"}};
      String[] f = formats[i % formats.length];
      BufferedImage src = f[0].equals("gif") ? indexed(img) : img;
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(src, f[0], bytes);
      write(valid, damaged, "img" + i + "." + f[1], bytes.toByteArray(), (i / 4) % 4 == 0, r);
    }
    Path tmp = Files.createTempDirectory("corpus");
    for (int i = 0; i < n / 4; i++) {
      byte[] wav = wav(1 + r.nextInt(2), r);
      write(valid, damaged, "snd" + i + ".wav", wav, i % 4 == 0, r);
      Path w = tmp.resolve("in.wav");
      Files.write(w, wav);
      encode(valid, damaged, tmp, "snd" + i + ".flac", i, r, "flac", "-s", "-f", "-o", "OUT", w.toString());
      encode(valid, damaged, tmp, "snd" + i + ".mp3", i, r, "lame", "--quiet", "-V", "5", w.toString(), "OUT");
      encode(valid, damaged, tmp, "snd" + i + ".ogg", i, r, "oggenc", "-Q", "-o", "OUT", w.toString());
    }
  }

  static void encode(Path valid, Path damaged, Path tmp, String name, int i, Random r, String... cmd)
      throws Exception {
    Path target = tmp.resolve(name);
    String[] c = cmd.clone();
    for (int k = 0; k < c.length; k++) {
      if (c[k].equals("OUT")) {
        c[k] = target.toString();
      }
    }
    try {
      Process p = new ProcessBuilder(c).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      if (p.waitFor() != 0) {
        return;
      }
    } catch (java.io.IOException e) {
      return; // encoder not installed
    }
    write(valid, damaged, name, Files.readAllBytes(target), i % 4 == 0, r);
  }

  static void write(Path valid, Path damaged, String name, byte[] b, boolean damage, Random r)
      throws Exception {
    Files.write(valid.resolve(name), b);
    if (!damage) {
      return;
    }
    Files.write(damaged.resolve("cut50__" + name), Arrays.copyOf(b, b.length / 2));
    Files.write(damaged.resolve("cut90__" + name), Arrays.copyOf(b, b.length * 9 / 10));
    Files.write(damaged.resolve("cut99__" + name), Arrays.copyOf(b, (int) (b.length * 0.995)));
    byte[] zeros = b.clone();
    Arrays.fill(zeros, b.length * 7 / 10, b.length, (byte) 0);
    Files.write(damaged.resolve("zerotail__" + name), zeros);
    byte[] burst = b.clone();
    byte[] garbage = new byte[48];
    r.nextBytes(garbage);
    System.arraycopy(garbage, 0, burst, b.length / 2, garbage.length);
    Files.write(damaged.resolve("burst__" + name), burst);
    Files.write(damaged.resolve("empty__" + name), new byte[0]);
    Files.writeString(
        damaged.resolve("html__" + name),
        "<!DOCTYPE html><html><head><title>403 Forbidden</title></head><body>denied</body></html>\n");
  }

  static BufferedImage picture(int w, int h, Random r) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    for (int i = 0; i < 30; i++) {
      g.setColor(new Color(r.nextInt(0xffffff)));
      g.fillOval(r.nextInt(w), r.nextInt(h), 5 + r.nextInt(w / 2), 5 + r.nextInt(h / 2));
    }
    g.dispose();
    return img;
  }

  static BufferedImage indexed(BufferedImage img) {
    BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
    out.createGraphics().drawImage(img, 0, 0, null);
    return out;
  }

  static byte[] wav(int seconds, Random r) throws Exception {
    int rate = 22050;
    byte[] pcm = new byte[rate * seconds * 2];
    double f = 200 + r.nextInt(800);
    for (int i = 0; i < rate * seconds; i++) {
      short v = (short) (6000 * Math.sin(i * 2 * Math.PI * f / rate) + r.nextInt(100));
      pcm[2 * i] = (byte) v;
      pcm[2 * i + 1] = (byte) (v >> 8);
    }
    AudioFormat format = new AudioFormat(rate, 16, 1, true, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AudioSystem.write(
        new AudioInputStream(new ByteArrayInputStream(pcm), format, pcm.length / 2),
        AudioFileFormat.Type.WAVE,
        out);
    return out.toByteArray();
  }
}
