package dev.mldata.fetch.internal;

import dev.mldata.core.Checksum;
import dev.mldata.core.Digests;
import dev.mldata.core.Event;
import dev.mldata.core.ExitCode;
import dev.mldata.core.Hasher;
import dev.mldata.core.Listener;
import dev.mldata.core.MldataConfig;
import dev.mldata.core.PulledFile;
import dev.mldata.core.internal.AtomicFiles;
import dev.mldata.core.internal.HashingPipeline;
import dev.mldata.fetch.FetchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * Downloads one file to {@code <target>.part}, resuming what is on disk, and renames it to the
 * target only once its size and checksum verify. The rules (shared/specs/sources.md §4): resume
 * with {@code Range} and {@code If-Range}; append only a 206 whose Content-Range starts where the
 * data ends and whose total is the expected size; a 200 starts over; a 416 with a complete file
 * verifies it; an error status never writes its body.
 */
final class Transfer {
  static final int BUFFER = 1 << 20;

  /** Up to this size a file is hashed on the transfer's own thread. */
  static final long SMALL = 8L << 20;

  static final int SMALL_BUFFER = 64 * 1024;

  /**
   * The sidecar is written once this many bytes are on disk (or when an attempt fails), so small
   * files cost no extra file writes; a process killed before that restarts the file.
   */
  static final long SIDECAR_AFTER = 4L << 20;

  private static final int MAX_RESTARTS = 3;

  private final HttpTransport http;
  private final MldataConfig config;
  private final Listener listener;
  private final Cancellation cancellation;
  private final RemoteFile file;
  private final Path target;
  private final Path part;
  private final Path sidecar;
  private final int connections;
  private final RetryPolicy retry;
  private final AutoSplit autoSplit;
  private final ProgressMeter meter;
  private PartState state;
  private boolean sidecarWritten;

  Transfer(
      HttpTransport http,
      MldataConfig config,
      Listener listener,
      Cancellation cancellation,
      RemoteFile file,
      Path target,
      int connections) {
    this(http, config, listener, cancellation, file, target, connections, AutoSplit.DEFAULT);
  }

  Transfer(
      HttpTransport http,
      MldataConfig config,
      Listener listener,
      Cancellation cancellation,
      RemoteFile file,
      Path target,
      int connections,
      AutoSplit autoSplit) {
    this.autoSplit = autoSplit;
    this.http = http;
    this.config = config;
    this.listener = listener;
    this.cancellation = cancellation;
    this.file = file;
    this.target = target;
    this.part = sibling(target, ".part");
    this.sidecar = sibling(target, ".part.json");
    this.connections = connections;
    this.retry = new RetryPolicy(config.retryBackoff());
    this.meter = new ProgressMeter(file.path(), listener);
  }

  static Path sibling(Path target, String suffix) {
    return target.resolveSibling(target.getFileName() + suffix);
  }

  /** Runs the transfer to the end. */
  PulledFile run() throws FetchException {
    try {
      Files.createDirectories(target.toAbsolutePath().getParent());
      state = loadState();
      long resumedFrom = onDisk();
      meter.start(knownSize(), resumedFrom);
      Digests digests;
      try {
        digests = attempts();
      } catch (FetchException e) {
        persistPartial();
        throw e;
      }
      Event.Outcome outcome = resumedFrom > 0 ? Event.Outcome.RESUMED : Event.Outcome.DOWNLOADED;
      AtomicFiles.move(part, target);
      Files.deleteIfExists(sidecar);
      meter.finish(digests, outcome);
      return new PulledFile(
          file.path(), digests.size(), digests.sha256(), outcome, meter.transferred(), resumedFrom);
    } catch (IOException e) {
      throw new FetchException(
          ExitCode.FAILED, file.path() + ": cannot write " + part + " (" + e.getMessage() + ")", e);
    }
  }

