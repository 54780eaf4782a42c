package dev.mldata.cli;

import com.beust.jcommander.JCommander;
import com.beust.jcommander.Parameter;
import com.beust.jcommander.ParameterException;
import dev.mldata.core.ExitCode;
import dev.mldata.core.MldataException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code mldata} command line: parses the command, runs it, prints, and returns an exit code.
 * Only {@link #main} calls {@link System#exit}.
 */
public final class Main {
  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  public Main(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  public static void main(String[] args) {
    Interrupts.install(Thread.currentThread());
    int code = new Main(System.out, System.err, System.getenv()).run(args);
    System.out.flush();
    System.exit(code);
  }

  /** Global options, valid before the command name. */
  static final class Global {
    @Parameter(
        names = {"-h", "--help"},
        help = true,
        description = "Show this help")
    boolean help;

    @Parameter(names = "--stacktrace", description = "Print stack traces of errors")
    boolean stacktrace;
  }

  /** Runs one command line and returns its exit code. */
  public int run(String... args) {
    Global global = new Global();
    Console console = new Console(out, err, env);
    Map<String, Command> commands = new LinkedHashMap<>();
    commands.put("pull", new PullCommand());
    commands.put("version", new VersionCommand());
    commands.put("validate", new ValidateCommand());
    commands.put("export", new ExportCommand());
    commands.put("track", new TrackCommand());
    commands.put("build", new BuildCommand());
    commands.put("rebuild", new RebuildCommand());
    commands.put("verify", new VerifyCommand());
    commands.put("split", new SplitCommand());
    commands.put("info", new InfoCommand());
    commands.put("cache", new CacheCommand());
    commands.put("doctor", new DoctorCommand());
    JCommander.Builder builder =
        JCommander.newBuilder().programName("mldata").expandAtSign(false).addObject(global);
    commands.forEach(builder::addCommand);
    JCommander jc = builder.build();
    try {
      jc.parse(args);
    } catch (ParameterException e) {
      err.println("mldata: " + e.getMessage() + " (see mldata --help)");
      return ExitCode.USAGE.code();
    }
    String name = jc.getParsedCommand();
    if (global.help || name == null) {
      StringBuilder usage = new StringBuilder();
      jc.getUsageFormatter().usage(usage);
      (name == null && !global.help ? err : out).print(usage);
      return global.help ? 0 : ExitCode.USAGE.code();
    }
    Command command = commands.get(name);
    if (command.help()) {
      StringBuilder usage = new StringBuilder();
      jc.getUsageFormatter().usage(name, usage);
      out.print(usage);
      return 0;
    }
    try {
      return command.run(console);
    } catch (MldataException e) {
      console.error(e.getMessage());
      if (global.stacktrace) {
        e.printStackTrace(err);
      }
      return e.exitCode().code();
    } catch (RuntimeException e) {
      console.error("internal error: " + e + " (please report it; --stacktrace shows details)");
      if (global.stacktrace) {
        e.printStackTrace(err);
      }
      return ExitCode.FAILED.code();
    }
  }
}
