package dev.mldata.testsupport;

import dev.mldata.testsupport.FakeHttpServer.Reply;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake Hugging Face Hub for datasets, written from {@code shared/specs/sources.md} §1: revision
 * resolution, the paginated tree API with {@code Link: rel="next"}, {@code /resolve} with git-blob
 * ETags for small files and a 302 to a CDN on another host (with {@code X-Linked-Etag}, {@code
 * X-Linked-Size}, {@code X-Repo-Commit}) for LFS files, gated repos, and the error codes. The CDN
 * is a second {@link FakeHttpServer} reached as {@code localhost}, so it is another host.
 */
public final class FakeHuggingFace implements AutoCloseable {
  private final FakeHttpServer hub;
  private final FakeHttpServer cdn;
  private final Map<String, Repo> repos = new ConcurrentHashMap<>();
  private volatile int pageSize = 1000;
  private volatile long lfsThreshold = 64 * 1024;
  private volatile String linkedEtagOverride;
  private volatile String commitOverride;

  private FakeHuggingFace(FakeHttpServer hub, FakeHttpServer cdn) {
    this.hub = hub;
    this.cdn = cdn;
    hub.handle("/api/datasets/", this::api);
    hub.handle("/datasets/", this::resolve);
  }

  /** Starts the hub on 127.0.0.1 and its CDN on localhost. */
  public static FakeHuggingFace start() throws IOException {
    return new FakeHuggingFace(FakeHttpServer.start(), FakeHttpServer.start());
  }

  /** The value for {@code HF_ENDPOINT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + hub.port();
  }

  /** The hub server (requests, switches). */
  public FakeHttpServer hub() {
    return hub;
  }

  /** The CDN server (requests, switches). */
  public FakeHttpServer cdn() {
    return cdn;
  }

  /** Entries per tree page (default 1000, as the Hub). */
  public FakeHuggingFace pageSize(int n) {
    this.pageSize = n;
    return this;
  }

  /** Files at least this large are stored in LFS (default 64 KiB). */
  public FakeHuggingFace lfsThreshold(long bytes) {
    this.lfsThreshold = bytes;
    return this;
  }

  /** Makes every LFS redirect announce this {@code X-Linked-Etag} (a file changed upstream). */
  public FakeHuggingFace announceEtag(String sha256) {
    this.linkedEtagOverride = sha256;
    return this;
  }

  /** Makes {@code /resolve} answer with this {@code X-Repo-Commit} (a moved ref, a bad mirror). */
  public FakeHuggingFace announceCommit(String commit) {
    this.commitOverride = commit;
    return this;
  }

  /** Creates (or returns) a dataset repository {@code owner/name}. */
  public Repo repo(String id) {
    return repos.computeIfAbsent(id, Repo::new);
  }

  @Override
  public void close() throws IOException {
    hub.close();
    cdn.close();
  }

  /** A dataset repository: commits of files, refs pointing at them, access rules. */
  public final class Repo {
    private final String id;
    private final Map<String, Map<String, byte[]>> commits = new ConcurrentHashMap<>();
    private final Map<String, String> refs = new ConcurrentHashMap<>();
    private final Set<String> approvedTokens = ConcurrentHashMap.newKeySet();
    private volatile boolean gated;
    private volatile boolean isPrivate;

    private Repo(String id) {
      this.id = id;
    }

    /**
     * Adds a commit with these files and points {@code ref} at it.
     *
     * @return the commit's 40-hex id
     */
    public String commit(String ref, Map<String, byte[]> files) {
      Map<String, byte[]> tree = new TreeMap<>(files);
      StringBuilder all = new StringBuilder(id);
      tree.forEach((p, b) -> all.append(p).append(gitSha1(b)));
      String sha = sha1Hex(all.toString().getBytes(StandardCharsets.UTF_8));
      commits.put(sha, tree);
      refs.put(ref, sha);
      tree.forEach(
          (p, b) -> {
            if (b.length >= lfsThreshold) {
              cdn.put("/cdn/" + sha256(b), b);
            } else {
              hub.put("/__blobs/" + gitSha1(b), b);
            }
          });
      return sha;
    }

