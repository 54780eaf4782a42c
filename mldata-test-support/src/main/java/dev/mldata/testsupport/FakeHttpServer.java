package dev.mldata.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/**
 * A small HTTP/1.1 file server on 127.0.0.1 for tests, written on raw sockets so that it can
 * misbehave exactly like real servers do (see {@code shared/specs/sources.md} §0). It serves
 * registered blobs with strong ETags, Last-Modified, Range and If-Range, and has switches for the
 * faults downloaders meet: ranges ignored, connection dropped after K bytes, content swapped, 503
 * or 429 with Retry-After, a stalled body, a wrong Content-Length, redirects to another host, a
 * required bearer token, gzip that ignores Range. Every switch is thread-safe.
 */
public final class FakeHttpServer implements AutoCloseable {
  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final ServerSocket serverSocket;
  private final ExecutorService pool = Executors.newCachedThreadPool(FakeHttpServer::daemon);
  private final Map<String, Blob> blobs = new ConcurrentHashMap<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  private final List<Map.Entry<String, Handler>> handlers = new CopyOnWriteArrayList<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> openSockets = new CopyOnWriteArrayList<>();
  private final AtomicLong bodyBytesSent = new AtomicLong();
  private final AtomicInteger lastModifiedSeconds = new AtomicInteger(1_700_000_000);

  private volatile boolean ranges = true;
  private volatile long dropAfterBytes = -1;
  private final AtomicInteger dropsLeft = new AtomicInteger();
  private volatile byte[] swapOnDrop;
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private volatile int failStatus = 503;
  private volatile String retryAfter;
  private volatile long stallAfterBytes = -1;
  private final AtomicInteger stallsLeft = new AtomicInteger();
  private volatile long stallMillis;
  private volatile long extraContentLength;
  private final AtomicInteger wrongLengthsLeft = new AtomicInteger();
  private volatile long bytesPerSecond;
  private volatile String requiredBearer;
  private volatile boolean gzipIgnoresRange;
  private volatile boolean noContentLengthOnHead;
  private volatile boolean noEtag;

  private FakeHttpServer(ServerSocket serverSocket) {
    this.serverSocket = serverSocket;
    pool.execute(this::acceptLoop);
  }

  /** Starts a server on 127.0.0.1 and an ephemeral port. */
  public static FakeHttpServer start() throws IOException {
    ServerSocket socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    return new FakeHttpServer(socket);
  }

