package dev.mldata.versioning.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Adds {@code /name} to a folder's {@code .gitignore} the way DVC (scmrepo) does: pathspec-escaped,
 * appended only when that exact line is absent, after a newline when the file does not end in one.
 */
final class GitIgnoreFile {
  private GitIgnoreFile() {}

  /** pathspec's GitWildMatchPattern.escape: backslash before {@code \ [ ] ! * # ?}. */
  static String escape(String name) {
    StringBuilder b = new StringBuilder();
    for (char c : name.toCharArray()) {
      if ("\\[]!*#?".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /** Returns whether the line was added. */
  static boolean add(Path dir, String name) throws IOException {
    Path file = dir.resolve(".gitignore");
    String entry = "/" + escape(name);
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    for (String line : text.split("\r?\n", -1)) {
      if (line.equals(entry)) {
        return false;
      }
    }
    String addition = (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + entry + "\n";
    Files.writeString(
        file,
        addition,
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    return true;
  }
}
