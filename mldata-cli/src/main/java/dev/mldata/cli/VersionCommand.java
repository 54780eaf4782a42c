package dev.mldata.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import dev.mldata.core.Mldata;

@Parameters(commandDescription = "Print the mldata version")
final class VersionCommand implements Command {
  @Parameter(
      names = {"-h", "--help"},
      help = true,
      description = "Show help for this command")
  boolean help;

  @Override
  public int run(Console console) {
    console.out().println("mldata " + Mldata.version());
    console
        .out()
        .println(
            "java "
                + System.getProperty("java.version")
                + " ("
                + System.getProperty("java.vendor")
                + ")");
    return 0;
  }

  @Override
  public boolean help() {
    return help;
  }
}
