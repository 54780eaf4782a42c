package dev.mldata.versioning.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code .gitattributes} merging exactly as {@code git lfs track} (3.x) does it: escaped patterns,
 * "already supported" detection, in-place replacement of a line for the same pattern, blank lines
 * dropped, one EOL for the whole file (the dominant one of the existing LFS lines).
 */
final class LfsAttributes {
  static final String ATTRIBUTES = " filter=lfs diff=lfs merge=lfs -text";

  /** Binary data formats that always go to LFS when present. */
  static final Set<String> BINARY =
      Set.of(
          "parquet",
          "arrow",
          "feather",
          "npz",
          "npy",
          "h5",
          "hdf5",
          "pkl",
          "pickle",
          "pt",
          "pth",
          "ckpt",
          "safetensors",
          "onnx",
          "tfrecord",
          "bin",
          "zip",
          "tar",
          "gz",
          "tgz",
          "zst",
          "bz2",
          "xz",
          "7z",
          "rar",
          "jpg",
          "jpeg",
          "png",
          "gif",
          "bmp",
          "webp",
          "tif",
          "tiff",
          "wav",
          "mp3",
          "flac",
          "ogg",
          "m4a",
          "aac",
          "mp4",
          "avi",
          "mov",
          "mkv");

  private LfsAttributes() {}

  /** The extension an LFS pattern is made for, or null. */
  static String binaryExtension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot <= 0) {
      return null;
    }
    String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    return BINARY.contains(ext) && fileName.substring(dot + 1).equals(ext) ? ext : null;
  }

  /** git-lfs escapeAttrPattern (Unix): {@code \} doubled, space and {@code #} escaped. */
  static String escape(String pattern) {
    return pattern.replace("\\", "\\\\").replace(" ", "[[:space:]]").replace("#", "\\#");
  }

  /** git lfs track --filename: glob characters are literal too, then the rules of escape(). */
  static String escapeFilename(String path) {
    StringBuilder out = new StringBuilder();
    for (char c : path.toCharArray()) {
      switch (c) {
        case '*', '[', ']', '?' -> out.append('\\').append(c);
        case '\\' -> out.append("\\\\");
        case ' ' -> out.append("[[:space:]]");
        case '#' -> out.append("\\#");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static String unescape(String pattern) {
    return pattern.replace("[[:space:]]", " ").replace("\\#", "#").replace("\\\\", "\\");
  }

  /** The result of a merge: the new text (null when nothing changes) and what was added. */
  record Merge(String text, List<String> added, List<String> alreadySupported) {}

  static Merge merge(String existing, List<String> escapedPatterns, boolean autocrlf) {
    List<String> lines = new ArrayList<>();
    int crlf = 0;
    int lf = 0;
    if (!existing.isEmpty()) {
      String[] raw = existing.split("\n", -1);
      int n = existing.endsWith("\n") ? raw.length - 1 : raw.length;
      for (int i = 0; i < n; i++) {
        String line = raw[i];
        boolean cr = line.endsWith("\r");
        if (cr) {
          line = line.substring(0, line.length() - 1);
        }
        if (isLfsLine(line) && i < raw.length - 1) {
          if (cr) {
            crlf++;
          } else {
            lf++;
          }
        }
        lines.add(line);
      }
    }
    String eol = crlf > lf ? "\r\n" : lf > 0 ? "\n" : autocrlf ? "\r\n" : "\n";
    List<String> added = new ArrayList<>();
    List<String> supported = new ArrayList<>();
    Set<String> toAdd = new LinkedHashSet<>();
    for (String p : escapedPatterns) {
      boolean known = false;
      for (String line : lines) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length > 1
            && unescape(fields[0]).equals(unescape(p))
            && hasFilterOrLockable(fields)) {
          known = true;
        }
      }
      if (known) {
        supported.add(p);
      } else {
        toAdd.add(p);
      }
    }
    if (toAdd.isEmpty()) {
      return new Merge(null, added, supported);
    }
    StringBuilder b = new StringBuilder();
    Set<String> pending = new LinkedHashSet<>(toAdd);
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      String first = line.strip().split("\\s+")[0];
      if (pending.contains(first) && !line.strip().startsWith("#")) {
        b.append(first).append(ATTRIBUTES).append(eol);
        pending.remove(first);
        added.add(first);
      } else {
        b.append(line).append(eol);
      }
    }
    for (String p : pending) {
      b.append(p).append(ATTRIBUTES).append(eol);
      added.add(p);
    }
    return new Merge(b.toString(), added, supported);
  }

  private static boolean isLfsLine(String line) {
    String[] fields = line.strip().split("\\s+");
    return fields.length > 1 && hasFilterOrLockable(fields);
  }

  private static boolean hasFilterOrLockable(String[] fields) {
    for (int i = 1; i < fields.length; i++) {
      if (fields[i].startsWith("filter")
          || fields[i].startsWith("-filter")
          || fields[i].equals("lockable")) {
        return true;
      }
    }
    return false;
  }
}
