package dev.mldata.fetch.internal;

import dev.mldata.core.Checksum;
import dev.mldata.core.DatasetUri;
import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.MldataConfig;
import dev.mldata.core.MldataException;
import dev.mldata.core.PullException;
import dev.mldata.core.PullRequest;
import dev.mldata.core.PullResult;
import dev.mldata.core.PulledFile;
import dev.mldata.core.UsageException;
import dev.mldata.core.spi.OperationContext;
import dev.mldata.core.spi.PullService;
import dev.mldata.fetch.FetchException;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** The pull operation: resolves the source to files, then brings them in, {@code jobs} at once. */
public final class DefaultPullService implements PullService {

  @Override
  public PullResult list(PullRequest request, OperationContext context) throws PullException {
    long start = System.nanoTime();
    try {
      DatasetUri uri = DatasetUri.parse(request.source());
      if (request.revision() != null) {
        uri = uri.withRevision(request.revision());
      }
      Path output = request.outputOrDefault();
      MldataConfig config = context.config();
      try (HttpTransport http = new HttpTransport(config, 4)) {
        switch (uri.kind()) {
          case HUGGING_FACE -> {
            HuggingFaceSource.Plan plan =
                new HuggingFaceSource(new ApiClient(http, config), config).plan(uri, request);
            List<PulledFile> files = new ArrayList<>();
            for (RemoteFile f : plan.files()) {
              files.add(listed(f));
            }
            return new PullResult(
                uri.toString(),
                output,
                files,
                Duration.ofNanos(System.nanoTime() - start),
                plan.commit());
          }
          case OPENML -> {
            OpenMlSource.Plan plan =
                new OpenMlSource(new ApiClient(http, config), config).plan(uri);
            OpenMlSource.saveMetadata(plan, output);
            List<PulledFile> files = new ArrayList<>();
            for (String meta : List.of("description.json", "features.json")) {
              files.add(
                  new PulledFile(
                      meta,
                      Files.size(output.resolve(meta)),
                      null,
                      Event.Outcome.DOWNLOADED,
                      0,
                      0));
            }
            for (RemoteFile f : java.util.Arrays.asList(plan.parquet(), plan.arff())) {
              if (f != null) {
                files.add(listed(f));
              }
            }
            return new PullResult(
                uri.toString(),
                output,
                files,
                Duration.ofNanos(System.nanoTime() - start),
                String.valueOf(plan.version()));
          }
          default ->
              throw new FetchException(
                  ExitCode.FAILED,
                  uri + ": only hf:// and openml:// sources can be listed without downloading");
        }
      }
    } catch (MldataException e) {
      throw e instanceof PullException p ? p : PullException.of(e);
    } catch (IOException e) {
      throw PullException.of(new MldataException(ExitCode.FAILED, e.getMessage(), e));
    }
  }

  private static PulledFile listed(RemoteFile f) {
    String sha =
        f.expected() != null && f.expected().algorithm().equals(Checksum.SHA256)
            ? f.expected().hex()
            : null;
    return new PulledFile(f.path(), f.expectedSize(), sha, Event.Outcome.LISTED, 0, 0);
  }

