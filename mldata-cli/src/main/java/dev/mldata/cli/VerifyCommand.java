package dev.mldata.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import dev.mldata.core.ExitCode;
import dev.mldata.core.Manifest;
import dev.mldata.core.MldataException;
import dev.mldata.core.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Parameters(commandDescription = "Re-hash a dataset folder's artifacts against its manifest.yaml")
final class VerifyCommand extends Command {
  @Parameter(description = "DIR")
  List<String> dir = new ArrayList<>();

  @Override
  int run(Console console) throws MldataException {
    if (dir.size() != 1) {
      throw new UsageException("verify takes exactly one DIR");
    }
    Path d = Path.of(dir.get(0));
    Path file = d.resolve("manifest.yaml");
    if (!Files.isRegularFile(file)) {
      throw new MldataException(ExitCode.FAILED, file + ": no manifest (not a dataset folder?)");
    }
    try {
      Manifest m = Manifest.read(file);
      List<String> problems = m.verify(d);
      if (problems.isEmpty()) {
        console.out().println("OK: " + m.artifacts().size() + " artifacts match manifest.yaml");
        return 0;
      }
      problems.forEach(p -> console.out().println(p));
      return ExitCode.VALIDATION_FAILED.code();
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, file + ": " + e.getMessage());
    }
  }
}
