package dev.mldata.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import dev.mldata.core.ExitCode;
import dev.mldata.core.MldataException;
import dev.mldata.core.UsageException;
import dev.mldata.fetch.LocalCache;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

@Parameters(commandDescription = "Show or clear the local cache: mldata cache list|size|clean")
final class CacheCommand extends Command {
  @Parameter(description = "list|size|clean")
  List<String> action = new ArrayList<>();

  @Override
  int run(Console console) throws MldataException {
    if (action.size() != 1) {
      throw new UsageException("cache takes one action: list, size or clean");
    }
    LocalCache cache = LocalCache.of(console.config());
    try {
      switch (action.get(0)) {
        case "list" -> {
          for (LocalCache.Revision r : cache.revisions()) {
            console
                .out()
                .printf(
                    "%s@%s  %d files  %s%n",
                    r.source(), r.revision(), r.files(), Console.bytes(r.bytes()));
          }
          console
              .out()
              .printf(
                  "%d files stored in %s (%s)%n",
                  cache.blobCount(), cache.root(), Console.bytes(cache.size()));
        }
        case "size" -> console.out().println(cache.size() + "\t" + cache.root());
        case "clean" ->
            console
                .out()
                .println("Freed " + Console.bytes(cache.clean()) + " from " + cache.root());
        default ->
            throw new UsageException(
                "unknown cache action '" + action.get(0) + "': use list, size or clean");
      }
    } catch (IOException e) {
      throw new MldataException(
          ExitCode.FAILED, "cache " + cache.root() + ": " + e.getMessage(), e);
    }
    return 0;
  }
}
