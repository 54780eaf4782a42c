package dev.mldata.versioning.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code git} (and {@code git lfs}) in a folder. */
final class Git {
  /** What a command printed and how it exited; exit -1 when git could not be started. */
  record Result(int exit, String out, String err) {
    boolean ok() {
      return exit == 0;
    }
  }

  private Git() {}

  static Result run(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).start();
      p.getOutputStream().close();
      byte[] err = p.getErrorStream().readAllBytes();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Result(-1, "", "git " + String.join(" ", args) + " timed out");
      }
      return new Result(p.exitValue(), out, new String(err, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      return new Result(-1, "", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(-1, "", "interrupted");
    }
  }

  /** The work tree's top folder containing {@code dir}, or null outside a git work tree. */
  static Path topLevel(Path dir) {
    Result r = run(dir, "rev-parse", "--show-toplevel");
    return r.ok() ? Path.of(r.out().strip()) : null;
  }
}