  private Digests attempts() throws FetchException, IOException {
    int failures = 0;
    int restarts = 0;
    boolean refetchedAfterMismatch = false;
    while (true) {
      checkCancelled();
      long before = onDisk();
      try {
        Digests digests = state.pieces() != null ? new PieceDownload(this).run(null) : single();
        String mismatch = mismatch(digests);
        if (mismatch == null) {
          return digests;
        }
        if (refetchedAfterMismatch) {
          Files.deleteIfExists(part);
          Files.deleteIfExists(sidecar);
          throw new FetchException.ChecksumMismatchException(
              file.path()
                  + ": "
                  + mismatch
                  + " after downloading it twice from "
                  + file.url()
                  + "; the server's data differs from what it advertises");
        }
        refetchedAfterMismatch = true;
        warn(file.path() + ": " + mismatch + "; downloading it again from the start");
        reset();
      } catch (TransferFailure.Restart e) {
        if (++restarts > MAX_RESTARTS) {
          throw new FetchException(
              ExitCode.FAILED, file.path() + ": " + e.getMessage() + " (gave up after restarts)");
        }
        warn(file.path() + ": " + e.getMessage());
        reset();
      } catch (TransferFailure.Retry e) {
        persistPartial();
        checkCancelled();
        if (onDisk() > before) {
          failures = 0;
        }
        if (++failures > config.retries()) {
          throw new FetchException.NetworkException(
              file.path()
                  + ": "
                  + e.getMessage()
                  + "; gave up after "
                  + failures
                  + " attempts ("
                  + onDisk()
                  + " bytes kept in "
                  + part.getFileName()
                  + "; run again to resume)",
              e.getCause());
        }
        Duration delay = e.retryAfter() != null ? e.retryAfter() : retry.backoff(failures);
        if (delay.compareTo(RetryPolicy.MAX_RETRY_AFTER) > 0) {
          throw new FetchException.NetworkException(
              file.path()
                  + ": the server asks to retry after "
                  + delay.toSeconds()
                  + " s; run again later",
              e);
        }
        listener.onEvent(
            new Event.Log(
                Event.Level.INFO,
                String.format(
                    Locale.ROOT,
                    "%s: %s; retrying in %.1f s (attempt %d of %d)",
                    file.path(),
                    e.getMessage(),
                    delay.toMillis() / 1000.0,
                    failures + 1,
                    config.retries() + 1)));
        sleep(delay);
      }
    }
  }