  @Override
  public PullResult pull(PullRequest request, OperationContext context) throws PullException {
    long start = System.nanoTime();
    DatasetUri uri;
    Path output;
    try {
      uri = DatasetUri.parse(request.source());
      if (request.revision() != null) {
        uri = uri.withRevision(request.revision());
      }
      output = request.outputOrDefault();
    } catch (UsageException e) {
      throw PullException.of(e);
    }
    MldataConfig config = context.config();
    int jobs = request.jobs() > 0 ? request.jobs() : config.jobs();
    int connections = request.connections() >= 0 ? request.connections() : config.connections();
    List<Task> tasks = new ArrayList<>();
    Cancellation cancellation = new Cancellation();
    try (HttpTransport http = new HttpTransport(config, jobs * Math.max(4, connections) + 1)) {
      switch (uri.kind()) {
        case LOCAL -> {
          for (LocalSource.LocalFile f : LocalSource.list(uri, output)) {
            Path target = resolve(output, f.path());
            tasks.add(new Task(f.path(), () -> localTask(f, target, request, context)));
          }
        }
        case HTTP, URL_LIST -> {
          List<RemoteFile> files =
              uri.kind() == DatasetUri.Kind.HTTP
                  ? List.of(UrlList.remote(uri.id(), null, uri.id()))
                  : UrlList.read(Path.of(uri.id()));
          PullLedger ledger = request.useCache() ? new PullLedger(config.home()) : null;
          RemotePull remote =
              new RemotePull(http, config, context.listener(), cancellation, ledger);
          for (RemoteFile file : files) {
            Path target = resolve(output, file.path());
            tasks.add(
                new Task(
                    file.path(),
                    () -> remote.pull(file, target, connections, request.overwrite())));
          }
        }
        case HUGGING_FACE -> {
          HuggingFaceSource.Plan plan =
              new HuggingFaceSource(new ApiClient(http, config), config).plan(uri, request);
          context
              .listener()
              .onEvent(
                  new Event.Log(
                      Event.Level.INFO,
                      uri + ": commit " + plan.commit() + ", " + plan.files().size() + " files"));
          BlobCache cache = request.useCache() ? new BlobCache(config.home()) : null;
          List<RemoteFile> files =
              withCachedBlobs(plan.files(), cache, "hf", uri.id(), plan.commit());
          RemotePull remote =
              new RemotePull(http, config, context.listener(), cancellation, null, cache);
          for (RemoteFile file : files) {
            Path target = resolve(output, file.path());
            tasks.add(
                new Task(
                    file.path(),
                    () -> remote.pull(file, target, connections, request.overwrite())));
          }
          PullResult result = run(uri, output, tasks, jobs, cancellation, context, start);
          if (cache != null) {
            cache.putRef("hf", uri.id(), plan.commit(), result.files());
          }
          return result.withRevision(plan.commit());
        }
        case OPENML -> {
          OpenMlSource.Plan found = new OpenMlSource(new ApiClient(http, config), config).plan(uri);
          BlobCache cache = request.useCache() ? new BlobCache(config.home()) : null;
          String version = "v" + found.version();
          List<RemoteFile> cached =
              withCachedBlobs(
                  java.util.Arrays.asList(found.parquet(), found.arff()).stream()
                      .filter(java.util.Objects::nonNull)
                      .toList(),
                  cache,
                  "openml",
                  found.id(),
                  version);
          OpenMlSource.Plan plan =
              new OpenMlSource.Plan(
                  found.id(),
                  found.version(),
                  found.parquet() == null ? null : cached.get(0),
                  cached.get(cached.size() - 1),
                  found.description(),
                  found.features());
          OpenMlSource.saveMetadata(plan, output);
          RemotePull remote =
              new RemotePull(http, config, context.listener(), cancellation, null, cache);
          tasks.add(
              new Task(
                  plan.arff().path(),
                  () -> openMlData(plan, output, remote, connections, request, context)));
          PullResult result = run(uri, output, tasks, jobs, cancellation, context, start);
          if (cache != null) {
            cache.putRef("openml", plan.id(), version, result.files());
          }
          return result.withRevision(String.valueOf(plan.version()));
        }
        case KAGGLE -> {
          RemoteFile archive = new KaggleSource(config).archive(uri);
          PullLedger ledger = request.useCache() ? new PullLedger(config.home()) : null;
          BlobCache cache = ledger == null ? null : new BlobCache(config.home());
          if (uri.revision() != null) {
            archive =
                withCachedBlobs(List.of(archive), cache, "kaggle", uri.id(), uri.revision()).get(0);
          }
          RemoteFile zipFile = archive;
          RemotePull remote =
              new RemotePull(http, config, context.listener(), cancellation, ledger);
          Path zip = resolve(output, archive.path());
          PullResult fetched =
              run(
                  uri,
                  output,
                  List.of(
                      new Task(zipFile.path(), () -> remote.pull(zipFile, zip, connections, true))),
                  1,
                  cancellation,
                  context,
                  start);
          if (cache != null && uri.revision() != null) {
            cache.putRef("kaggle", uri.id(), uri.revision(), fetched.files());
          }
          List<PulledFile> files =
              SafeUnzip.extract(
                  zip, output, config.zipMaxBytes(), config.zipMaxRatio(), request.overwrite());
          List<PulledFile> all = new ArrayList<>(files);
          if (request.archiveKept()) {
            all.addAll(fetched.files());
          } else {
            Files.deleteIfExists(zip);
          }
          all.sort(Comparator.comparing(PulledFile::path));
          return new PullResult(
              uri.toString(),
              output,
              all,
              Duration.ofNanos(System.nanoTime() - start),
              uri.revision());
        }
        default ->
            throw new FetchException(
                ExitCode.FAILED,
                uri.kind().scheme()
                    + ":// sources are not available in this version of mldata yet; download the"
                    + " files by URL or use a local path");
      }
      return run(uri, output, tasks, jobs, cancellation, context, start);
    } catch (MldataException e) {
      throw e instanceof PullException p ? p : PullException.of(e);
    } catch (IOException e) {
      throw PullException.of(new MldataException(ExitCode.FAILED, e.getMessage(), e));
    }
  }

