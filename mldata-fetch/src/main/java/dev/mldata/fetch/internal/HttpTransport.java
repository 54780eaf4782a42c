package dev.mldata.fetch.internal;

import dev.mldata.core.MldataConfig;
import java.io.Closeable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

/**
 * HTTP GET over Apache HttpClient 5 with the settings a resumable downloader needs: no transparent
 * decompression, no automatic retries, and redirects followed by hand so that credentials are never
 * sent to a host other than the one they were meant for.
 */
public final class HttpTransport implements Closeable {
  static final String USER_AGENT = "mldata/" + dev.mldata.core.Mldata.version();
  private static final int MAX_REDIRECTS = 10;

  /**
   * The socket receive buffer: 4 MiB (the kernel doubles it) measured fastest on loopback, and
   * covers the bandwidth-delay product of fast long-distance links.
   */
  static final int RECEIVE_BUFFER = 4 << 20;

  /**
   * The receive buffer of each ranged piece: several connections share the bandwidth, and a smaller
   * buffer keeps the bytes in flight (lost if the process is killed) small.
   */
  static final int PIECE_RECEIVE_BUFFER = 512 * 1024;

  private final MldataConfig config;
  private final int maxConnections;
  private HttpTransport pieces;

  private final CloseableHttpClient client;

  public HttpTransport(MldataConfig config, int maxConnections) {
    this(config, maxConnections, Integer.getInteger("mldata.rcvbuf", RECEIVE_BUFFER));
  }

  private HttpTransport(MldataConfig config, int maxConnections, int receiveBuffer) {
    this.config = config;
    this.maxConnections = maxConnections;
    PoolingHttpClientConnectionManager connections =
        PoolingHttpClientConnectionManagerBuilder.create()
            .setMaxConnTotal(maxConnections)
            .setMaxConnPerRoute(maxConnections)
            .setDefaultSocketConfig(
                SocketConfig.custom()
                    .setSoTimeout(Timeout.of(config.readTimeout()))
                    .setRcvBufSize(receiveBuffer)
                    .build())
            .setTlsSocketStrategy(new LazyTls())
            .setDefaultConnectionConfig(
                ConnectionConfig.custom()
                    .setConnectTimeout(Timeout.of(config.connectTimeout()))
                    .setSocketTimeout(Timeout.of(config.readTimeout()))
                    .build())
            .build();
    this.client =
        HttpClients.custom()
            .setConnectionManager(connections)
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableContentCompression()
            .disableCookieManagement()
            .setUserAgent(USER_AGENT)
            .setDefaultRequestConfig(
                RequestConfig.custom().setResponseTimeout(Timeout.of(config.readTimeout())).build())
            .build();
  }

  /**
   * Sends a GET, following redirects. {@code credentials} go only to {@code url}'s scheme, host and
   * port; {@code headers} go everywhere.
   */
  public Response get(URI url, Map<String, String> credentials, Map<String, String> headers)
      throws IOException {
    URI current = url;
    Map<String, String> firstRedirect = Map.of();
    for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
      HttpGet get = new HttpGet(current);
      headers.forEach(get::setHeader);
      if (sameOrigin(url, current)) {
        credentials.forEach(get::setHeader);
      }
      ClassicHttpResponse response = client.executeOpen(null, get, null);
      int status = response.getCode();
      Header location = response.getFirstHeader("Location");
      if (isRedirect(status) && location != null) {
        Response redirect = new Response(get, response, current, Map.of());
        if (hop == 0) {
          firstRedirect = redirect.headers();
        }
        redirect.close();
        current = current.resolve(location.getValue().replace(" ", "%20"));
        continue;
      }
      return new Response(get, response, current, firstRedirect);
    }
    throw new IOException("too many redirects (more than " + MAX_REDIRECTS + ") from " + url);
  }

  static boolean sameOrigin(URI a, URI b) {
    return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
        && Objects.equals(lower(a.getHost()), lower(b.getHost()))
        && port(a) == port(b);
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** A sibling transport for ranged pieces, with a smaller receive buffer; closed with this one. */
  synchronized HttpTransport forPieces() {
    if (pieces == null) {
      pieces = new HttpTransport(config, maxConnections, PIECE_RECEIVE_BUFFER);
    }
    return pieces;
  }

  @Override
  public void close() throws IOException {
    synchronized (this) {
      if (pieces != null) {
        pieces.close();
      }
    }
    client.close();
  }

  /**
   * The system's TLS set-up (honouring the {@code javax.net.ssl.*} properties), created on the
   * first HTTPS connection: loading the trust store costs a noticeable part of start-up, and plain
   * HTTP never needs it.
   */
  private static final class LazyTls implements TlsSocketStrategy {
    private volatile TlsSocketStrategy delegate;

    @Override
    public SSLSocket upgrade(
        Socket socket, String target, int port, Object attachment, HttpContext context)
        throws IOException {
      TlsSocketStrategy d = delegate;
      if (d == null) {
        synchronized (this) {
          if (delegate == null) {
            delegate = DefaultClientTlsStrategy.createSystemDefault();
          }
          d = delegate;
        }
      }
      return d.upgrade(socket, target, port, attachment, context);
    }
  }

  /** An open response; close it, or {@link #abort()} it to drop the connection at once. */
  public static final class Response implements Closeable {
    private final HttpGet request;
    private final ClassicHttpResponse response;
    private final URI finalUrl;
    private final Map<String, String> firstRedirect;
    private boolean drained;

    Response(
        HttpGet request,
        ClassicHttpResponse response,
        URI finalUrl,
        Map<String, String> firstRedirect) {
      this.request = request;
      this.response = response;
      this.finalUrl = finalUrl;
      this.firstRedirect = firstRedirect;
    }

    /**
     * A header of the first redirect that led here (where the Hugging Face Hub puts {@code
     * X-Linked-Etag}, {@code X-Linked-Size} and {@code X-Repo-Commit}), or null.
     */
    public String redirectHeader(String name) {
      return firstRedirect.get(name.toLowerCase(java.util.Locale.ROOT));
    }

    public int status() {
      return response.getCode();
    }

    /** A header's value, or null. */
    public String header(String name) {
      Header h = response.getFirstHeader(name);
      return h == null ? null : h.getValue();
    }

    /** Every header, by lower-case name (the first value of each). */
    public Map<String, String> headers() {
      Map<String, String> all = new java.util.LinkedHashMap<>();
      for (Header h : response.getHeaders()) {
        all.putIfAbsent(h.getName().toLowerCase(java.util.Locale.ROOT), h.getValue());
      }
      return all;
    }

    /** The URL that answered, after redirects. */
    public URI finalUrl() {
      return finalUrl;
    }

    /** The body; empty when there is none. */
    public InputStream body() throws IOException {
      HttpEntity entity = response.getEntity();
      if (entity == null) {
        return InputStream.nullInputStream();
      }
      return new FilterInputStream(entity.getContent()) {
        @Override
        public int read() throws IOException {
          int b = super.read();
          drained |= b < 0;
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          drained |= n < 0;
          return n;
        }
      };
    }

    /** Drops the connection without reading the rest of the body. Safe from any thread. */
    public void abort() {
      request.cancel();
    }

    /**
     * Releases the response: the connection goes back to the pool when the body was read to its
     * end, and is dropped otherwise (HttpClient would otherwise read the rest of the body first).
     */
    @Override
    public void close() throws IOException {
      if (!drained && response.getEntity() != null) {
        request.cancel();
      }
      response.close();
    }
  }
}