  /** One attempt over a single connection. */
  private Digests single()
      throws TransferFailure.Retry, TransferFailure.Restart, FetchException, IOException {
    long offset = Files.exists(part) ? Files.size(part) : 0;
    if (state.size() >= 0 && offset > state.size()) {
      throw new TransferFailure.Restart("partial file is longer than the file; starting over");
    }
    if (offset > 0 && state.validator() == null && state.expected() == null) {
      throw new TransferFailure.Restart(
          "no ETag or Last-Modified to check the partial data against; starting over");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Accept-Encoding", "identity");
    if (offset > 0) {
      headers.put("Range", "bytes=" + offset + "-");
      if (state.validator() != null) {
        headers.put("If-Range", state.validator());
      }
    } else if (connections > 1) {
      headers.put("Range", "bytes=0-" + (PieceDownload.PROBE - 1));
    }
    HttpTransport.Response response = open(headers);
    try {
      int status = response.status();
      if (status == 200) {
        if (offset > 0) {
          warn(file.path() + ": " + whyFullBody(response) + "; restarting from 0");
        }
        adopt(response, encoded(response) ? -1 : contentLength(response));
        return stream(response, 0);
      }
      if (status == 206) {
        ContentRange range = checkRange(response, offset);
        if (offset == 0) {
          adopt(response, range.total());
          int pieces = effectiveConnections(range.total());
          if (pieces > 1 && range.end() + 1 < range.total() && state.validator() != null) {
            state = state.withPieces(PieceDownload.plan(range.end(), 0, range.total(), pieces));
            persist();
            return new PieceDownload(this).run(response);
          }
        }
        return stream(response, offset);
      }
      if (status == 416) {
        ContentRange range = ContentRange.parse(response.header("Content-Range"));
        long total = range == null ? -1 : range.total();
        if (offset > 0 && offset == total && (state.size() < 0 || state.size() == total)) {
          state = state.withValidators(state.finalUrl(), state.etag(), state.lastModified(), total);
          return hashPart();
        }
        throw new TransferFailure.Restart(
            "server says the range is not satisfiable ("
                + offset
                + " of "
                + total
                + " bytes on disk); starting over");
      }
      throw statusFailure(response);
    } finally {
      close(response);
    }
  }

  /** Checks a 206 against what was asked; a mismatch means the data on disk cannot continue. */
  ContentRange checkRange(HttpTransport.Response response, long offset)
      throws TransferFailure.Restart {
    ContentRange range = ContentRange.parse(response.header("Content-Range"));
    if (range == null || range.start() < 0) {
      throw new TransferFailure.Restart(
          "server sent 206 without a usable Content-Range; starting over");
    }
    if (range.start() != offset) {
      throw new TransferFailure.Restart(
          "server sent bytes from "
              + range.start()
              + " when asked for "
              + offset
              + "; starting over");
    }
    if (state.size() >= 0 && range.total() >= 0 && range.total() != state.size()) {
      throw new TransferFailure.Restart(
          "upstream size changed from "
              + state.size()
              + " to "
              + range.total()
              + "; starting over");
    }
    if (encoded(response)) {
      throw new TransferFailure.Restart("server compressed a ranged response; starting over");
    }
    return range;
  }

  /** Appends the body at {@code offset} (0 truncates), hashing on a second thread. */
  private Digests stream(HttpTransport.Response response, long offset)
      throws TransferFailure.Retry, TransferFailure.Restart, FetchException, IOException {
    Hasher hasher = newHasher();
    if (offset > 0) {
      hasher.updateFrom(part, offset);
    }
    long position = offset;
    Digests digests = null;
    long started = System.nanoTime();
    boolean canSplit = connections == 0 && splittable(response);
    boolean split = false;
    try (FileChannel channel =
            FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        HashingPipeline pipeline =
            hasher.isEmpty() || state.size() >= 0 && state.size() - offset <= SMALL
                ? HashingPipeline.inline(hasher, SMALL_BUFFER)
                : HashingPipeline.threaded(hasher, BUFFER)) {
      channel.truncate(offset);
      channel.position(offset);
      InputStream in = decoded(response);
      try {
        while (true) {
          byte[] buffer = pipeline.buffer();
          int n = in.read(buffer);
          if (n < 0) {
            pipeline.recycle(buffer);
            break;
          }
          ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, n);
          while (bytes.hasRemaining()) {
            channel.write(bytes);
          }
          pipeline.submit(buffer, n);
          position += n;
          meter.advance(position, n);
          if (!sidecarWritten && position >= SIDECAR_AFTER) {
            persist();
          }
          if (canSplit && System.nanoTime() - started >= autoSplit.checkAfter().toNanos()) {
            canSplit = false;
            split =
                autoSplit.worthIt(
                    position - offset, System.nanoTime() - started, state.size() - position);
            if (split) {
              break;
            }
          }
        }
      } catch (IOException e) {
        checkCancelled();
        throw new TransferFailure.Retry(describe(e, position), e, null);
      }
      if (!split) {
        digests = pipeline.finish();
      }
    } catch (java.lang.InterruptedException e) {
      Thread.currentThread().interrupt();
      checkCancelled();
      throw new FetchException.InterruptedException(file.path() + ": interrupted");
    }
    checkCancelled();
    if (split) {
      return continueInPieces(response, position);
    }
    if (state.size() >= 0 && position != state.size()) {
      throw new TransferFailure.Retry(
          "connection closed at byte " + position + " of " + state.size(), null, null);
    }
    if (state.size() < 0) {
      state = state.withValidators(state.finalUrl(), state.etag(), state.lastModified(), position);
    }
    return digests;
  }