  private static PulledFile localTask(
      LocalSource.LocalFile f, Path target, PullRequest request, OperationContext context)
      throws IOException, FetchException {
    if (Files.exists(target)) {
      if (Files.isSameFile(target, f.source()) || Files.mismatch(target, f.source()) < 0) {
        String sha = null;
        context
            .listener()
            .onEvent(
                new Event.FileFinished(
                    f.path(), Files.size(target), sha, 0, Duration.ZERO, Event.Outcome.UNCHANGED));
        return new PulledFile(f.path(), Files.size(target), sha, Event.Outcome.UNCHANGED, 0, 0);
      }
      if (!request.overwrite()) {
        throw exists(target);
      }
    }
    return LocalSource.bring(f, target, context.listener());
  }

  /**
   * One file's work.
   *
   * @param path the file's path in the output folder, for failure reports
   * @param work brings the file in
   */
  private record Task(String path, Callable<PulledFile> work) {}

  /** The Parquet file when there is one, falling back to the verified ARFF file if it fails. */
  private static PulledFile openMlData(
      OpenMlSource.Plan plan,
      Path output,
      RemotePull remote,
      int connections,
      PullRequest request,
      OperationContext context)
      throws IOException, FetchException {
    if (plan.parquet() != null) {
      try {
        return remote.pull(
            plan.parquet(),
            resolve(output, plan.parquet().path()),
            connections,
            request.overwrite());
      } catch (FetchException e) {
        if (e.exitCode() == ExitCode.INTERRUPTED || e.exitCode() == ExitCode.AUTH) {
          throw e;
        }
        context
            .listener()
            .onEvent(
                new Event.Log(
                    Event.Level.WARN,
                    "openml://"
                        + plan.id()
                        + ": the Parquet file failed ("
                        + e.getMessage()
                        + "); taking the ARFF file instead"));
      }
    }
    return remote.pull(
        plan.arff(), resolve(output, plan.arff().path()), connections, request.overwrite());
  }

  /** Adds the cached blob of each file recorded for this revision as a place to copy from. */
  private static List<RemoteFile> withCachedBlobs(
      List<RemoteFile> files, BlobCache cache, String kind, String dataset, String revision) {
    BlobCache.Ref ref = cache == null ? null : cache.ref(kind, dataset, revision);
    if (ref == null) {
      return files;
    }
    Map<String, String> sha = new HashMap<>();
    ref.files().forEach(e -> sha.put(e.path(), e.sha256()));
    List<RemoteFile> out = new ArrayList<>();
    for (RemoteFile f : files) {
      List<Path> candidates = new ArrayList<>();
      if (sha.containsKey(f.path())) {
        candidates.add(cache.blob(sha.get(f.path())));
      }
      candidates.addAll(f.candidates());
      out.add(
          new RemoteFile(
              f.path(),
              f.url(),
              f.expectedSize(),
              f.expected(),
              f.headers(),
              f.authHint(),
              candidates));
    }
    return out;
  }

