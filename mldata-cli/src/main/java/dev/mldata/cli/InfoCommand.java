package dev.mldata.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataException;
import dev.mldata.core.UsageException;
import java.util.ArrayList;
import java.util.List;

@Parameters(commandDescription = "Size, files, rows, schema and sample rows of local data")
final class InfoCommand extends Command {
  @Parameter(description = "SOURCE")
  List<String> source = new ArrayList<>();

  @Parameter(names = "--schema", description = "List every column with its type")
  boolean schema;

  @Parameter(names = "--sample", description = "Print the first N rows")
  int sample = 0;

  @Override
  int run(Console console) throws MldataException {
    if (source.size() != 1) {
      throw new UsageException("info takes exactly one SOURCE");
    }
    Mldata.builder()
        .config(console.config())
        .build()
        .info(source.get(0), schema, sample)
        .forEach(l -> console.out().println(l));
    return 0;
  }
}
