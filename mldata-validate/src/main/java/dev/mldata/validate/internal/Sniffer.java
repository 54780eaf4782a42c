package dev.mldata.validate.internal;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Map;

/** Detects a file's real format from its first bytes, and the format its extension claims. */
final class Sniffer {
  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          Map.entry("png", "png"),
          Map.entry("jpg", "jpeg"),
          Map.entry("jpeg", "jpeg"),
          Map.entry("jpe", "jpeg"),
          Map.entry("gif", "gif"),
          Map.entry("bmp", "bmp"),
          Map.entry("webp", "webp"),
          Map.entry("tif", "tiff"),
          Map.entry("tiff", "tiff"),
          Map.entry("wav", "wav"),
          Map.entry("mp3", "mp3"),
          Map.entry("flac", "flac"),
          Map.entry("ogg", "ogg"),
          Map.entry("oga", "ogg"),
          Map.entry("m4a", "m4a"),
          Map.entry("aac", "m4a"),
          Map.entry("mp4", "m4a"));

  private Sniffer() {}

  /** The format a file name's extension claims, or null for an unknown extension. */
  static String claimed(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot < 0 ? null : BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** The format the bytes are, or null when not recognised. */
  static String detect(ByteBuffer b) {
    if (Bytes.startsWith(b, "\u0089PNG\r\n\u001a\n")) {
      return "png";
    }
    if (b.limit() >= 3
        && Bytes.u8(b, 0) == 0xff
        && Bytes.u8(b, 1) == 0xd8
        && Bytes.u8(b, 2) == 0xff) {
      return "jpeg";
    }
    if (Bytes.startsWith(b, "GIF87a") || Bytes.startsWith(b, "GIF89a")) {
      return "gif";
    }
    if (Bytes.startsWith(b, "BM") && b.limit() >= 26) {
      return "bmp";
    }
    if (Bytes.startsWith(b, "RIFF") && b.limit() >= 12) {
      String form = ascii(b, 8, 4);
      if (form.equals("WAVE")) {
        return "wav";
      }
      if (form.equals("WEBP")) {
        return "webp";
      }
    }
    if (Bytes.startsWith(b, "II*\u0000") || Bytes.startsWith(b, "MM\u0000*")) {
      return "tiff";
    }
    if (Bytes.startsWith(b, "fLaC")) {
      return "flac";
    }
    if (Bytes.startsWith(b, "OggS")) {
      return "ogg";
    }
    if (Bytes.startsWith(b, "ID3")
        || b.limit() >= 2 && Bytes.u8(b, 0) == 0xff && (Bytes.u8(b, 1) & 0xe0) == 0xe0) {
      return "mp3";
    }
    if (b.limit() >= 8 && ascii(b, 4, 4).equals("ftyp")) {
      return "m4a";
    }
    if (looksLikeText(b)) {
      return isHtml(b) ? "html" : "text";
    }
    return null;
  }

  private static boolean isHtml(ByteBuffer b) {
    String head = ascii(b, 0, Math.min(b.limit(), 512)).toLowerCase(Locale.ROOT).stripLeading();
    return head.startsWith("<!doctype html")
        || head.startsWith("<html")
        || head.startsWith("<?xml")
        || head.contains("<head")
        || head.contains("<body");
  }

  /** Whether the first kilobyte is printable text (an error page or a JSON error body). */
  private static boolean looksLikeText(ByteBuffer b) {
    int n = Math.min(b.limit(), 1024);
    if (n == 0) {
      return false;
    }
    int printable = 0;
    for (int i = 0; i < n; i++) {
      int c = Bytes.u8(b, i);
      if (c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f) || c >= 0xc0) {
        printable++;
      }
    }
    return printable >= n * 0.95;
  }

  static String ascii(ByteBuffer b, int at, int length) {
    StringBuilder sb = new StringBuilder(length);
    for (int i = at; i < at + length && i < b.limit(); i++) {
      sb.append((char) Bytes.u8(b, i));
    }
    return sb.toString();
  }
}
