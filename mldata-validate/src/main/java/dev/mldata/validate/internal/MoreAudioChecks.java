package dev.mldata.validate.internal;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Structural checks of compressed audio: Ogg, FLAC, MP3 and MP4/M4A. */
final class MoreAudioChecks {
  private static final int[] OGG_CRC = table(0x04c11db7);

  private MoreAudioChecks() {}

  // ---------------------------------------------------------------- Ogg

  /**
   * Every page: capture pattern, bounds, CRC, sequence continuity; the last page ends the stream.
   */
  static Map<String, Object> ogg(ByteBuffer b) throws Corrupt {
    long len = b.limit();
    long pos = 0;
    Map<Long, Long> sequence = new HashMap<>();
    long lastGranule = 0;
    int lastFlags = 0;
    int channels = 0;
    long rate = 0;
    while (pos < len) {
      if (pos + 27 > len || !Sniffer.ascii(b, (int) pos, 4).equals("OggS")) {
        long tail = Bytes.zeroTail(b, 1);
        if (tail >= 0 && tail <= pos) {
          throw new Corrupt("zero-filled tail: Ogg data ends at byte " + tail + " of " + len, tail);
        }
        if (pos + 27 > len) {
          throw new Corrupt(
              "truncated: Ogg page header at byte " + pos + " cut off, file ends at byte " + len,
              len);
        }
        throw new Corrupt("damaged: no Ogg page at byte " + pos, pos);
      }
      int flags = Bytes.u8(b, pos + 5);
      long granule = b.duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong((int) pos + 6);
      long serial = Bytes.u32le(b, pos + 14);
      long seq = Bytes.u32le(b, pos + 18);
      long crc = Bytes.u32le(b, pos + 22);
      int segments = Bytes.u8(b, pos + 26);
      if (pos + 27 + segments > len) {
        throw new Corrupt("truncated: Ogg segment table at byte " + pos + " cut off", len);
      }
      long body = 0;
      for (int i = 0; i < segments; i++) {
        body += Bytes.u8(b, pos + 27 + i);
      }
      long end = pos + 27 + segments + body;
      if (end > len) {
        throw new Corrupt(
            "truncated: Ogg page at byte "
                + pos
                + " is declared to end at byte "
                + end
                + ", file ends at byte "
                + len,
            len);
      }
      if (oggCrc(b, pos, end) != crc) {
        throw new Corrupt("damaged: Ogg page at byte " + pos + " fails its CRC", pos);
      }
      Long expected = sequence.get(serial);
      if (expected != null && seq != expected) {
        throw new Corrupt(
            "damaged: Ogg page "
                + seq
                + " at byte "
                + pos
                + " follows page "
                + (expected - 1)
                + " (pages missing)",
            pos);
      }
      sequence.put(serial, seq + 1);
      long payload = pos + 27 + segments;
      if (channels == 0
          && body >= 16
          && Bytes.u8(b, payload) == 1
          && Sniffer.ascii(b, (int) payload + 1, 6).equals("vorbis")) {
        channels = Bytes.u8(b, payload + 11);
        rate = Bytes.u32le(b, payload + 12);
      }
      if (granule != -1) {
        lastGranule = granule;
      }
      lastFlags = flags;
      pos = end;
    }
    if ((lastFlags & 0x04) == 0) {
      throw new Corrupt(
          "truncated: the last Ogg page has no end-of-stream flag (file ends at byte " + len + ")",
          len);
    }
    if (rate > 0) {
      AudioDecode.vorbis(b, lastGranule);
    }
    Map<String, Object> d = new LinkedHashMap<>();
    if (rate > 0) {
      d.put("durationSeconds", lastGranule / (double) rate);
      d.put("sampleRate", rate);
      d.put("channels", channels);
    }
    return d;
  }

  private static long oggCrc(ByteBuffer b, long from, long to) {
    int crc = 0;
    for (long i = from; i < to; i++) {
      int v = (i >= from + 22 && i < from + 26) ? 0 : Bytes.u8(b, i);
      crc = (crc << 8) ^ OGG_CRC[((crc >>> 24) ^ v) & 0xff];
    }
    return crc & 0xffffffffL;
  }

