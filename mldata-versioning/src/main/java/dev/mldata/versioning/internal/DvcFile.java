package dev.mldata.versioning.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code .dvc} file of one data output, written byte for byte as DVC 3's {@code dvc add}
 * (ruamel.yaml, block style, sequences not indented, LF) and read back to tell our files from
 * pipeline stages.
 */
public final class DvcFile {
  private static final Pattern YAML_NUMBER =
      Pattern.compile(
          "[-+]?[0-9_]+"
              + "|[-+]?(\\.[0-9]+|[0-9][0-9_]*(\\.[0-9_]*)?)([eE][-+]?[0-9]+)?"
              + "|0x[0-9a-fA-F_]+|0o[0-7_]+|0b[01_]+"
              + "|[-+]?\\.(inf|Inf|INF)|\\.(nan|NaN|NAN)");
  private static final Pattern YAML_DATE =
      Pattern.compile("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ].*)?");
  private static final Set<String> YAML_WORDS =
      Set.of("true", "True", "TRUE", "false", "False", "FALSE", "null", "Null", "NULL", "~");
  private static final Set<String> OUT_KEYS =
      Set.of("md5", "size", "nfiles", "isexec", "hash", "path");

  private DvcFile() {}

  /** The text {@code dvc add} writes for one output. */
  public static String render(String md5, long size, Integer nfiles, boolean isexec, String path) {
    StringBuilder b = new StringBuilder("outs:\n");
    b.append("- md5: ").append(scalar(md5)).append('\n');
    b.append("  size: ").append(size).append('\n');
    if (nfiles != null) {
      b.append("  nfiles: ").append(nfiles).append('\n');
    }
    if (isexec) {
      b.append("  isexec: true\n");
    }
    b.append("  hash: md5\n");
    b.append("  path: ").append(scalar(path)).append('\n');
    return b.toString();
  }

  /**
   * A YAML scalar as ruamel.yaml writes it for DVC: plain unless it starts with an indicator, holds
   * {@code ": "} or {@code " #"}, has edge spaces, or would load as a bool, null, number or date
   * (then single-quoted); control characters force double quotes.
   */
  static String scalar(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
        return doubleQuoted(s);
      }
    }
    return plain(s) ? s : "'" + s.replace("'", "''") + "'";
  }

  private static boolean plain(String s) {
    if (s.isEmpty() || s.startsWith(" ") || s.endsWith(" ")) {
      return false;
    }
    char first = s.charAt(0);
    if ("#,[]{}&*!|>'\"%@`".indexOf(first) >= 0) {
      return false;
    }
    if ("?:-".indexOf(first) >= 0 && (s.length() == 1 || s.charAt(1) == ' ')) {
      return false;
    }
    if (s.contains(": ") || s.contains(" #") || s.endsWith(":") || s.equals("=")) {
      return false;
    }
    return !YAML_NUMBER.matcher(s).matches()
        && !YAML_DATE.matcher(s).matches()
        && !YAML_WORDS.contains(s);
  }

  private static String doubleQuoted(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02X", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /**
   * An existing {@code .dvc} file.
   *
   * @param ours a plain data output for {@code path} (only {@code outs} with one known out)
   * @param md5 its recorded hash, or null
   * @param size its recorded size, or -1
   * @param nfiles its recorded file count, or -1
   */
  public record Existing(boolean ours, String md5, long size, long nfiles) {}

  public static Existing read(Path file, String path) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    if (root == null || !root.isObject()) {
      return new Existing(false, null, -1, -1);
    }
    boolean ours = root.size() == 1 && root.has("outs") && root.get("outs").size() == 1;
    JsonNode out = ours ? root.get("outs").get(0) : null;
    if (out != null) {
      for (Iterator<String> it = out.fieldNames(); it.hasNext(); ) {
        if (!OUT_KEYS.contains(it.next())) {
          ours = false;
        }
      }
      if (!path.equals(out.path("path").asText())) {
        ours = false;
      }
    }
    return new Existing(
        ours,
        out == null ? null : out.path("md5").asText(null),
        out == null ? -1 : out.path("size").asLong(-1),
        out == null ? -1 : out.path("nfiles").asLong(-1));
  }
}
