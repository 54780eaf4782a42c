package dev.mldata.testsupport;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Guards tests that need an external program (nginx, git-lfs, ffmpeg…). On a developer's machine
 * where the program is missing the test is skipped with a loud message; with {@code
 * -Dmldata.requireTools=true} or {@code MLDATA_REQUIRE_TOOLS=true} (set by {@code .ci/run}) it
 * fails instead, so CI never passes with parts untested.
 */
public final class Tools {
  private Tools() {}

  /** Skips (or, in CI, fails) the calling test unless {@code command --version}-like succeeds. */
  public static void require(String... command) {
    if (runs(command)) {
      return;
    }
    String message =
        "REQUIRED TOOL MISSING: `" + String.join(" ", command) + "` did not run; test skipped";
    if (required()) {
      throw new AssertionError(message + " (mldata.requireTools=true: install it in .ci/run)");
    }
    System.err.println("\n*** " + message + " ***\n");
    Assumptions.abort(message);
  }

  /**
   * Debian's Python ({@code /usr/bin/python3}, where {@code apt-get install python3-torch} puts its
   * modules) when present, else whatever {@code python3} is on the PATH.
   */
  public static String python() {
    return java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/python3"))
        ? "/usr/bin/python3"
        : "python3";
  }

  /** Whether missing tools fail tests instead of skipping them. */
  public static boolean required() {
    return Boolean.getBoolean("mldata.requireTools")
        || "true".equalsIgnoreCase(System.getenv("MLDATA_REQUIRE_TOOLS"));
  }

  /** Whether the command runs and exits 0 within 20 seconds. */
  public static boolean runs(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
