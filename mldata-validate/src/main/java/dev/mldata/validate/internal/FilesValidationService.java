package dev.mldata.validate.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.FileCheck;
import dev.mldata.core.Hasher;
import dev.mldata.core.MldataException;
import dev.mldata.core.UsageException;
import dev.mldata.core.ValidationReport;
import dev.mldata.core.ValidationRequest;
import dev.mldata.core.internal.AtomicFiles;
import dev.mldata.core.spi.OperationContext;
import dev.mldata.core.spi.ValidationService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code validate --checks files}: every file under the path (or a seeded sample) is checked on its
 * own thread with a time limit; whatever a checker throws, even an {@link Error}, stays with that
 * file. Results stream out as events; the report keeps counts and the problem files only.
 */
public final class FilesValidationService implements ValidationService {
  /**
   * The path of the run's {@link Event.Progress} events, whose "bytes" count checked files and
   * whose rate is files per second.
   */
  public static final String PROGRESS = "(validate)";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public ValidationReport validate(ValidationRequest request, OperationContext context)
      throws MldataException {
    long start = System.nanoTime();
    if (!request.checks().contains("files")) {
      throw new UsageException(
          "only the 'files' check is available in this version; use --checks files");
    }
    if (!(request.samplePercent() > 0 && request.samplePercent() <= 100)) {
      throw new UsageException("--sample must be in (0, 100], got " + request.samplePercent());
    }
    Path root = request.path().toAbsolutePath().normalize();
    if (!Files.exists(root)) {
      throw new MldataException(ExitCode.FAILED, "no such file or folder: " + request.path());
    }
    List<Path> files = list(root, request);
    int jobs = request.jobs() > 0 ? request.jobs() : Runtime.getRuntime().availableProcessors();
    Map<FileCheck.Status, Long> counts = new EnumMap<>(FileCheck.Status.class);
    List<FileCheck> problems = new ArrayList<>();
    // Each lane checks files itself; a watchdog reports a file that overruns its timeout and
    // adds a lane, so a hung decoder costs one thread, never the run.
    java.util.concurrent.ThreadPoolExecutor lanes =
        new java.util.concurrent.ThreadPoolExecutor(
            jobs,
            jobs,
            30,
            TimeUnit.SECONDS,
            new java.util.concurrent.LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "mldata-validate");
              t.setDaemon(true);
              return t;
            });
    java.util.concurrent.ScheduledThreadPoolExecutor watchdog =
        new java.util.concurrent.ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "mldata-watchdog");
              t.setDaemon(true);
              return t;
            });
    watchdog.setRemoveOnCancelPolicy(true);
    java.util.concurrent.BlockingQueue<FileCheck> results =
        new java.util.concurrent.LinkedBlockingQueue<>();
    try {
      for (Path file : files) {
        lanes.execute(() -> checkOne(lanes, watchdog, results, root, file, request.timeout()));
      }
      for (int i = 0; i < files.size(); i++) {
        FileCheck result = results.take();
        counts.merge(result.status(), 1L, Long::sum);
        if (result.isProblem()) {
          problems.add(result);
        }
        context.listener().onEvent(new Event.Checked(result));
        double seconds = (System.nanoTime() - start) / 1e9;
        context
            .listener()
            .onEvent(
                new Event.Progress(
                    PROGRESS, i + 1, files.size(), seconds > 0 ? (i + 1) / seconds : 0));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MldataException(ExitCode.INTERRUPTED, "validation interrupted");
    } finally {
      lanes.shutdownNow();
      watchdog.shutdownNow();
    }
    problems.sort(Comparator.comparing(FileCheck::path));
    if (request.quarantine() != null) {
      quarantine(root, request.quarantine(), problems, context);
    }
    return new ValidationReport(
        root, counts, problems, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Checks one file on the calling lane. Whoever finishes first, the checker or the watchdog at the
   * timeout, reports the file; a timed-out lane gets a replacement and gives it back when its
   * checker finally returns.
   */
  private static void checkOne(
      java.util.concurrent.ThreadPoolExecutor lanes,
      java.util.concurrent.ScheduledExecutorService watchdog,
      java.util.concurrent.BlockingQueue<FileCheck> results,
      Path root,
      Path file,
      Duration timeout) {
    String relative =
        root.equals(file)
            ? file.getFileName().toString()
            : root.relativize(file).toString().replace('\\', '/');
    java.util.concurrent.atomic.AtomicBoolean reported =
        new java.util.concurrent.atomic.AtomicBoolean();
    Thread lane = Thread.currentThread();
    java.util.concurrent.ScheduledFuture<?> timer =
        watchdog.schedule(
            () -> {
              if (reported.compareAndSet(false, true)) {
                results.add(
                    FileChecker.corrupt(
                        relative,
                        Sniffer.claimed(file.getFileName().toString()),
                        "timed out after " + timeout.toMillis() / 1000.0 + " s",
                        -1));
                resize(lanes, +1);
                lane.interrupt();
              }
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    FileCheck result;
    try {
      result = FileChecker.check(file, relative);
    } catch (Throwable t) { // even an Error from a hostile header stays with this file
      result =
          FileChecker.corrupt(
              relative,
              Sniffer.claimed(file.getFileName().toString()),
              "damaged: the checker failed with "
                  + t.getClass().getSimpleName()
                  + (t.getMessage() == null ? "" : ": " + t.getMessage()),
              -1);
    }
    timer.cancel(false);
    if (reported.compareAndSet(false, true)) {
      results.add(result);
    } else {
      Thread.interrupted(); // the watchdog's interrupt is for this file only
      resize(lanes, -1);
    }
  }

  private static synchronized void resize(java.util.concurrent.ThreadPoolExecutor lanes, int by) {
    if (by > 0) {
      lanes.setMaximumPoolSize(lanes.getMaximumPoolSize() + by);
      lanes.setCorePoolSize(lanes.getCorePoolSize() + by);
    } else {
      lanes.setCorePoolSize(lanes.getCorePoolSize() + by);
      lanes.setMaximumPoolSize(lanes.getMaximumPoolSize() + by);
    }
  }

  /** The files to check, sorted; a deterministic sample when asked. */
  static List<Path> list(Path root, ValidationRequest request) throws MldataException {
    List<Path> all;
    if (Files.isRegularFile(root)) {
      all = List.of(root);
    } else {
      try (Stream<Path> walk = Files.walk(root)) {
        Path quarantine =
            request.quarantine() == null ? null : request.quarantine().toAbsolutePath().normalize();
        all =
            walk.filter(Files::isRegularFile)
                .filter(p -> quarantine == null || !p.startsWith(quarantine))
                .sorted()
                .toList();
      } catch (IOException e) {
        throw new MldataException(
            ExitCode.FAILED, "cannot list " + root + ": " + e.getMessage(), e);
      }
    }
    if (request.samplePercent() >= 100) {
      return all;
    }
    long threshold = (long) (request.samplePercent() / 100 * 1_000_000);
    return all.stream()
        .filter(
            p ->
                Math.floorMod(mix(root.relativize(p).toString(), request.seed()), 1_000_000L)
                    < threshold)
        .toList();
  }

  private static long mix(String path, long seed) {
    long h = seed ^ 0x9E3779B97F4A7C15L;
    for (byte c : path.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ c) * 0x100000001B3L;
      h ^= h >>> 29;
    }
    return h;
  }

  /** Moves corrupt files under {@code dir} and records them in {@code dir/quarantine.json}. */
  private static void quarantine(
      Path root, Path dir, List<FileCheck> problems, OperationContext context)
      throws MldataException {
    List<Map<String, Object>> moved = new ArrayList<>();
    Path base = Files.isRegularFile(root) ? root.getParent() : root;
    Path listFile = dir.resolve("quarantine.json");
    try {
      if (Files.isRegularFile(listFile)) {
        moved.addAll(JSON.readValue(listFile.toFile(), List.class));
      }
      for (FileCheck f : problems) {
        if (f.status() != FileCheck.Status.CORRUPT) {
          continue;
        }
        Path from = base.resolve(f.path());
        Path to = dir.resolve(f.path());
        Files.createDirectories(to.getParent());
        String sha = Hasher.hash(from, "sha256").sha256();
        Files.move(from, to);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("path", f.path());
        entry.put("originalPath", from.toString());
        entry.put("reason", f.reason());
        entry.put("sha256", sha);
        moved.add(entry);
        context.listener().onEvent(new Event.Log(Event.Level.INFO, "quarantined " + f.path()));
      }
      AtomicFiles.write(listFile, JSON.writeValueAsBytes(moved));
    } catch (IOException e) {
      throw new MldataException(
          ExitCode.FAILED, "cannot quarantine into " + dir + ": " + e.getMessage(), e);
    }
  }

  /** Moves the files listed in {@code dir/quarantine.json} back; returns how many. */
  public static int restore(Path dir) throws MldataException {
    Path listFile = dir.resolve("quarantine.json");
    if (!Files.isRegularFile(listFile)) {
      throw new MldataException(ExitCode.FAILED, listFile + " not found: nothing to restore");
    }
    try {
      List<?> entries = JSON.readValue(listFile.toFile(), List.class);
      int n = 0;
      for (Object o : entries) {
        Map<?, ?> e = (Map<?, ?>) o;
        Path from = dir.resolve(String.valueOf(e.get("path")));
        Path to = Path.of(String.valueOf(e.get("originalPath")));
        if (Files.exists(from)) {
          if (Files.exists(to)) {
            throw new MldataException(
                ExitCode.FAILED, to + " exists again; move it away, then restore");
          }
          Files.createDirectories(to.getParent());
          Files.move(from, to);
          n++;
        }
      }
      Files.delete(listFile);
      return n;
    } catch (IOException e) {
      throw new MldataException(
          ExitCode.FAILED, "cannot restore from " + dir + ": " + e.getMessage(), e);
    }
  }
}
