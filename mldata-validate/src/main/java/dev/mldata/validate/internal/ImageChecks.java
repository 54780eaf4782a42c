package dev.mldata.validate.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Structural checks of PNG, JPEG, GIF and BMP files, followed by a full decode where the structure
 * cannot vouch for the payload. Each method returns the details of a valid file or throws {@link
 * Corrupt} with the reason and offset.
 */
final class ImageChecks {
  static {
    ImageIO.setUseCache(false);
  }

  private ImageChecks() {}

  // ---------------------------------------------------------------- PNG

  static Map<String, Object> png(ByteBuffer b) throws Corrupt {
    long len = b.limit();
    long pos = 8;
    boolean ihdr = false;
    int width = 0;
    int height = 0;
    int depth = 0;
    int color = 0;
    int interlace = 0;
    Inflater inflater = new Inflater();
    byte[] scratch = new byte[64 * 1024];
    long inflated = 0;
    try {
      while (true) {
        if (pos + 12 > len) {
          long tail = Bytes.zeroTail(b, 1);
          if (tail >= 0 && tail <= pos) {
            throw new Corrupt(
                "zero-filled tail: PNG data ends at byte "
                    + tail
                    + " of "
                    + len
                    + " (IEND missing)",
                tail);
          }
          throw new Corrupt("truncated: PNG IEND missing, file ends at byte " + len, len);
        }
        long length = Bytes.u32be(b, pos);
        String type = Sniffer.ascii(b, (int) pos + 4, 4);
        long end = pos + 12 + length;
        if (end > len) {
          throw new Corrupt(
              "truncated: PNG "
                  + type
                  + " chunk at byte "
                  + pos
                  + " is declared to end at byte "
                  + end
                  + ", file ends at byte "
                  + len,
              len);
        }
        CRC32 crc = new CRC32();
        crc.update(b.duplicate().position((int) pos + 4).limit((int) (pos + 8 + length)));
        if (crc.getValue() != Bytes.u32be(b, pos + 8 + length)) {
          throw new Corrupt(
              "damaged: PNG " + type + " chunk at byte " + pos + " fails its CRC", pos);
        }
        if (!ihdr) {
          if (!type.equals("IHDR") || length < 13) {
            throw new Corrupt("damaged: PNG does not start with an IHDR chunk", pos);
          }
          ihdr = true;
          width = (int) Bytes.u32be(b, pos + 8);
          height = (int) Bytes.u32be(b, pos + 12);
          depth = Bytes.u8(b, pos + 16);
          color = Bytes.u8(b, pos + 17);
          interlace = Bytes.u8(b, pos + 20);
        } else if (type.equals("IDAT")) {
          inflater.setInput(b.duplicate().position((int) pos + 8).limit((int) (pos + 8 + length)));
          try {
            for (int n; (n = inflater.inflate(scratch)) > 0; ) {
              inflated += n;
            }
          } catch (DataFormatException e) {
            throw new Corrupt(
                "damaged: PNG image data in the IDAT chunk at byte "
                    + pos
                    + " does not decompress ("
                    + e.getMessage()
                    + ")",
                pos);
          }
        } else if (type.equals("IEND")) {
          pos = end;
          break;
        }
        pos = end;
      }
    } finally {
      inflater.end();
    }
    long expected = pngRawSize(width, height, depth, color, interlace);
    if (inflated != expected) {
      throw new Corrupt(
          "damaged: PNG image data decompresses to "
              + inflated
              + " bytes, "
              + expected
              + " expected for "
              + width
              + "x"
              + height,
          -1);
    }
    Bytes.rejectZerosAfter(b, pos, "IEND");
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("width", width);
    d.put("height", height);
    d.put("bitDepth", depth);
    return d;
  }

  private static long pngRawSize(int w, int h, int depth, int color, int interlace) {
    int channels =
        switch (color) {
          case 2 -> 3;
          case 4 -> 2;
          case 6 -> 4;
          default -> 1;
        };
    int bits = channels * depth;
    if (interlace == 0) {
      return (long) h * (1 + ((long) w * bits + 7) / 8);
    }
    int[][] passes = {
      {0, 0, 8, 8},
      {4, 0, 8, 8},
      {0, 4, 4, 8},
      {2, 0, 4, 4},
      {0, 2, 2, 4},
      {1, 0, 2, 2},
      {0, 1, 1, 2}
    };
    long total = 0;
    for (int[] p : passes) {
      long pw = (w - p[0] + p[2] - 1) / p[2];
      long ph = (h - p[1] + p[3] - 1) / p[3];
      if (pw > 0 && ph > 0) {
        total += ph * (1 + (pw * bits + 7) / 8);
      }
    }
    return total;
  }

