package dev.mldata.cli;

import com.beust.jcommander.Parameters;
import dev.mldata.core.ConfigException;
import dev.mldata.core.ExitCode;
import dev.mldata.core.MldataConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

@Parameters(commandDescription = "Check the environment: Java, cache folder, git, git-lfs, config")
final class DoctorCommand extends Command {

  @Override
  int run(Console console) throws ConfigException {
    int failures = 0;
    int javaMajor = Runtime.version().feature();
    failures +=
        check(
            console,
            javaMajor >= 17,
            "java " + System.getProperty("java.version"),
            "Java 17 or newer is required");
    MldataConfig config = console.config();
    console
        .out()
        .println(
            "ok    config: "
                + (config.sources().isEmpty() ? "none found, using defaults" : config.sources()));
    failures +=
        check(
            console,
            writable(config.home()),
            "MLDATA_HOME " + config.home() + " is writable",
            "cannot write to " + config.home() + "; set MLDATA_HOME to a writable folder");
    warnUnless(console, version("git", "--version"), "git", "install git (apt-get install git)");
    warnUnless(
        console,
        version("git", "lfs", "version"),
        "git-lfs",
        "install git-lfs (apt-get install git-lfs) for `mldata track --git-lfs`");
    return failures == 0 ? 0 : ExitCode.CONFIG.code();
  }

  private static int check(Console console, boolean ok, String good, String bad) {
    console.out().println(ok ? "ok    " + good : "FAIL  " + bad);
    return ok ? 0 : 1;
  }

  private static void warnUnless(Console console, String version, String name, String hint) {
    console
        .out()
        .println(version != null ? "ok    " + version : "warn  " + name + " not found: " + hint);
  }

  private static boolean writable(Path home) {
    try {
      Files.createDirectories(home);
      Path probe = Files.createTempFile(home, ".doctor", ".tmp");
      Files.delete(probe);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static String version(String... command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String text;
      try (InputStream in = p.getInputStream()) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      }
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0
          ? text.lines().findFirst().orElse(text)
          : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