  /**
   * A slow single stream goes on as piece 0 for a little longer while more connections fetch the
   * rest in ranged pieces.
   */
  private Digests continueInPieces(HttpTransport.Response response, long position)
      throws TransferFailure.Retry, TransferFailure.Restart, FetchException, IOException {
    long firstEnd = Math.min(state.size() - 1, position + (1L << 20) - 1);
    state =
        state.withPieces(
            PieceDownload.plan(firstEnd, position, state.size(), autoSplit.connections()));
    persist();
    listener.onEvent(
        new Event.Log(
            Event.Level.INFO,
            file.path()
                + ": slow single connection; fetching the rest over "
                + autoSplit.connections()
                + " more"));
    return new PieceDownload(this).run(response);
  }

  /** Whether the server showed it honours ranges for this file, with a validator to pin it. */
  private boolean splittable(HttpTransport.Response response) {
    boolean ranges =
        response.status() == 206 || "bytes".equalsIgnoreCase(response.header("Accept-Ranges"));
    return ranges && state.validator() != null && state.size() > 0 && !encoded(response);
  }

  HttpTransport.Response open(Map<String, String> headers)
      throws TransferFailure.Retry, TransferFailure.Restart, FetchException {
    return open(http, headers);
  }

  /** Opens a request for one ranged piece, over the piece transport. */
  HttpTransport.Response openPiece(Map<String, String> headers)
      throws TransferFailure.Retry, TransferFailure.Restart, FetchException {
    return open(http.forPieces(), headers);
  }

  private HttpTransport.Response open(HttpTransport transport, Map<String, String> headers)
      throws TransferFailure.Retry, TransferFailure.Restart, FetchException {
    checkCancelled();
    HttpTransport.Response response;
    try {
      response = cancellation.track(transport.get(file.url(), file.headers(), headers));
    } catch (IOException e) {
      checkCancelled();
      throw new TransferFailure.Retry(describe(e, -1), e, null);
    }
    try {
      checkAnnounced(response);
    } catch (FetchException e) {
      close(response);
      throw e;
    }
    return response;
  }

  /**
   * Compares what the origin announces on its redirect ({@code X-Linked-Etag}, {@code
   * X-Linked-Size}) with what the file list said, so that a file that changed upstream fails at
   * once instead of after the whole download.
   */
  private void checkAnnounced(HttpTransport.Response response) throws FetchException {
    String etag = response.redirectHeader("X-Linked-Etag");
    Checksum expected = file.expected();
    if (etag != null && expected != null && expected.algorithm().equals(Checksum.SHA256)) {
      String hex = etag.replace("W/", "").replace("\"", "").trim();
      if (!hex.equalsIgnoreCase(expected.hex())) {
        throw new FetchException.ChecksumMismatchException(
            file.path()
                + ": the server announces sha256:"
                + hex
                + " but the file list says "
                + expected
                + "; the dataset changed during the pull, run it again");
      }
    }
    String commit = response.redirectHeader("X-Repo-Commit");
    if (commit == null) {
      commit = response.header("X-Repo-Commit");
    }
    java.util.regex.Matcher pinned =
        java.util.regex.Pattern.compile("/resolve/([0-9a-f]{40})/").matcher(file.url().getPath());
    if (commit != null && pinned.find() && !commit.trim().equals(pinned.group(1))) {
      throw new FetchException(
          ExitCode.FAILED,
          file.path()
              + ": the server answered from commit "
              + commit.trim()
              + " when asked for "
              + pinned.group(1)
              + "; run the pull again");
    }
    String size = response.redirectHeader("X-Linked-Size");
    if (size != null
        && file.expectedSize() >= 0
        && !size.trim().equals(Long.toString(file.expectedSize()))) {
      throw new FetchException.ChecksumMismatchException(
          file.path()
              + ": the server announces "
              + size.trim()
              + " bytes but the file list says "
              + file.expectedSize()
              + "; the dataset changed during the pull, run it again");
    }
  }

  void close(HttpTransport.Response response) {
    cancellation.untrack(response);
    try {
      response.close();
    } catch (IOException e) {
      // nothing left to save
    }
  }