  // ---------------------------------------------------------------- JPEG

  static Map<String, Object> jpeg(ByteBuffer b) throws Corrupt {
    long len = b.limit();
    long pos = 2;
    int width = -1;
    int height = -1;
    int components = 0;
    long eoi = -1;
    while (eoi < 0) {
      if (pos + 2 > len) {
        throw endOfJpeg(b, len);
      }
      if (Bytes.u8(b, pos) != 0xff) {
        throw new Corrupt("damaged: JPEG marker expected at byte " + pos, pos);
      }
      int marker = Bytes.u8(b, pos + 1);
      if (marker == 0xff) {
        pos++;
        continue;
      }
      if (marker == 0xd9) {
        eoi = pos;
        break;
      }
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        pos += 2;
        continue;
      }
      if (pos + 4 > len) {
        throw endOfJpeg(b, len);
      }
      int segment = Bytes.u16be(b, pos + 2);
      long end = pos + 2 + segment;
      if (segment < 2) {
        throw new Corrupt("damaged: JPEG segment at byte " + pos + " has length " + segment, pos);
      }
      if (end > len) {
        throw new Corrupt(
            "truncated: JPEG segment at byte "
                + pos
                + " is declared to end at byte "
                + end
                + ", file ends at byte "
                + len,
            len);
      }
      if (marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc) {
        height = Bytes.u16be(b, pos + 5);
        width = Bytes.u16be(b, pos + 7);
        components = Bytes.u8(b, pos + 9);
      }
      pos = end;
      if (marker == 0xda) {
        pos = endOfScan(b, pos);
        if (pos < 0) {
          throw endOfJpeg(b, len);
        }
      }
    }
    if (width <= 0 || height <= 0) {
      throw new Corrupt("damaged: JPEG has no frame header (SOF) before EOI", eoi);
    }
    Bytes.rejectZerosAfter(b, eoi + 2, "EOI");
    JpegScan.check(b);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("width", width);
    d.put("height", height);
    d.put("components", components);
    if (components != 4) {
      decode(b, "jpeg", d);
    }
    return d;
  }

  /** The offset of the marker that ends an entropy-coded scan, or -1 at end of file. */
  private static long endOfScan(ByteBuffer b, long from) {
    int len = b.limit();
    for (int i = (int) from; i < len - 1; i++) {
      if (b.get(i) == (byte) 0xff) {
        int next = b.get(i + 1) & 0xff;
        if (next == 0x00 || (next >= 0xd0 && next <= 0xd7) || next == 0xff) {
          if (next != 0xff) {
            i++;
          }
          continue;
        }
        return i;
      }
    }
    return -1;
  }

  private static Corrupt endOfJpeg(ByteBuffer b, long len) {
    long tail = Bytes.zeroTail(b, 64);
    if (tail >= 0) {
      return new Corrupt(
          "zero-filled tail: JPEG data ends at byte " + tail + " of " + len + " (no EOI marker)",
          tail);
    }
    return new Corrupt("truncated: JPEG ends at byte " + len + " without an EOI marker", len);
  }

  // ---------------------------------------------------------------- GIF

  static Map<String, Object> gif(ByteBuffer b) throws Corrupt {
    long len = b.limit();
    if (len < 13) {
      throw new Corrupt("truncated: GIF header cut off at byte " + len, len);
    }
    int width = Bytes.u16le(b, 6);
    int height = Bytes.u16le(b, 8);
    int flags = Bytes.u8(b, 10);
    long pos = 13 + ((flags & 0x80) != 0 ? 3L * (1 << ((flags & 7) + 1)) : 0);
    int frames = 0;
    while (true) {
      if (pos >= len) {
        long tail = Bytes.zeroTail(b, 16);
        if (tail >= 0) {
          throw new Corrupt(
              "zero-filled tail: GIF data ends at byte " + tail + " of " + len + " (no trailer)",
              tail);
        }
        throw new Corrupt("truncated: GIF trailer (0x3B) missing, file ends at byte " + len, len);
      }
      int block = Bytes.u8(b, pos);
      if (block == 0x3b) {
        break;
      }
      if (block == 0x21) {
        pos = subBlocks(b, pos + 2);
      } else if (block == 0x2c) {
        if (pos + 10 > len) {
          throw new Corrupt("truncated: GIF image descriptor at byte " + pos + " cut off", len);
        }
        int local = Bytes.u8(b, pos + 9);
        pos += 10 + ((local & 0x80) != 0 ? 3L * (1 << ((local & 7) + 1)) : 0);
        pos = subBlocks(b, pos + 1);
        frames++;
      } else if (block == 0) {
        long tail = Bytes.zeroTail(b, 16);
        if (tail >= 0 && tail <= pos) {
          throw new Corrupt("zero-filled tail: GIF data ends at byte " + tail + " of " + len, tail);
        }
        throw new Corrupt("damaged: unexpected GIF block 0x00 at byte " + pos, pos);
      } else {
        throw new Corrupt(
            String.format("damaged: unknown GIF block 0x%02X at byte %d", block, pos), pos);
      }
    }
    if (frames == 0) {
      throw new Corrupt("damaged: GIF has no image", pos);
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("width", width);
    d.put("height", height);
    d.put("frames", frames);
    decode(b, "gif", d);
    return d;
  }

  private static long subBlocks(ByteBuffer b, long pos) throws Corrupt {
    long len = b.limit();
    while (true) {
      if (pos >= len) {
        throw new Corrupt("truncated: GIF data sub-block at byte " + pos + " cut off", len);
      }
      int size = Bytes.u8(b, pos);
      pos += 1 + size;
      if (size == 0) {
        return pos;
      }
      if (pos > len) {
        throw new Corrupt(
            "truncated: GIF data sub-block ends past the file end (" + len + ")", len);
      }
    }
  }

  // ---------------------------------------------------------------- BMP

  static Map<String, Object> bmp(ByteBuffer b) throws Corrupt {
    long len = b.limit();
    long declared = Bytes.u32le(b, 2);
    long dataOffset = Bytes.u32le(b, 10);
    if (declared > len) {
      throw new Corrupt("truncated: BMP declares " + declared + " bytes, file has " + len, len);
    }
    if (dataOffset >= len) {
      throw new Corrupt(
          "damaged: BMP pixel data offset " + dataOffset + " is past the file end", 10);
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("width", (int) Bytes.u32le(b, 18));
    d.put("height", Math.abs((int) Bytes.u32le(b, 22)));
    decode(b, "bmp", d);
    return d;
  }

  // ---------------------------------------------------------------- WebP

  static Map<String, Object> webp(ByteBuffer b) throws Corrupt {
    long len = b.limit();
    long riffEnd = 8 + Bytes.u32le(b, 4);
    if (riffEnd > len) {
      throw new Corrupt(
          "truncated: WebP RIFF declares " + riffEnd + " bytes, file ends at byte " + len, len);
    }
    long pos = 12;
    boolean image = false;
    while (pos + 8 <= riffEnd) {
      String id = Sniffer.ascii(b, (int) pos, 4);
      long end = pos + 8 + Bytes.u32le(b, pos + 4);
      if (end > riffEnd) {
        throw new Corrupt(
            "truncated: WebP "
                + id.strip()
                + " chunk at byte "
                + pos
                + " is declared to end at byte "
                + end
                + ", RIFF data ends at byte "
                + riffEnd,
            riffEnd);
      }
      if (id.equals("VP8 ") || id.equals("VP8L") || id.equals("ANMF")) {
        image = true;
        long zeros = zeroRunBefore(b, end, pos + 8);
        if (end - zeros >= 32) {
          throw new Corrupt(
              "zero-filled tail: the WebP "
                  + id.strip()
                  + " data is zeros from byte "
                  + zeros
                  + " to its end at byte "
                  + end
                  + " (compressed data has no such runs)",
              zeros);
        }
      }
      pos = end + (end & 1);
    }
    if (!image) {
      throw new Corrupt("damaged: WebP has no image chunk (VP8, VP8L or ANMF)", 12);
    }
    Bytes.rejectZerosAfter(b, riffEnd, "the RIFF data");
    Map<String, Object> d = new LinkedHashMap<>();
    decode(b, "webp", d);
    return d;
  }

  /** The start of the run of zero bytes that ends at {@code end} (not before {@code floor}). */
  private static long zeroRunBefore(ByteBuffer b, long end, long floor) {
    long i = end;
    while (i > floor && b.get((int) i - 1) == 0) {
      i--;
    }
    return i;
  }

  // ---------------------------------------------------------------- TIFF

  static Map<String, Object> tiff(ByteBuffer b) throws Corrupt {
    long len = b.limit();
    boolean little = Bytes.u8(b, 0) == 'I';
    ByteBuffer o =
        b.duplicate()
            .order(little ? java.nio.ByteOrder.LITTLE_ENDIAN : java.nio.ByteOrder.BIG_ENDIAN);
    long ifd = o.getInt(4) & 0xffffffffL;
    if (ifd + 2 > len || ifd < 8) {
      throw new Corrupt(
          "truncated: TIFF first directory at byte "
              + ifd
              + " is outside the file ("
              + len
              + " bytes)",
          4);
    }
    int entries = o.getShort((int) ifd) & 0xffff;
    if (ifd + 2 + 12L * entries > len) {
      throw new Corrupt(
          "truncated: TIFF directory at byte " + ifd + " runs past the file end (" + len + ")",
          len);
    }
    long[] offsets = null;
    long[] counts = null;
    int width = 0;
    int height = 0;
    for (int i = 0; i < entries; i++) {
      int e = (int) (ifd + 2 + 12L * i);
      int tag = o.getShort(e) & 0xffff;
      int type = o.getShort(e + 2) & 0xffff;
      long count = o.getInt(e + 4) & 0xffffffffL;
      if (tag == 256 || tag == 257) {
        int v = type == 3 ? o.getShort(e + 8) & 0xffff : o.getInt(e + 8);
        if (tag == 256) {
          width = v;
        } else {
          height = v;
        }
      }
      if (tag == 273 || tag == 324) {
        offsets = values(o, e, type, count, len);
      } else if (tag == 279 || tag == 325) {
        counts = values(o, e, type, count, len);
      }
    }
    if (offsets == null || counts == null || offsets.length != counts.length) {
      throw new Corrupt(
          "damaged: TIFF strip or tile offsets and byte counts are missing or disagree", ifd);
    }
    for (int i = 0; i < offsets.length; i++) {
      long end = offsets[i] + counts[i];
      if (end > len) {
        throw new Corrupt(
            "truncated: TIFF strip "
                + i
                + " at byte "
                + offsets[i]
                + " is declared to end at byte "
                + end
                + ", file ends at byte "
                + len,
            len);
      }
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("width", width);
    d.put("height", height);
    decode(b, "tiff", d);
    return d;
  }

  private static long[] values(ByteBuffer o, int entry, int type, long count, long len)
      throws Corrupt {
    int size = type == 3 ? 2 : 4;
    if (count > len / size + 1) {
      throw new Corrupt(
          "damaged: TIFF directory entry at byte " + entry + " counts " + count + " values", entry);
    }
    long at = count * size <= 4 ? entry + 8 : o.getInt(entry + 8) & 0xffffffffL;
    if (at + count * size > len) {
      throw new Corrupt(
          "truncated: TIFF values at byte " + at + " run past the file end (" + len + ")", len);
    }
    long[] v = new long[(int) count];
    for (int i = 0; i < count; i++) {
      v[i] =
          size == 2
              ? o.getShort((int) (at + 2L * i)) & 0xffff
              : o.getInt((int) (at + 4L * i)) & 0xffffffffL;
    }
    return v;
  }

  // ---------------------------------------------------------------- decoding

  /** Decodes every image of the file with ImageIO; warnings count as damage. */
  static void decode(ByteBuffer b, String format, Map<String, Object> details) throws Corrupt {
    byte[] bytes = new byte[b.limit()];
    b.duplicate().position(0).get(bytes);
    Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    if (!readers.hasNext()) {
      return;
    }
    ImageReader reader = readers.next();
    List<String> warnings = new ArrayList<>();
    // In memory: ImageIO's default stream for an InputStream caches it in a temporary file.
    try (ImageInputStream in =
        new javax.imageio.stream.MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
      reader.setInput(in, false, false);
      reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
      int images = format.equals("gif") ? reader.getNumImages(true) : 1;
      for (int i = 0; i < images; i++) {
        reader.read(i);
      }
    } catch (IOException | RuntimeException e) {
      throw new Corrupt(
          "damaged: "
              + format.toUpperCase(java.util.Locale.ROOT)
              + " data does not decode ("
              + e.getMessage()
              + ")",
          -1);
    } finally {
      reader.dispose();
    }
    if (!warnings.isEmpty()) {
      throw new Corrupt(
          "damaged: "
              + format.toUpperCase(java.util.Locale.ROOT)
              + " decoder warning: "
              + warnings.get(0),
          -1);
    }
  }
}
