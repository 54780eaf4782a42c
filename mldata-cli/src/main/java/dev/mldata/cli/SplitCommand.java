package dev.mldata.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataException;
import dev.mldata.core.SplitRequest;
import dev.mldata.core.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

@Parameters(commandDescription = "Split one data file into train/[val/]test, deterministically")
final class SplitCommand extends Command {
  @Parameter(description = "FILE RATIOS (e.g. data.csv 0.8,0.1,0.1)")
  List<String> args = new ArrayList<>();

  @Parameter(names = "--output", description = "Folder for the split files", required = true)
  Path output;

  @Parameter(names = "--seed", description = "Seed")
  long seed = 42;

  @Parameter(names = "--stratify", description = "Keep this column's shares in every split")
  String stratify;

  @Parameter(names = "--indices", description = "Write row numbers (train.txt…) instead of data")
  boolean indices;

  @Parameter(names = "--force", description = "Replace existing files")
  boolean force;

  @Override
  int run(Console console) throws MldataException {
    if (args.size() != 2) {
      throw new UsageException("split takes FILE and RATIOS, e.g. data.csv 0.8,0.1,0.1");
    }
    Map<String, Long> sizes =
        Mldata.builder()
            .config(console.config())
            .build()
            .split(
                new SplitRequest(
                    Path.of(args.get(0)),
                    SplitRequest.parseRatios(args.get(1)),
                    output,
                    seed,
                    stratify,
                    indices,
                    force));
    sizes.forEach((k, v) -> console.out().println(k + ": " + v + " rows"));
    return 0;
  }
}
