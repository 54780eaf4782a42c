package dev.mldata.validate.internal;

import dev.mldata.core.FileCheck;
import dev.mldata.core.FileCheck.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Checks one file: sniffs its real format, compares it with its extension, runs the checker. */
final class FileChecker {
  private static final Set<String> CHECKED =
      Set.of("png", "jpeg", "gif", "bmp", "webp", "tiff", "wav", "ogg", "flac", "mp3", "m4a");

  private static final long SMALL = 1 << 20;

  private FileChecker() {}

  static FileCheck check(Path file, String relative) {
    String claimed = Sniffer.claimed(file.getFileName().toString());
    if (claimed == null) {
      return new FileCheck(
          relative, Status.SKIPPED, null, "unknown file type; not checked", -1, null);
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        return corrupt(relative, claimed, "empty file (0 bytes)", 0);
      }
      if (size > Integer.MAX_VALUE) {
        return new FileCheck(
            relative, Status.SKIPPED, claimed, "larger than 2 GiB; not checked yet", -1, null);
      }
      // Small files are read (a map and its unmap cost more than the copy); large ones mapped.
      ByteBuffer bytes;
      if (size <= SMALL) {
        bytes = ByteBuffer.allocate((int) size);
        while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
          // keep reading
        }
        bytes.flip();
      } else {
        bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, size);
      }
      String actual = Sniffer.detect(bytes);
      if (actual == null) {
        return corrupt(
            relative,
            claimed,
            "damaged: the first bytes are not " + claimed + " (nor another known format)",
            0);
      }
      if (actual.equals("html") || actual.equals("text")) {
        return corrupt(
            relative,
            actual,
            (actual.equals("html") ? "an HTML page" : "text")
                + " where "
                + claimed
                + " data was expected (an error page saved as data?)",
            0);
      }
      if (!CHECKED.contains(actual)) {
        return new FileCheck(
            relative,
            Status.SKIPPED,
            actual,
            "no " + actual + " checker in this version yet",
            -1,
            null);
      }
      Map<String, Object> details = checkFormat(actual, bytes);
      if (!actual.equals(claimed)) {
        return new FileCheck(
            relative,
            Status.MISLABELLED,
            actual,
            actual.toUpperCase(Locale.ROOT) + " data in a file named as " + claimed,
            0,
            details);
      }
      return new FileCheck(relative, Status.VALID, actual, null, -1, details);
    } catch (Corrupt c) {
      return corrupt(relative, claimed, c.getMessage(), c.offset());
    } catch (IOException e) {
      return corrupt(relative, claimed, "unreadable: " + e.getMessage(), -1);
    } catch (IndexOutOfBoundsException e) {
      return corrupt(relative, claimed, "damaged: structure points past the end of the file", -1);
    }
  }

  private static Map<String, Object> checkFormat(String format, ByteBuffer bytes) throws Corrupt {
    return switch (format) {
      case "png" -> ImageChecks.png(bytes);
      case "jpeg" -> ImageChecks.jpeg(bytes);
      case "gif" -> ImageChecks.gif(bytes);
      case "bmp" -> ImageChecks.bmp(bytes);
      case "webp" -> ImageChecks.webp(bytes);
      case "tiff" -> ImageChecks.tiff(bytes);
      case "wav" -> AudioChecks.wav(bytes);
      case "ogg" -> MoreAudioChecks.ogg(bytes);
      case "flac" -> MoreAudioChecks.flac(bytes);
      case "mp3" -> MoreAudioChecks.mp3(bytes);
      case "m4a" -> MoreAudioChecks.m4a(bytes);
      default -> throw new IllegalArgumentException(format);
    };
  }

  static FileCheck corrupt(String relative, String format, String reason, long offset) {
    return new FileCheck(relative, Status.CORRUPT, format, reason, offset, null);
  }
}
