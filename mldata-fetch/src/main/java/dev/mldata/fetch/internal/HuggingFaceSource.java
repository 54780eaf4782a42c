package dev.mldata.fetch.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mldata.core.Checksum;
import dev.mldata.core.DatasetUri;
import dev.mldata.core.ExitCode;
import dev.mldata.core.MldataConfig;
import dev.mldata.core.PullRequest;
import dev.mldata.fetch.FetchException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hugging Face datasets ({@code hf://owner/name[@revision]}), as {@code shared/specs/sources.md} §1
 * describes the Hub: the revision is resolved to a commit, the files are listed with the paginated
 * tree API, and each is downloaded through {@code /resolve/<commit>/<path>}, pinned to that commit.
 * LFS files redirect to a CDN on another host, which gets no Authorization header; they are
 * verified by SHA-256, small files by their git blob SHA-1.
 */
final class HuggingFaceSource {
  static final String DEFAULT_ENDPOINT = "https://huggingface.co";
  static final String PARQUET_REVISION = "refs/convert/parquet";
  private static final Pattern NEXT = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"next\"");

  private final ApiClient api;
  private final MldataConfig config;

  HuggingFaceSource(ApiClient api, MldataConfig config) {
    this.api = api;
    this.config = config;
  }

  /**
   * What a pull of {@code uri} downloads.
   *
   * @param commit the resolved commit
   * @param files the files, filtered by the request's include/exclude globs
   */
  record Plan(String commit, List<RemoteFile> files) {}

  Plan plan(DatasetUri uri, PullRequest request) throws FetchException {
    String endpoint = endpoint();
    String token = token();
    Map<String, String> credentials =
        token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    String revision =
        request.convertedParquet()
            ? PARQUET_REVISION
            : uri.revision() != null ? uri.revision() : "main";
    String id = uri.id();
    ApiClient.Answer resolved =
        api.get(
            URI.create(endpoint + "/api/datasets/" + id + "/revision/" + encode(revision)),
            credentials);
    if (!resolved.ok()) {
      throw failure(resolved, id, revision, token != null, endpoint);
    }
    String commit = resolved.json().path("sha").asText(null);
    if (commit == null || !commit.matches("[0-9a-f]{40}")) {
      throw new FetchException(
          ExitCode.FAILED, "hf://" + id + "@" + revision + ": the Hub did not return a commit");
    }
    GlobFilter filter = new GlobFilter(request.include(), request.exclude());
    List<RemoteFile> files = new ArrayList<>();
    URI page =
        URI.create(
            endpoint + "/api/datasets/" + id + "/tree/" + commit + "?recursive=true&expand=false");
    String hint =
        "the dataset is gated or private: request access at "
            + endpoint
            + "/datasets/"
            + id
            + " and set HF_TOKEN to a token of an approved account";
    while (page != null) {
      ApiClient.Answer answer = api.get(page, credentials);
      if (!answer.ok()) {
        throw failure(answer, id, revision, token != null, endpoint);
      }
      for (JsonNode entry : answer.json()) {
        if (!"file".equals(entry.path("type").asText())
            || !filter.accepts(entry.path("path").asText())) {
          continue;
        }
        files.add(remoteFile(endpoint, id, commit, entry, credentials, hint));
      }
      page = next(answer.header("Link"));
    }
    if (files.isEmpty()) {
      throw new FetchException.NotFoundException(
          "hf://"
              + id
              + "@"
              + revision
              + ": no files"
              + (filter.isEmpty() ? "" : " match " + filter)
              + "; check --include/--exclude");
    }
    return new Plan(commit, files);
  }

  private RemoteFile remoteFile(
      String endpoint,
      String id,
      String commit,
      JsonNode entry,
      Map<String, String> credentials,
      String hint) {
    String path = entry.path("path").asText();
    long size = entry.path("size").asLong(-1);
    JsonNode lfs = entry.path("lfs");
    Checksum expected;
    String blobName;
    if (lfs.isObject()) {
      blobName = lfs.path("oid").asText();
      expected = Checksum.sha256(blobName);
      size = lfs.path("size").asLong(size);
    } else {
      blobName = entry.path("oid").asText();
      expected = new Checksum(Checksum.GIT_SHA1, blobName);
    }
    URI url =
        URI.create(endpoint + "/datasets/" + id + "/resolve/" + commit + "/" + encodePath(path));
    List<Path> candidates = new ArrayList<>();
    Path hubCache = hubCache();
    if (hubCache != null) {
      candidates.add(
          hubCache
              .resolve("datasets--" + id.replace("/", "--"))
              .resolve("blobs")
              .resolve(blobName));
    }
    return new RemoteFile(path, url, size, expected, credentials, hint, candidates);
  }

  private static FetchException failure(
      ApiClient.Answer answer, String id, String revision, boolean authenticated, String endpoint) {
    String code = answer.header("X-Error-Code");
    String where = "hf://" + id;
    if ("GatedRepo".equals(code) || answer.status() == 403) {
      return new FetchException.AuthenticationException(
          where
              + " is gated: request access at "
              + endpoint
              + "/datasets/"
              + id
              + " and set HF_TOKEN to a token of an approved account");
    }
    if ("RevisionNotFound".equals(code)) {
      return new FetchException.NotFoundException(
          where + ": revision '" + revision + "' not found; check the branch, tag or commit");
    }
    if ("RepoNotFound".equals(code) || answer.status() == 404 || answer.status() == 401) {
      return new FetchException.NotFoundException(
          where
              + ": dataset not found on "
              + endpoint
              + (authenticated ? "" : " (if it is private, set HF_TOKEN)"));
    }
    return new FetchException(
        ExitCode.FAILED,
        where
            + ": the Hub answered HTTP "
            + answer.status()
            + (answer.header("X-Error-Message") == null
                ? ""
                : " (" + answer.header("X-Error-Message") + ")"));
  }

  private static URI next(String link) {
    if (link == null) {
      return null;
    }
    Matcher m = NEXT.matcher(link);
    return m.find() ? URI.create(m.group(1)) : null;
  }

  /** {@code HF_ENDPOINT} without a trailing slash, or the public Hub. */
  String endpoint() {
    String e = config.getenv("HF_ENDPOINT");
    if (e == null) {
      return DEFAULT_ENDPOINT;
    }
    return e.endsWith("/") ? e.substring(0, e.length() - 1) : e;
  }

  /** {@code HF_TOKEN}, {@code HUGGING_FACE_HUB_TOKEN}, then the token file; null when none. */
  String token() throws FetchException {
    String disabled = config.getenv("HF_HUB_DISABLE_IMPLICIT_TOKEN");
    if (disabled != null
        && !disabled.equalsIgnoreCase("0")
        && !disabled.equalsIgnoreCase("false")) {
      return null;
    }
    for (String var : List.of("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN")) {
      if (config.getenv(var) != null) {
        return config.getenv(var).trim();
      }
    }
    String pathVar = config.getenv("HF_TOKEN_PATH");
    Path file = pathVar != null ? Path.of(pathVar) : hfHome().resolve("token");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      String token = Files.readString(file, StandardCharsets.UTF_8).trim();
      return token.isEmpty() ? null : token;
    } catch (IOException e) {
      throw new FetchException(
          ExitCode.CONFIG,
          "cannot read the Hugging Face token file " + file + ": " + e.getMessage());
    }
  }

  private Path hfHome() {
    String home = config.getenv("HF_HOME");
    return home != null ? Path.of(home) : config.userHome().resolve(".cache/huggingface");
  }

  /** The Hugging Face hub cache ({@code HF_HUB_CACHE}), whose blobs mldata may reuse. */
  private Path hubCache() {
    String cache = config.getenv("HF_HUB_CACHE");
    return cache != null ? Path.of(cache) : hfHome().resolve("hub");
  }

  /** A revision as one URL path segment, with no safe characters ({@code /} becomes %2F). */
  static String encode(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** A repo path with each segment encoded and the slashes kept. */
  static String encodePath(String path) {
    StringBuilder sb = new StringBuilder();
    for (String segment : path.split("/", -1)) {
      if (sb.length() > 0) {
        sb.append('/');
      }
      sb.append(encode(segment));
    }
    return sb.toString();
  }

  /** Include/exclude glob patterns over repo paths. */
  record GlobFilter(List<String> include, List<String> exclude) {
    boolean accepts(String path) {
      Path p = Path.of(path);
      boolean in = include.isEmpty() || include.stream().anyMatch(g -> matches(g, p));
      return in && exclude.stream().noneMatch(g -> matches(g, p));
    }

    boolean isEmpty() {
      return include.isEmpty() && exclude.isEmpty();
    }

    /** A pattern without a slash matches the file name in any folder, like {@code *.parquet}. */
    private static boolean matches(String glob, Path path) {
      var fs = java.nio.file.FileSystems.getDefault();
      if (!glob.contains("/")) {
        return fs.getPathMatcher("glob:" + glob).matches(path.getFileName());
      }
      return fs.getPathMatcher("glob:" + glob).matches(path);
    }

    @Override
    public String toString() {
      return (include.isEmpty() ? "" : "--include " + String.join(",", include))
          + (exclude.isEmpty() ? "" : " --exclude " + String.join(",", exclude));
    }
  }
}
