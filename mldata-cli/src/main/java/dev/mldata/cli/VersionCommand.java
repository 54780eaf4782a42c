package dev.mldata.cli;

import com.beust.jcommander.Parameters;
import dev.mldata.core.Mldata;

@Parameters(commandDescription = "Print the mldata version")
final class VersionCommand extends Command {

  @Override
  int run(Console console) {
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
}