  static FetchException exists(Path target) {
    return new FetchException(
        ExitCode.FAILED,
        target
            + " already exists and differs from the source (and was not written by mldata);"
            + " use --force to overwrite it");
  }

  private PullResult run(
      DatasetUri uri,
      Path output,
      List<Task> tasks,
      int jobs,
      Cancellation cancellation,
      OperationContext context,
      long start)
      throws PullException {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(jobs, tasks.size()),
            r -> {
              Thread t = new Thread(r, "mldata-pull");
              t.setDaemon(true);
              return t;
            });
    List<Future<PulledFile>> futures = new ArrayList<>();
    tasks.forEach(t -> futures.add(pool.submit(t.work())));
    pool.shutdown();
    List<PulledFile> done = new ArrayList<>();
    List<PullException.Failure> failures = new ArrayList<>();
    Throwable firstCause = null;
    for (int i = 0; i < futures.size(); i++) {
      try {
        done.add(await(futures.get(i), cancellation));
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        firstCause = firstCause == null ? cause : firstCause;
        ExitCode code = cause instanceof MldataException m ? m.exitCode() : ExitCode.FAILED;
        String message =
            cause instanceof MldataException ? cause.getMessage() : String.valueOf(cause);
        failures.add(new PullException.Failure(tasks.get(i).path(), message, code));
        context.listener().onEvent(new Event.Log(Event.Level.ERROR, message));
      }
    }
    done.sort(Comparator.comparing(PulledFile::path));
    PullResult result =
        new PullResult(uri.toString(), output, done, Duration.ofNanos(System.nanoTime() - start));
    if (failures.isEmpty()) {
      return result;
    }
    ExitCode code =
        failures.stream()
            .map(PullException.Failure::exitCode)
            .min(Comparator.comparingInt(DefaultPullService::priority))
            .orElse(ExitCode.FAILED);
    String message =
        failures.size() == 1
            ? failures.get(0).message()
            : failures.size()
                + " of "
                + tasks.size()
                + " files failed; first: "
                + failures.get(0).message();
    throw new PullException(code, message, firstCause, result, failures);
  }

  private static PulledFile await(Future<PulledFile> future, Cancellation cancellation)
      throws ExecutionException {
    while (true) {
      try {
        return future.get();
      } catch (InterruptedException e) {
        cancellation.cancel();
      }
    }
  }

  private static int priority(ExitCode code) {
    return switch (code) {
      case INTERRUPTED -> 0;
      case AUTH -> 1;
      case NETWORK -> 2;
      default -> 3;
    };
  }

  /** The output path for a relative file path, refusing anything that leaves the folder. */
  static Path resolve(Path output, String relative) throws FetchException {
    Path base = output.toAbsolutePath().normalize();
    Path target = base.resolve(relative).normalize();
    if (!target.startsWith(base) || target.equals(base)) {
      throw new FetchException(
          ExitCode.FAILED,
          "refusing to write '" + relative + "' outside the output folder " + output);
    }
    return target;
  }

  /** The file name a URL's path ends with, decoded; {@code download} when it has none. */
  static String fileName(URI url) {
    String path = url.getRawPath() == null ? "" : url.getRawPath();
    String last = path.substring(path.lastIndexOf('/') + 1);
    String name =
        URLDecoder.decode(last, StandardCharsets.UTF_8).replace('/', '_').replace('\\', '_');
    return name.isEmpty() || name.equals(".") || name.equals("..") ? "download" : name;
  }
}