  /** Maps a status that is neither 200, 206 nor 416 to a retry or a final error. */
  TransferFailure.Retry statusFailure(HttpTransport.Response response) throws FetchException {
    int status = response.status();
    String where =
        file.path() + ": HTTP " + status + " from " + redact(response.finalUrl().toString());
    String serverSays = response.header("X-Error-Message");
    if (serverSays != null) {
      where += " (" + serverSays + ")";
    }
    if (status == 401 || status == 403) {
      throw new FetchException.AuthenticationException(
          where
              + ": "
              + (file.authHint() != null
                  ? file.authHint()
                  : "access denied; check the credentials or token for this host"));
    }
    if (status == 404 || status == 410) {
      throw new FetchException.NotFoundException(where + ": not found; check the URL");
    }
    if (status == 408 || status == 429 || status >= 500) {
      return new TransferFailure.Retry(
          "HTTP " + status, null, RetryPolicy.parseRetryAfter(response.header("Retry-After")));
    }
    throw new FetchException(ExitCode.FAILED, where);
  }

  /** Records the validators and size of a fresh response. */
  void adopt(HttpTransport.Response response, long size) throws IOException {
    String etag = response.header("ETag");
    if (etag != null && etag.startsWith("W/")) {
      etag = null;
    }
    state =
        state.withValidators(
            redact(response.finalUrl().toString()), etag, response.header("Last-Modified"), size);
    meter.total(size);
    if (state.expected() == null && file.expected() == null) {
      String md5 = advertisedMd5(response);
      if (md5 != null) {
        state = state.withExpected(Checksum.MD5 + ":" + md5);
      }
    }
    if (sidecarWritten) {
      persist();
    }
  }

  /** Writes the sidecar so that a later run can resume the part file. */
  void persist() throws IOException {
    state.save(sidecar);
    sidecarWritten = true;
  }

  /** After a failed attempt: records how to resume whatever part is on disk. */
  private void persistPartial() {
    try {
      if (Files.exists(part)) {
        persist();
      }
    } catch (IOException e) {
      // the next run restarts this file
    }
  }

