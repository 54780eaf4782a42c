package dev.mldata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real {@code mldata.jar} in its own process, as a user would, with {@code MLDATA_HOME}
 * and {@code HOME} inside the test's temporary folder.
 */
final class CliProcess {
  /** How a run ended: the exit code and everything it printed (stdout and stderr). */
  record Run(int exit, String output) {}

  private CliProcess() {}

  static Run run(Path tmp, Map<String, String> env, Path dir, String... args) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(java, "-jar", System.getProperty("mldata.jar", "target/mldata.jar")));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (dir != null) {
      pb.directory(dir.toFile());
    }
    pb.environment().put("MLDATA_HOME", tmp.resolve("home").toString());
    pb.environment().put("HOME", tmp.toString());
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as(String.join(" ", args)).isTrue();
    return new Run(p.exitValue(), out);
  }
}