    /** Makes the repo gated: downloads need one of the approved tokens. */
    public Repo gated(String... approved) {
      this.gated = true;
      approvedTokens.addAll(List.of(approved));
      return this;
    }

    /** Makes the repo private: invisible without an approved token. */
    public Repo privateTo(String... approved) {
      this.isPrivate = true;
      approvedTokens.addAll(List.of(approved));
      return this;
    }

    /**
     * Makes the CDN serve other bytes (same size) for a file of the latest commit at {@code ref}.
     */
    public void corrupt(String ref, String path) {
      byte[] b = commits.get(refs.get(ref)).get(path);
      byte[] wrong = b.clone();
      wrong[wrong.length / 2] ^= 0x55;
      cdn.put("/cdn/" + sha256(b), wrong);
    }

    private String commitOf(String rev) {
      if (commits.containsKey(rev)) {
        return rev;
      }
      return refs.get(rev);
    }

    private boolean authorized(RecordedRequestView r) {
      String auth = r.header("authorization");
      return auth != null && approvedTokens.contains(auth.replaceFirst("^Bearer ", ""));
    }
  }

  /** The subset of a request the handlers read. */
  private interface RecordedRequestView {
    String header(String name);
  }

  private Reply api(FakeHttpServer.RecordedRequest req) {
    String rest = req.rawPath().substring("/api/datasets/".length());
    String[] parts = rest.split("/", 5);
    if (parts.length < 4) {
      return null;
    }
    Repo repo = repos.get(parts[0] + "/" + parts[1]);
    Reply denied = visibility(repo, req);
    if (denied != null) {
      return denied;
    }
    String rev = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
    String commit = repo.commitOf(rev);
    if (commit == null) {
      return error(404, "RevisionNotFound", "Invalid rev id: " + rev, null);
    }
    return switch (parts[2]) {
      case "revision" ->
          Reply.json(
              200,
              "{\"id\":\""
                  + repo.id
                  + "\",\"sha\":\""
                  + commit
                  + "\",\"private\":"
                  + repo.isPrivate
                  + ",\"gated\":"
                  + (repo.gated ? "\"manual\"" : "false")
                  + ",\"siblings\":[]}");
      case "tree" -> tree(req, repo, rev, commit);
      default -> null;
    };
  }

