package dev.mldata.validate.internal;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;

/** Structural checks of audio files. */
final class AudioChecks {
  private AudioChecks() {}

  /** WAV: RIFF size against the file length, chunk walk, fmt before data, data within the file. */
  static Map<String, Object> wav(ByteBuffer b) throws Corrupt {
    long len = b.limit();
    long riffEnd = 8 + Bytes.u32le(b, 4);
    if (riffEnd > len) {
      long tail = Bytes.zeroTail(b, 64);
      throw new Corrupt(
          "truncated: RIFF declares "
              + riffEnd
              + " bytes, file ends at byte "
              + len
              + (tail >= 0 ? " (zero-filled from byte " + tail + ")" : ""),
          len);
    }
    long pos = 12;
    int channels = 0;
    long rate = 0;
    int bits = 0;
    int audioFormat = 0;
    long dataSize = -1;
    while (pos + 8 <= riffEnd) {
      String id = Sniffer.ascii(b, (int) pos, 4);
      long size = Bytes.u32le(b, pos + 4);
      long end = pos + 8 + size;
      if (end > riffEnd) {
        throw new Corrupt(
            "truncated: WAV '"
                + id.strip()
                + "' chunk at byte "
                + pos
                + " is declared to end at byte "
                + end
                + ", RIFF data ends at byte "
                + riffEnd,
            riffEnd);
      }
      if (id.equals("fmt ")) {
        if (size < 16) {
          throw new Corrupt("damaged: WAV fmt chunk at byte " + pos + " is too short", pos);
        }
        audioFormat = Bytes.u16le(b, pos + 8);
        channels = Bytes.u16le(b, pos + 10);
        rate = Bytes.u32le(b, pos + 12);
        bits = Bytes.u16le(b, pos + 22);
      } else if (id.equals("data")) {
        if (channels == 0) {
          throw new Corrupt("damaged: WAV data chunk at byte " + pos + " comes before fmt", pos);
        }
        dataSize = size;
      }
      pos = end + (size & 1);
    }
    if (dataSize < 0) {
      throw new Corrupt("damaged: WAV has no data chunk", pos);
    }
    if (channels <= 0 || rate <= 0 || bits <= 0) {
      throw new Corrupt(
          "damaged: WAV fmt chunk has channels=" + channels + ", rate=" + rate + ", bits=" + bits,
          12);
    }
    Bytes.rejectZerosAfter(b, riffEnd, "the RIFF data");
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("durationSeconds", dataSize / (double) (rate * channels * ((bits + 7) / 8)));
    d.put("sampleRate", rate);
    d.put("channels", channels);
    d.put("bitsPerSample", bits);
    d.put(
        "encoding",
        audioFormat == 3 ? "float" : audioFormat == 1 ? "pcm" : "format " + audioFormat);
    return d;
  }
}
