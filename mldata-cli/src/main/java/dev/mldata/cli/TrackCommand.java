package dev.mldata.cli;

import com.beust.jcommander.Parameter;
import com.beust.jcommander.Parameters;
import dev.mldata.core.Event;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataException;
import dev.mldata.core.TrackRequest;
import dev.mldata.core.TrackResult;
import dev.mldata.core.UsageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

@Parameters(
    commandDescription =
        "Version a data file or folder: a .dvc file like dvc add, and/or Git-LFS tracking like"
            + " git lfs track")
final class TrackCommand extends Command {
  @Parameter(description = "PATH")
  List<String> path = new ArrayList<>();

  @Parameter(names = "--dvc", description = "Write PATH.dvc (and fill the DVC cache in a DVC repo)")
  boolean dvc;

  @Parameter(names = "--git-lfs", description = "Track PATH's binary and large files with Git LFS")
  boolean gitLfs;

  @Parameter(
      names = "--threshold",
      description = "Git-LFS: other files at least this large get their own line (e.g. 10MB)")
  String threshold = "10MB";

  @Parameter(names = "--dry-run", description = "Git-LFS: print what would change, write nothing")
  boolean dryRun;

  @Parameter(names = "--no-cache", description = "DVC: do not copy the data into .dvc/cache")
  boolean noCache;

  @Parameter(
      names = "--force",
      description = "DVC: replace a .dvc file that is not a plain data file (a pipeline stage)")
  boolean force;

  @Override
  int run(Console console) throws MldataException {
    if (path.size() != 1) {
      throw new UsageException("track takes exactly one PATH, got " + path.size());
    }
    if (!dvc && !gitLfs) {
      throw new UsageException("choose --dvc, --git-lfs or both");
    }
    TrackRequest request =
        new TrackRequest(
            Path.of(path.get(0)), dvc, gitLfs, force, noCache, parseSize(threshold), dryRun);
    Mldata mldata =
        Mldata.builder()
            .config(console.config())
            .listener(
                e -> {
                  if (e instanceof Event.Log l && l.level() == Event.Level.WARN) {
                    console.warn(l.message());
                  }
                })
            .build();
    print(console, mldata.track(request), dryRun);
    return 0;
  }

  static void print(Console console, TrackResult r, boolean dryRun) {
    if (r.dvcFile() != null) {
      console.out().println("Wrote " + r.dvcFile() + " (md5 " + r.dvcHash() + ")");
      r.changes().forEach(c -> console.out().println("  " + c));
      if (r.cached() > 0) {
        console.out().println("  " + r.cached() + " object(s) added to the DVC cache");
      }
    }
    if (!r.lfsFiles().isEmpty() || !r.lfsLines().isEmpty()) {
      String verb = dryRun ? "Would add" : "Added";
      if (r.lfsLines().isEmpty()) {
        console.out().println("Git LFS: already tracked, .gitattributes unchanged");
      } else {
        console.out().println(verb + " to .gitattributes:");
        r.lfsLines().forEach(l -> console.out().println("  " + l));
      }
      console
          .out()
          .println(
              "Git LFS stores "
                  + r.lfsFiles().size()
                  + " file(s), "
                  + Console.bytes(r.lfsBytes())
                  + " (the LFS storage estimate):");
      r.lfsFiles().stream().limit(20).forEach(f -> console.out().println("  " + f));
      if (r.lfsFiles().size() > 20) {
        console.out().println("  … and " + (r.lfsFiles().size() - 20) + " more");
      }
    }
    if (!r.nextCommands().isEmpty() && !dryRun) {
      console.out().println("Next:");
      r.nextCommands().forEach(c -> console.out().println("  " + c));
    }
  }

  /** {@code 10MB}, {@code 512KiB}, {@code 1G}, or plain bytes. */
  static long parseSize(String s) throws UsageException {
    String t = s.strip().toUpperCase(Locale.ROOT).replace(" ", "");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("([0-9]+(?:\\.[0-9]+)?)([KMGT]?)(I?B)?").matcher(t);
    if (!m.matches()) {
      throw new UsageException("--threshold " + s + ": expected a size such as 10MB or 512KiB");
    }
    int power = "_KMGT".indexOf(m.group(2).isEmpty() ? "_" : m.group(2));
    double base = "IB".equals(m.group(3)) ? 1024 : 1000;
    return (long) (Double.parseDouble(m.group(1)) * Math.pow(base, power));
  }
}
