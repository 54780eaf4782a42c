package dev.mldata.cli;

import dev.mldata.core.ConfigException;
import dev.mldata.core.MldataConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the command line prints: results to {@code out}, progress, warnings and errors to {@code
 * err}. Knows whether {@code err} is a terminal (live progress bar) or a log (plain lines), and
 * honours {@code NO_COLOR}.
 */
final class Console {
  private final PrintStream out;
  private final PrintStream err;
  private final boolean terminal;
  private final boolean color;
  private final Map<String, String> env;

  Console(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
    String term = env.getOrDefault("TERM", "");
    String forced = env.getOrDefault("MLDATA_PROGRESS", "");
    this.terminal =
        forced.equals("bar")
            || (!forced.equals("plain")
                && System.console() != null
                && err == System.err
                && !term.equals("dumb"));
    this.color = terminal && !env.containsKey("NO_COLOR");
  }

  /** The configuration for this process: files in the working and home folders, and {@code env}. */
  MldataConfig config() throws ConfigException {
    return MldataConfig.load(
        Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")), env);
  }

  PrintStream out() {
    return out;
  }

  PrintStream err() {
    return err;
  }

  boolean terminal() {
    return terminal;
  }

  void error(String message) {
    err.println(paint("31", "mldata: error: ") + message);
  }

  void warn(String message) {
    err.println(paint("33", "warning: ") + message);
  }

  void info(String message) {
    err.println(message);
  }

  String paint(String code, String text) {
    return color ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
  }

  /** {@code 1.5 MiB}, {@code 300 B}. */
  static String bytes(double n) {
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    while (n >= 1024 && u < units.length - 1) {
      n /= 1024;
      u++;
    }
    return u == 0
        ? String.format(Locale.ROOT, "%.0f %s", n, units[u])
        : String.format(Locale.ROOT, "%.1f %s", n, units[u]);
  }

  /** {@code 1.2 s}, {@code 3m05s}. */
  static String seconds(double s) {
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1f s", s);
    }
    long t = Math.round(s);
    return String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
  }
}