  private static String advertisedMd5(HttpTransport.Response response) {
    String goog = response.header("x-goog-hash");
    String b64 = null;
    if (goog != null) {
      for (String item : goog.split(",")) {
        if (item.trim().startsWith("md5=")) {
          b64 = item.trim().substring(4);
        }
      }
    }
    if (b64 == null) {
      b64 = response.header("Content-MD5");
    }
    try {
      return b64 == null ? null : HexFormat.of().formatHex(Base64.getDecoder().decode(b64));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private String whyFullBody(HttpTransport.Response response) {
    String etag = response.header("ETag");
    String modified = response.header("Last-Modified");
    boolean changed =
        (state.etag() != null && etag != null && !state.etag().equals(etag))
            || (state.etag() == null
                && state.lastModified() != null
                && modified != null
                && !state.lastModified().equals(modified));
    return changed
        ? "upstream changed since the partial download (ETag/Last-Modified differ)"
        : "server does not support resume (it ignored the Range request)";
  }

  /**
   * The connections for the file: as configured, else one, which {@link AutoSplit} may widen when
   * that one is slow and the file is large.
   */
  int effectiveConnections(long size) {
    if (connections > 0) {
      return connections;
    }
    return state != null && state.pieces() != null ? autoSplit.connections() : 1;
  }

  private static boolean encoded(HttpTransport.Response response) {
    String encoding = response.header("Content-Encoding");
    return encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity");
  }

  private static InputStream decoded(HttpTransport.Response response) throws IOException {
    String encoding = response.header("Content-Encoding");
    InputStream body = response.body();
    if (encoding != null
        && (encoding.equalsIgnoreCase("gzip") || encoding.equalsIgnoreCase("x-gzip"))) {
      return new GZIPInputStream(body, BUFFER);
    }
    return body;
  }

  private static long contentLength(HttpTransport.Response response) {
    String length = response.header("Content-Length");
    try {
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The reason for a failed mismatch check, or null when size and checksum agree. */
  private String mismatch(Digests digests) {
    if (file.expectedSize() >= 0 && digests.size() != file.expectedSize()) {
      return "size mismatch: expected " + file.expectedSize() + " bytes, got " + digests.size();
    }
    Checksum expected = expectedChecksum();
    if (expected != null && !digests.matches(expected)) {
      return "checksum mismatch: expected "
          + expected
          + ", got "
          + digests.get(expected.algorithm()).map(Checksum::toString).orElse("?");
    }
    return null;
  }

  private Checksum expectedChecksum() {
    if (file.expected() != null) {
      return file.expected();
    }
    if (state.expected() == null) {
      return null;
    }
    int colon = state.expected().indexOf(':');
    return new Checksum(
        state.expected().substring(0, colon), state.expected().substring(colon + 1));
  }

  /**
   * Hashes what there is to verify: the SHA-256 and the expected algorithm when a checksum is
   * known, nothing otherwise (hashing a gigabyte costs a core for a second, and without an expected
   * value it would prove nothing).
   */
  Hasher newHasher() {
    return hasherFor(expectedChecksum(), file.expectedSize());
  }

  /** A hasher for verifying {@code expected} (plus SHA-256), or an empty one when it is null. */
  static Hasher hasherFor(Checksum expected, long size) {
    if (expected == null) {
      return Hasher.of();
    }
    if (expected.algorithm().equals(Checksum.GIT_SHA1) && size >= 0) {
      return Hasher.withGitBlob(size, Checksum.SHA256);
    }
    if (!expected.algorithm().equals(Checksum.SHA256)) {
      return Hasher.of(Checksum.SHA256, expected.algorithm());
    }
    return Hasher.of(Checksum.SHA256);
  }

  Digests hashPart() throws IOException {
    Hasher hasher = newHasher();
    hasher.updateFrom(part, Files.size(part));
    return hasher.digests();
  }

  private PartState loadState() throws IOException {
    String expected = file.expected() == null ? null : file.expected().toString();
    PartState loaded = PartState.load(sidecar);
    boolean usable =
        loaded != null
            && Files.exists(part)
            && file.url().toString().equals(loaded.url())
            && (expected == null || expected.equals(loaded.expected()));
    if (usable) {
      sidecarWritten = true;
      return loaded;
    }
    Files.deleteIfExists(part);
    Files.deleteIfExists(sidecar);
    return PartState.fresh(file.url().toString(), expected);
  }

  private void reset() throws IOException {
    Files.deleteIfExists(part);
    state =
        PartState.fresh(
            file.url().toString(), file.expected() == null ? null : file.expected().toString());
    Files.deleteIfExists(sidecar);
    sidecarWritten = false;
    meter.restart();
  }

  long onDisk() throws IOException {
    if (state.pieces() != null) {
      return state.piecesDone();
    }
    return Files.exists(part) ? Files.size(part) : 0;
  }

  private long knownSize() {
    return state.size() >= 0 ? state.size() : file.expectedSize();
  }

  void checkCancelled() throws FetchException {
    if (cancellation.isCancelled()) {
      throw new FetchException.InterruptedException(
          file.path() + ": interrupted; partial data kept in " + part.getFileName());
    }
  }

  private void sleep(Duration delay) throws FetchException {
    try {
      Thread.sleep(delay.toMillis());
    } catch (java.lang.InterruptedException e) {
      Thread.currentThread().interrupt();
      checkCancelled();
    }
  }

  void warn(String message) {
    listener.onEvent(new Event.Log(Event.Level.WARN, message));
  }

  static String describe(IOException e, long position) {
    String what =
        e instanceof java.net.SocketTimeoutException
            ? "transfer stalled (read timed out)"
            : "connection failed ("
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + ")";
    return position >= 0 ? what + " at byte " + position : what;
  }

  /** A URL without its query string, which may hold signatures or keys. */
  static String redact(String url) {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q) + "?…";
  }

  // Accessors for PieceDownload.
  PartState state() {
    return state;
  }

  void state(PartState s) {
    state = s;
  }

  Path part() {
    return part;
  }

  Path sidecar() {
    return sidecar;
  }

  RemoteFile file() {
    return file;
  }

  MldataConfig config() {
    return config;
  }

  RetryPolicy retry() {
    return retry;
  }

  ProgressMeter meter() {
    return meter;
  }

  int connections() {
    return effectiveConnections(state.size());
  }

  Listener listener() {
    return listener;
  }
}