  private Reply tree(FakeHttpServer.RecordedRequest req, Repo repo, String rev, String commit) {
    Map<String, byte[]> files = repo.commits.get(commit);
    Set<String> dirs = new TreeSet<>();
    for (String p : files.keySet()) {
      for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
        dirs.add(p.substring(0, i));
      }
    }
    List<String> entries = new ArrayList<>();
    for (String d : dirs) {
      entries.add(
          "{\"type\":\"directory\",\"oid\":\""
              + sha1Hex(d.getBytes(StandardCharsets.UTF_8))
              + "\",\"size\":0,\"path\":\""
              + d
              + "\"}");
    }
    files.forEach(
        (p, b) -> {
          String entry;
          if (b.length >= lfsThreshold) {
            String pointer =
                "version https://git-lfs.github.com/spec/v1\noid sha256:"
                    + sha256(b)
                    + "\nsize "
                    + b.length
                    + "\n";
            entry =
                "{\"type\":\"file\",\"oid\":\""
                    + gitSha1(pointer.getBytes(StandardCharsets.UTF_8))
                    + "\",\"size\":"
                    + b.length
                    + ",\"path\":\""
                    + p
                    + "\",\"lfs\":{\"oid\":\""
                    + sha256(b)
                    + "\",\"size\":"
                    + b.length
                    + ",\"pointerSize\":"
                    + pointer.length()
                    + "}}";
          } else {
            entry =
                "{\"type\":\"file\",\"oid\":\""
                    + gitSha1(b)
                    + "\",\"size\":"
                    + b.length
                    + ",\"path\":\""
                    + p
                    + "\"}";
          }
          entries.add(entry);
        });
    int cursor = req.query("cursor") == null ? 0 : Integer.parseInt(req.query("cursor"));
    int end = Math.min(entries.size(), cursor + pageSize);
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    if (end < entries.size()) {
      headers.put(
          "Link",
          "<"
              + endpoint()
              + "/api/datasets/"
              + repo.id
              + "/tree/"
              + encode(rev)
              + "?recursive=true&expand=false&cursor="
              + end
              + ">; rel=\"next\"");
    }
    String body = "[" + String.join(",", entries.subList(cursor, end)) + "]";
    return new Reply(200, headers, body.getBytes(StandardCharsets.UTF_8), null);
  }

  private Reply resolve(FakeHttpServer.RecordedRequest req) {
    String rest = req.rawPath().substring("/datasets/".length());
    String[] parts = rest.split("/", 5);
    if (parts.length < 5 || !parts[2].equals("resolve")) {
      return null;
    }
    Repo repo = repos.get(parts[0] + "/" + parts[1]);
    Reply denied = visibility(repo, req);
    if (denied != null) {
      return denied;
    }
    String rev = URLDecoder.decode(parts[3], StandardCharsets.UTF_8);
    String commit = repo.commitOf(rev);
    if (commit == null) {
      return error(404, "RevisionNotFound", "Invalid rev id: " + rev, null);
    }
    if (repo.gated && !repo.authorized(req::header)) {
      boolean anonymous = req.header("authorization") == null;
      return error(
          anonymous ? 401 : 403,
          "GatedRepo",
          anonymous
              ? "Access to dataset "
                  + repo.id
                  + " is restricted. You must be authenticated to access it."
              : "Access to dataset "
                  + repo.id
                  + " is restricted and you are not in the authorized"
                  + " list. Visit "
                  + endpoint()
                  + "/datasets/"
                  + repo.id
                  + " to ask for access.",
          commit);
    }
    String path = URLDecoder.decode(parts[4], StandardCharsets.UTF_8);
    byte[] b = repo.commits.get(commit).get(path);
    if (b == null) {
      return error(404, "EntryNotFound", path + " does not exist on \"" + rev + "\"", commit);
    }
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("X-Repo-Commit", commitOverride != null ? commitOverride : commit);
    if (b.length >= lfsThreshold) {
      String announced = linkedEtagOverride != null ? linkedEtagOverride : sha256(b);
      headers.put("X-Linked-Etag", "\"" + announced + "\"");
      headers.put("X-Linked-Size", Long.toString(b.length));
      headers.put(
          "Location",
          cdn.localhostUri("/cdn/" + sha256(b))
              + "?Expires=9999999999&Signature=abc&Key-Pair-Id=K");
      return Reply.of(302, headers, "");
    }
    return Reply.blob("/__blobs/" + gitSha1(b), headers);
  }

  private Reply visibility(Repo repo, FakeHttpServer.RecordedRequest req) {
    if (repo == null || repo.isPrivate && !repo.authorized(req::header)) {
      boolean anonymous = req.header("authorization") == null;
      return error(anonymous ? 401 : 404, "RepoNotFound", "Repository not found", null);
    }
    return null;
  }

  private static Reply error(int status, String code, String message, String commit) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("X-Error-Code", code);
    headers.put("X-Error-Message", message);
    if (commit != null) {
      headers.put("X-Repo-Commit", commit);
    }
    return new Reply(
        status,
        headers,
        ("{\"error\":\"" + message.replace("\"", "\\\"") + "\"}").getBytes(StandardCharsets.UTF_8),
        null);
  }

  private static String encode(String rev) {
    return java.net.URLEncoder.encode(rev, StandardCharsets.UTF_8);
  }

  /** The git blob SHA-1: {@code sha1("blob " + size + "\0" + content)}. */
  public static String gitSha1(byte[] content) {
    byte[] header = ("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII);
    try {
      MessageDigest d = MessageDigest.getInstance("SHA-1");
      d.update(header);
      d.update(content);
      return HexFormat.of().formatHex(d.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The SHA-256 of {@code content}, hex. */
  public static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sha1Hex(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