  private static int[] table(int poly) {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      int r = i << 24;
      for (int k = 0; k < 8; k++) {
        r = (r & 0x80000000) != 0 ? (r << 1) ^ poly : r << 1;
      }
      t[i] = r;
    }
    return t;
  }

  // ---------------------------------------------------------------- FLAC

  /** Metadata blocks, then every frame: header CRC-8, frame CRC-16, samples against STREAMINFO. */
  static Map<String, Object> flac(ByteBuffer b) throws Corrupt {
    long len = b.limit();
    long pos = 4;
    long rate = 0;
    int channels = 0;
    long totalSamples = 0;
    long streamInfo = -1;
    boolean last = false;
    while (!last) {
      if (pos + 4 > len) {
        throw new Corrupt("truncated: FLAC metadata cut off at byte " + len, len);
      }
      int header = Bytes.u8(b, pos);
      last = (header & 0x80) != 0;
      long size = ((long) Bytes.u8(b, pos + 1) << 16) | Bytes.u16be(b, pos + 2);
      if (pos + 4 + size > len) {
        throw new Corrupt(
            "truncated: FLAC metadata block at byte "
                + pos
                + " runs past the file end ("
                + len
                + ")",
            len);
      }
      if ((header & 0x7f) == 0) {
        long p = pos + 4;
        streamInfo = p;
        rate = ((long) Bytes.u16be(b, p + 10) << 4) | (Bytes.u8(b, p + 12) >> 4);
        channels = ((Bytes.u8(b, p + 12) >> 1) & 7) + 1;
        totalSamples = ((long) (Bytes.u8(b, p + 13) & 0x0f) << 32) | Bytes.u32be(b, p + 14);
      }
      pos += 4 + size;
    }
    if (rate == 0) {
      throw new Corrupt("damaged: FLAC has no STREAMINFO", 4);
    }
    long samples = 0;
    long frame = pos;
    if (frameHeader(b, frame) < 0) {
      throw new Corrupt("damaged: no FLAC frame at byte " + frame, frame);
    }
    while (frame < len) {
      int blockSize = frameHeader(b, frame);
      long next = nextFrame(b, frame + 2);
      long end = next < 0 ? len : next;
      if (crc16(b, frame, end - 2) != Bytes.u16be(b, end - 2)) {
        long tail = Bytes.zeroTail(b, 16);
        if (tail >= 0 && tail >= frame && next < 0) {
          throw new Corrupt(
              "zero-filled tail: FLAC audio is zeros from byte " + tail + " of " + len, tail);
        }
        throw new Corrupt(
            (next < 0 ? "truncated: the last FLAC frame at byte " : "damaged: FLAC frame at byte ")
                + frame
                + " fails its CRC-16",
            frame);
      }
      samples += blockSize;
      frame = end;
    }
    if (totalSamples > 0 && samples < totalSamples) {
      throw new Corrupt(
          "truncated: FLAC has "
              + samples
              + " of the "
              + totalSamples
              + " samples STREAMINFO declares",
          len);
    }
    AudioDecode.flacMd5(b, streamInfo);
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("durationSeconds", (totalSamples > 0 ? totalSamples : samples) / (double) rate);
    d.put("sampleRate", rate);
    d.put("channels", channels);
    return d;
  }

  /** The block size of a valid frame header at {@code at} (CRC-8 checked), or -1. */
  private static int frameHeader(ByteBuffer b, long at) {
    long len = b.limit();
    if (at + 6 > len || Bytes.u8(b, at) != 0xff || (Bytes.u8(b, at + 1) & 0xfe) != 0xf8) {
      return -1;
    }
    int bsCode = Bytes.u8(b, at + 2) >> 4;
    int srCode = Bytes.u8(b, at + 2) & 0x0f;
    if (bsCode == 0 || srCode == 15) {
      return -1;
    }
    long p = at + 4;
    int first = Bytes.u8(b, p);
    int extra =
        first < 0x80 ? 0 : first >= 0xfe ? 6 : Integer.numberOfLeadingZeros(~(first << 24)) - 1;
    if (extra < 0 || extra > 6) {
      return -1;
    }
    p += 1 + extra;
    int blockSize;
    if (bsCode == 6) {
      if (p + 1 > len) {
        return -1;
      }
      blockSize = Bytes.u8(b, p) + 1;
      p += 1;
    } else if (bsCode == 7) {
      if (p + 2 > len) {
        return -1;
      }
      blockSize = Bytes.u16be(b, p) + 1;
      p += 2;
    } else if (bsCode == 1) {
      blockSize = 192;
    } else if (bsCode <= 5) {
      blockSize = 576 << (bsCode - 2);
    } else {
      blockSize = 256 << (bsCode - 8);
    }
    if (srCode == 12) {
      p += 1;
    } else if (srCode == 13 || srCode == 14) {
      p += 2;
    }
    if (p + 1 > len) {
      return -1;
    }
    int crc = 0;
    for (long i = at; i < p; i++) {
      crc ^= Bytes.u8(b, i);
      for (int k = 0; k < 8; k++) {
        crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
      }
    }
    return crc == Bytes.u8(b, p) ? blockSize : -1;
  }

  private static long nextFrame(ByteBuffer b, long from) {
    for (long i = from; i + 1 < b.limit(); i++) {
      if (Bytes.u8(b, i) == 0xff && (Bytes.u8(b, i + 1) & 0xfe) == 0xf8 && frameHeader(b, i) > 0) {
        return i;
      }
    }
    return -1;
  }

  private static int crc16(ByteBuffer b, long from, long to) {
    int crc = 0;
    for (long i = from; i < to; i++) {
      crc ^= Bytes.u8(b, i) << 8;
      for (int k = 0; k < 8; k++) {
        crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
      }
    }
    return crc;
  }

  // ---------------------------------------------------------------- MP3

  private static final int[][] BITRATES = {
    {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320},
    {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160}
  };
  private static final int[][] RATES = {
    {44100, 48000, 32000}, {22050, 24000, 16000}, {11025, 12000, 8000}
  };

  /**
   * Frame sync walked from the first frame to the end: each frame must start where the last ended.
   */
  static Map<String, Object> mp3(ByteBuffer b) throws Corrupt {
    long len = b.limit();
    long pos = 0;
    if (Sniffer.ascii(b, 0, 3).equals("ID3") && len >= 10) {
      pos =
          10
              + ((Bytes.u8(b, 6) & 0x7f) << 21
                  | (Bytes.u8(b, 7) & 0x7f) << 14
                  | (Bytes.u8(b, 8) & 0x7f) << 7
                  | (Bytes.u8(b, 9) & 0x7f));
    }
    long end = len;
    if (len >= 128 && Sniffer.ascii(b, (int) len - 128, 3).equals("TAG")) {
      end = len - 128;
    }
    long frames = 0;
    double seconds = 0;
    int rate = 0;
    int channels = 0;
    long[] reservoir = {0, 0};
    while (pos < end) {
      if (pos + 4 > end) {
        throw tail(b, pos, end, "truncated: MP3 frame header at byte " + pos + " cut off");
      }
      int h = (int) Bytes.u32be(b, pos);
      if ((h >>> 21) != 0x7ff) {
        if (Sniffer.ascii(b, (int) pos, 8).equals("APETAGEX")
            || Sniffer.ascii(b, (int) pos, 3).equals("TAG")) {
          break;
        }
        throw tail(b, pos, end, "damaged: MP3 frame sync lost at byte " + pos);
      }
      int version = (h >>> 19) & 3;
      int layer = (h >>> 17) & 3;
      int bitrateIndex = (h >>> 12) & 15;
      int rateIndex = (h >>> 10) & 3;
      int padding = (h >>> 9) & 1;
      if (version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
        throw tail(b, pos, end, "damaged: invalid MP3 frame header at byte " + pos);
      }
      boolean mpeg1 = version == 3;
      rate = RATES[mpeg1 ? 0 : version == 2 ? 1 : 2][rateIndex];
      int kbps = BITRATES[mpeg1 ? 0 : 1][bitrateIndex];
      int samples = mpeg1 ? 1152 : 576;
      long size = (samples / 8L) * kbps * 1000 / rate + padding;
      channels = ((h >>> 6) & 3) == 3 ? 1 : 2;
      if (pos + size > end) {
        throw tail(
            b,
            pos,
            end,
            "truncated: MP3 frame at byte "
                + pos
                + " is declared to end at byte "
                + (pos + size)
                + ", data ends at byte "
                + end);
      }
      reservoir = mainData(b, pos, size, mpeg1, channels, reservoir);
      frames++;
      seconds += samples / (double) rate;
      pos += size;
    }
    if (frames == 0) {
      throw new Corrupt("damaged: no MP3 frame", pos);
    }
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("durationSeconds", seconds);
    d.put("sampleRate", (long) rate);
    d.put("channels", channels);
    return d;
  }

  /**
   * Layer III side information against the bit reservoir. {@code reservoir} holds the main-data
   * bytes of all earlier frames and the bit where the last frame's main data ended; a frame's main
   * data must start inside that reservoir, after the previous frame's data, and end inside its own
   * frame.
   */
  private static long[] mainData(
      ByteBuffer b, long pos, long size, boolean mpeg1, int channels, long[] reservoir)
      throws Corrupt {
    boolean crc = (Bytes.u8(b, pos + 1) & 1) == 0;
    long side = pos + 4 + (crc ? 2 : 0);
    int sideBytes = mpeg1 ? (channels == 1 ? 17 : 32) : (channels == 1 ? 9 : 17);
    long slot = size - (side - pos) - sideBytes;
    if (slot < 0) {
      throw new Corrupt(
          "damaged: MP3 frame at byte " + pos + " is smaller than its side info", pos);
    }
    int beginBits = mpeg1 ? 9 : 8;
    int privateBits = mpeg1 ? (channels == 1 ? 5 : 3) : (channels == 1 ? 1 : 2);
    long bit = side * 8;
    long begin = bits(b, bit, beginBits);
    bit += beginBits + privateBits + (mpeg1 ? 4L * channels : 0);
    int granules = mpeg1 ? 2 : 1;
    long total = 0;
    for (int gr = 0; gr < granules; gr++) {
      for (int ch = 0; ch < channels; ch++) {
        long part23 = bits(b, bit, 12);
        long bigValues = bits(b, bit + 12, 9);
        if (bigValues > 288) {
          throw new Corrupt(
              "damaged: MP3 frame at byte " + pos + " has invalid side info (big_values)", pos);
        }
        total += part23;
        bit += mpeg1 ? 59 : 63;
      }
    }
    long available = reservoir[0];
    long start = (available - begin) * 8;
    if (begin > available || start < reservoir[1]) {
      throw new Corrupt(
          "damaged: MP3 frame at byte "
              + pos
              + " starts its data "
              + begin
              + " bytes back, into data of an earlier frame",
          pos);
    }
    long stop = start + total;
    if (stop > (available + slot) * 8) {
      throw new Corrupt(
          "damaged: MP3 frame at byte " + pos + " declares more audio data than the frame holds",
          pos);
    }
    return new long[] {available + slot, stop};
  }

  private static long bits(ByteBuffer b, long bit, int count) {
    long v = 0;
    for (int i = 0; i < count; i++) {
      long at = bit + i;
      v = (v << 1) | ((Bytes.u8(b, at >> 3) >> (7 - (at & 7))) & 1);
    }
    return v;
  }

  private static Corrupt tail(ByteBuffer b, long pos, long end, String otherwise) {
    long zeros = Bytes.zeroTail(b, 16);
    if (zeros >= 0 && zeros <= pos + 4) {
      return new Corrupt(
          "zero-filled tail: MP3 data ends at byte " + zeros + " of " + b.limit(), zeros);
    }
    return new Corrupt(otherwise, pos);
  }

  // ---------------------------------------------------------------- MP4 / M4A

  /**
   * Top-level atoms must tile the file exactly; moov and mdat must both be there (moov may come
   * last).
   */
  static Map<String, Object> m4a(ByteBuffer b) throws Corrupt {
    long len = b.limit();
    long pos = 0;
    boolean moov = false;
    boolean mdat = false;
    Map<String, Object> d = new LinkedHashMap<>();
    while (pos < len) {
      if (pos + 8 > len) {
        throw new Corrupt(
            "truncated: MP4 atom header at byte " + pos + " cut off, file ends at byte " + len,
            len);
      }
      long size = Bytes.u32be(b, pos);
      String type = Sniffer.ascii(b, (int) pos + 4, 4);
      int header = 8;
      if (size == 1) {
        if (pos + 16 > len) {
          throw new Corrupt("truncated: MP4 atom header at byte " + pos + " cut off", len);
        }
        size = b.getLong((int) pos + 8);
        header = 16;
      } else if (size == 0) {
        size = len - pos;
      }
      if (size < header || type.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
        long zeros = Bytes.zeroTail(b, 8);
        if (zeros >= 0 && zeros <= pos) {
          throw new Corrupt(
              "zero-filled tail: MP4 data ends at byte " + zeros + " of " + len, zeros);
        }
        throw new Corrupt("damaged: invalid MP4 atom at byte " + pos, pos);
      }
      if (pos + size > len) {
        throw new Corrupt(
            "truncated: MP4 '"
                + type
                + "' atom at byte "
                + pos
                + " is declared to end at byte "
                + (pos + size)
                + ", file ends at byte "
                + len,
            len);
      }
      if (type.equals("moov")) {
        moov = true;
        mvhd(b, pos + header, pos + size, d);
      }
      mdat |= type.equals("mdat");
      pos += size;
    }
    if (!moov || !mdat) {
      throw new Corrupt("damaged: MP4 file has no " + (moov ? "mdat" : "moov") + " atom", len);
    }
    return d;
  }

  private static void mvhd(ByteBuffer b, long from, long to, Map<String, Object> d) {
    long pos = from;
    while (pos + 8 <= to) {
      long size = Bytes.u32be(b, pos);
      if (size < 8 || pos + size > to) {
        return;
      }
      if (Sniffer.ascii(b, (int) pos + 4, 4).equals("mvhd") && size >= 32) {
        int version = Bytes.u8(b, pos + 8);
        long scale = Bytes.u32be(b, pos + (version == 1 ? 28 : 20));
        long duration = version == 1 ? b.getLong((int) pos + 32) : Bytes.u32be(b, pos + 24);
        if (scale > 0) {
          d.put("durationSeconds", duration / (double) scale);
        }
        return;
      }
      pos += size;
    }
  }
}