  /** The server's port. */
  public int port() {
    return serverSocket.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT/path}. */
  public URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port() + path);
  }

  /** {@code http://localhost:PORT/path}: the same server under another host name. */
  public URI localhostUri(String path) {
    return URI.create("http://localhost:" + port() + path);
  }

  /** Serves {@code content} at {@code path} with a fresh ETag and Last-Modified. */
  public Blob put(String path, byte[] content) {
    Blob blob = new Blob(content, etag(content), lastModifiedSeconds.incrementAndGet());
    blobs.put(path, blob);
    return blob;
  }

  /** The blob at {@code path}. */
  public Blob blob(String path) {
    return blobs.get(path);
  }

  /**
   * Answers requests whose path starts with {@code prefix} with {@code handler} (first registered
   * prefix wins); a handler returning null falls through to the blobs.
   */
  public FakeHttpServer handle(String prefix, Handler handler) {
    handlers.add(Map.entry(prefix, handler));
    return this;
  }

  /** A programmable endpoint of the fake server. */
  @FunctionalInterface
  public interface Handler {
    /** The reply to {@code request}, or null to serve the blobs. */
    Reply handle(RecordedRequest request) throws IOException;
  }

  /**
   * A reply: a status, headers and a body, or a registered blob (served with ranges and validators)
   * plus extra headers.
   *
   * @param status the status
   * @param headers extra headers
   * @param body the body, or null to serve {@code blobPath}
   * @param blobPath the registered blob to serve, when {@code body} is null
   */
  public record Reply(int status, Map<String, String> headers, byte[] body, String blobPath) {
    /** A JSON reply. */
    public static Reply json(int status, String json) {
      return new Reply(
          status,
          Map.of("Content-Type", "application/json"),
          json.getBytes(StandardCharsets.UTF_8),
          null);
    }

    /** A reply with headers and a text body. */
    public static Reply of(int status, Map<String, String> headers, String body) {
      return new Reply(status, headers, body.getBytes(StandardCharsets.UTF_8), null);
    }

    /** Serves the blob registered at {@code path}, adding {@code headers}. */
    public static Reply blob(String path, Map<String, String> headers) {
      return new Reply(200, headers, null, path);
    }
  }

  /** Answers {@code path} with a 302 to {@code target} (absolute). */
  public FakeHttpServer redirect(String path, URI target) {
    redirects.put(path, target.toString());
    return this;
  }

  /** Whether Range requests are honoured (default true); when false every GET gets a 200. */
  public FakeHttpServer ranges(boolean on) {
    this.ranges = on;
    return this;
  }

  /** Cuts the connection after {@code bytes} body bytes, for the next {@code times} responses. */
  public FakeHttpServer dropAfter(long bytes, int times) {
    this.dropAfterBytes = bytes;
    this.dropsLeft.set(times);
    return this;
  }

  /** When a connection is cut, the blob that was being sent is replaced by {@code content}. */
  public FakeHttpServer swapOnDrop(byte[] content) {
    this.swapOnDrop = content;
    return this;
  }

  /** The next {@code times} requests get {@code status}, with Retry-After if not null. */
  public FakeHttpServer fail(int times, int status, String retryAfterValue) {
    this.failStatus = status;
    this.retryAfter = retryAfterValue;
    this.failuresLeft.set(times);
    return this;
  }

  /** The next {@code times} responses stall for {@code millis} after {@code bytes} body bytes. */
  public FakeHttpServer stallAfter(long bytes, long millis, int times) {
    this.stallAfterBytes = bytes;
    this.stallMillis = millis;
    this.stallsLeft.set(times);
    return this;
  }

  /**
   * For the next {@code times} responses, declares a Content-Length {@code extra} bytes larger than
   * the body, sends the body, then closes.
   */
  public FakeHttpServer wrongContentLength(long extra, int times) {
    this.extraContentLength = extra;
    this.wrongLengthsLeft.set(times);
    return this;
  }

  /** Sends bodies no faster than {@code rate} bytes a second (0: as fast as possible). */
  public FakeHttpServer throttle(long rate) {
    this.bytesPerSecond = rate;
    return this;
  }

  /** Requires {@code Authorization: Bearer token} (401 without, 403 with a wrong one). */
  public FakeHttpServer requireBearer(String token) {
    this.requiredBearer = token;
    return this;
  }

  /** Sends gzip when the client accepts it, and then ignores Range (CloudFront's behaviour). */
  public FakeHttpServer gzipIgnoresRange(boolean on) {
    this.gzipIgnoresRange = on;
    return this;
  }

  /** Leaves Content-Length out of HEAD responses (some proxies do). */
  public FakeHttpServer noContentLengthOnHead(boolean on) {
    this.noContentLengthOnHead = on;
    return this;
  }

  /** Sends neither ETag nor Last-Modified. */
  public FakeHttpServer noValidators(boolean on) {
    this.noEtag = on;
    return this;
  }

  /** Body bytes sent so far, over all responses. */
  public long bodyBytesSent() {
    return bodyBytesSent.get();
  }

  /** Every request received, in order. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() throws IOException {
    serverSocket.close();
    for (Socket s : openSockets) {
      s.close();
    }
    pool.shutdownNow();
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        openSockets.add(socket);
        pool.execute(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      RecordedRequest request;
      while ((request = RecordedRequest.read(in)) != null) {
        requests.add(request);
        if (!respond(request, out)) {
          return;
        }
        out.flush();
      }
    } catch (IOException e) {
      // client went away
    } finally {
      openSockets.remove(socket);
    }
  }

  /** Writes one response; false when the connection must close. */
  private boolean respond(RecordedRequest req, OutputStream out) throws IOException {
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      Map<String, String> h = new LinkedHashMap<>();
      if (retryAfter != null) {
        h.put("Retry-After", retryAfter);
      }
      return simple(out, failStatus, h, "{\"error\":\"try again later\"}");
    }
    if (requiredBearer != null) {
      String auth = req.header("authorization");
      if (auth == null) {
        return simple(out, 401, Map.of("WWW-Authenticate", "Bearer"), "{\"error\":\"auth\"}");
      }
      if (!auth.equals("Bearer " + requiredBearer)) {
        return simple(out, 403, Map.of(), "{\"error\":\"forbidden\"}");
      }
    }
    for (Map.Entry<String, Handler> e : handlers) {
      if (req.rawPath().startsWith(e.getKey())) {
        Reply reply = e.getValue().handle(req);
        if (reply == null) {
          break;
        }
        if (reply.body() != null) {
          head(out, reply.status(), new LinkedHashMap<>(reply.headers()), reply.body().length);
          if (!req.method().equals("HEAD")) {
            out.write(reply.body());
            bodyBytesSent.addAndGet(reply.body().length);
          }
          return true;
        }
        Blob blob = blobs.get(reply.blobPath());
        if (blob == null) {
          return simple(out, 404, Map.of(), "{\"error\":\"not found\"}");
        }
        return sendBlob(req, out, reply.blobPath(), blob, reply.headers());
      }
    }
    String target = redirects.get(req.rawPath());
    if (target != null) {
      return simple(out, 302, Map.of("Location", target), "");
    }
    Blob blob = blobs.get(req.rawPath());
    if (blob == null) {
      return simple(out, 404, Map.of(), "{\"error\":\"not found\"}");
    }
    return sendBlob(req, out, req.rawPath(), blob, Map.of());
  }

  private boolean sendBlob(
      RecordedRequest req, OutputStream out, String path, Blob blob, Map<String, String> extra)
      throws IOException {
    Map<String, String> h = new LinkedHashMap<>(extra);
    h.put("Accept-Ranges", "bytes");
    if (!noEtag) {
      h.put("ETag", blob.etag());
      h.put("Last-Modified", blob.lastModified());
    }
    String inm = req.header("if-none-match");
    if (inm != null && inm.equals(blob.etag()) && !noEtag) {
      return head(out, 304, h, -1);
    }
    byte[] content = blob.content();
    long total = content.length;
    boolean head = req.method().equals("HEAD");
    String accept = req.header("accept-encoding");
    if (gzipIgnoresRange && accept != null && accept.contains("gzip") && !head) {
      byte[] gz = gzip(content);
      h.put("Content-Encoding", "gzip");
      return body(out, 200, h, gz, 0, gz.length, path);
    }
    long start = 0;
    long end = total - 1;
    int status = 200;
    String range = req.header("range");
    if (range != null && ranges && ifRangeMatches(req.header("if-range"), blob)) {
      long[] r = parseRange(range, total);
      if (r == null) {
        h.put("Content-Range", "bytes */" + total);
        return simple(out, 416, h, "");
      }
      start = r[0];
      end = r[1];
      status = 206;
      h.put("Content-Range", "bytes " + start + "-" + end + "/" + total);
    }
    if (head) {
      return head(out, 200, h, noContentLengthOnHead ? -1 : total);
    }
    return body(out, status, h, content, (int) start, (int) (end - start + 1), path);
  }

  private boolean body(
      OutputStream out,
      int status,
      Map<String, String> headers,
      byte[] content,
      int offset,
      int length,
      String path)
      throws IOException {
    long extra =
        status / 100 == 2 && wrongLengthsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0
            ? extraContentLength
            : 0;
    head(out, status, headers, length + extra);
    long started = System.nanoTime();
    long dropAt = dropAfterBytes >= 0 && dropsLeft.get() > 0 ? dropAfterBytes : -1;
    long stallAt = stallAfterBytes >= 0 && stallsLeft.get() > 0 ? stallAfterBytes : -1;
    int sent = 0;
    while (sent < length) {
      if (dropAt >= 0 && sent >= dropAt) {
        if (dropsLeft.getAndDecrement() > 0) {
          out.flush();
          byte[] swap = swapOnDrop;
          if (swap != null) {
            put(path, swap);
            swapOnDrop = null;
          }
          return false;
        }
        dropAt = -1;
      }
      if (stallAt >= 0 && sent >= stallAt) {
        if (stallsLeft.getAndDecrement() > 0) {
          out.flush();
          sleep(stallMillis);
          return false;
        }
        stallAt = -1;
      }
      long limit = length;
      if (dropAt >= 0) {
        limit = Math.min(limit, dropAt);
      }
      if (stallAt >= 0) {
        limit = Math.min(limit, stallAt);
      }
      int chunk = (int) Math.min(64 * 1024, limit - sent);
      out.write(content, offset + sent, chunk);
      sent += chunk;
      bodyBytesSent.addAndGet(chunk);
      pace(sent, started);
    }
    return extra == 0;
  }

  private void pace(long sent, long startedNanos) {
    long rate = bytesPerSecond;
    if (rate > 0) {
      long due = startedNanos + sent * 1_000_000_000L / rate;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        sleep(wait / 1_000_000);
      }
    }
  }

  private static boolean head(OutputStream out, int status, Map<String, String> h, long length)
      throws IOException {
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ');
    sb.append(reason(status)).append("\r\n");
    sb.append("Date: ").append(HTTP_DATE.format(Instant.now())).append("\r\n");
    h.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    if (length >= 0) {
      sb.append("Content-Length: ").append(length).append("\r\n");
    }
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    return true;
  }

  private boolean simple(OutputStream out, int status, Map<String, String> h, String text)
      throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    Map<String, String> headers = new LinkedHashMap<>(h);
    if (bytes.length > 0) {
      headers.put("Content-Type", "application/json");
    }
    head(out, status, headers, bytes.length);
    out.write(bytes);
    bodyBytesSent.addAndGet(bytes.length);
    return true;
  }

  private static boolean ifRangeMatches(String ifRange, Blob blob) {
    return ifRange == null || ifRange.equals(blob.etag()) || ifRange.equals(blob.lastModified());
  }

  /** {start, end} inclusive, or null when unsatisfiable. */
  static long[] parseRange(String header, long total) {
    String spec = header.trim().substring("bytes=".length());
    int dash = spec.indexOf('-');
    String a = spec.substring(0, dash).trim();
    String b = spec.substring(dash + 1).trim();
    if (a.isEmpty()) {
      long k = Long.parseLong(b);
      return total == 0 ? null : new long[] {Math.max(0, total - k), total - 1};
    }
    long start = Long.parseLong(a);
    long end = b.isEmpty() ? total - 1 : Math.min(Long.parseLong(b), total - 1);
    return start >= total || start > end ? null : new long[] {start, end};
  }

  private static byte[] gzip(byte[] content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(content);
    }
    return bytes.toByteArray();
  }

  private static String etag(byte[] content) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(content);
      return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 206 -> "Partial Content";
      case 302 -> "Found";
      case 304 -> "Not Modified";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 416 -> "Range Not Satisfiable";
      case 429 -> "Too Many Requests";
      default -> "Status";
    };
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "fake-http");
    t.setDaemon(true);
    return t;
  }

  /**
   * A served file.
   *
   * @param content the bytes
   * @param etag the strong ETag, quoted
   * @param lastModifiedEpochSecond Last-Modified as epoch seconds
   */
  public record Blob(byte[] content, String etag, long lastModifiedEpochSecond) {
    /** Last-Modified as an HTTP date. */
    public String lastModified() {
      return HTTP_DATE.format(Instant.ofEpochSecond(lastModifiedEpochSecond));
    }
  }

  /**
   * One request as received.
   *
   * @param method the method
   * @param path the path with query
   * @param headers header values by lower-case name
   */
  public record RecordedRequest(String method, String path, Map<String, String> headers) {
    /** The path without its query string, still URL-encoded. */
    public String rawPath() {
      int q = path.indexOf('?');
      return q < 0 ? path : path.substring(0, q);
    }

    /** A query parameter's decoded value, or null. */
    public String query(String name) {
      int q = path.indexOf('?');
      if (q < 0) {
        return null;
      }
      for (String pair : path.substring(q + 1).split("&")) {
        int eq = pair.indexOf('=');
        String key = eq < 0 ? pair : pair.substring(0, eq);
        if (key.equals(name)) {
          return eq < 0
              ? ""
              : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      return null;
    }

    /** A header by name, case-insensitively, or null. */
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    static RecordedRequest read(InputStream in) throws IOException {
      String line = readLine(in);
      if (line == null || line.isEmpty()) {
        return null;
      }
      String[] parts = line.split(" ");
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h; (h = readLine(in)) != null && !h.isEmpty(); ) {
        int colon = h.indexOf(':');
        headers.put(
            h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      String length = headers.get("content-length");
      if (length != null) {
        in.readNBytes(Integer.parseInt(length));
      }
      return new RecordedRequest(parts[0], parts[1], headers);
    }

    private static String readLine(InputStream in) throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c; (c = in.read()) != -1; ) {
        if (c == '\n') {
          int n = sb.length();
          return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
        }
        sb.append((char) c);
      }
      return sb.length() == 0 ? null : sb.toString();
    }
  }

  /**
   * Runs the server as a process, for benchmarks: {@code FakeHttpServer PORT FILE DROP_AFTER
   * STATS_FILE} serves FILE at {@code /FILE-NAME}, cuts the first response after DROP_AFTER body
   * bytes (-1: never), and keeps writing the total body bytes sent to STATS_FILE until killed.
   */
  public static void main(String[] args) throws Exception {
    ServerSocket socket = new ServerSocket();
    socket.bind(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0])), 64);
    FakeHttpServer server = new FakeHttpServer(socket);
    java.nio.file.Path file = java.nio.file.Path.of(args[1]);
    server.put("/" + file.getFileName(), java.nio.file.Files.readAllBytes(file));
    server.dropAfter(Long.parseLong(args[2]), 1);
    java.nio.file.Path stats = java.nio.file.Path.of(args[3]);
    while (true) {
      java.nio.file.Files.writeString(stats, Long.toString(server.bodyBytesSent()));
      Thread.sleep(100);
    }
  }

  /** Shorthand for tests: a list of the request paths. */
  public List<String> paths() {
    List<String> paths = new ArrayList<>();
    requests.forEach(r -> paths.add(r.method() + " " + r.path()));
    return paths;
  }
}
