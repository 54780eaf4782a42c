package dev.mldata.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import dev.mldata.core.BuildRequest;
import dev.mldata.core.ExitCode;
import dev.mldata.core.Manifest;
import dev.mldata.core.MldataException;
import dev.mldata.core.UsageException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Parameters(commandDescription = "Re-run a build from its manifest.yaml and compare the result")
final class RebuildCommand extends Command {
  @Parameter(description = "DIR/manifest.yaml")
  List<String> manifest = new ArrayList<>();

  @Parameter(names = "--output", description = "Where to rebuild (default: DIR-rebuild beside DIR)")
  Path output;

  @Parameter(names = "--verify", description = "Compare the rebuilt artifacts (default)")
  boolean verify = true;

  @Parameter(names = "--no-verify", description = "Do not compare")
  boolean noVerify;

  @Parameter(names = "--dry-run", description = "Print what would be built and exit")
  boolean dryRun;

  @Override
  int run(Console console) throws MldataException {
    if (manifest.size() != 1) {
      throw new UsageException("rebuild takes exactly one manifest.yaml");
    }
    Path file = Path.of(manifest.get(0)).toAbsolutePath().normalize();
    if (file.toFile().isDirectory()) {
      file = file.resolve("manifest.yaml");
    }
    Path dir = file.getParent();
    Path out = output != null ? output : dir.resolveSibling(dir.getFileName() + "-rebuild");
    Manifest m;
    try {
      m = Manifest.read(file);
    } catch (IOException e) {
      throw new MldataException(ExitCode.FAILED, file + ": " + e.getMessage());
    }
    BuildRequest request = BuildRequest.fromManifest(m, out);
    console.out().println("Rebuild of " + request.source() + " into " + out);
    console.out().println("  parameters: " + request.parameters());
    if (dryRun) {
      return 0;
    }
    List<String> differences =
        BuildCommand.mldata(console, false).rebuild(file, out, verify && !noVerify);
    if (verify && !noVerify) {
      if (differences.isEmpty()) {
        console.out().println("Verified: every artifact has the same content as recorded");
      } else {
        differences.forEach(d -> console.error(d));
        return ExitCode.VALIDATION_FAILED.code();
      }
    }
    return 0;
  }
}
