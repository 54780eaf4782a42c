package dev.mldata.testsupport;

import dev.mldata.testsupport.FakeHttpServer.Reply;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake Kaggle, written from {@code shared/specs/sources.md} §2A: the REST API v1 on 127.0.0.1
 * answers {@code /api/v1/datasets/download/{owner}/{slug}[?datasetVersionNumber=N]} with a 302 to a
 * signed storage URL on another host (localhost), which serves the zip with {@code x-goog-hash} and
 * ranges; competitions whose rules were not accepted answer 403.
 */
public final class FakeKaggle implements AutoCloseable {
  private final FakeHttpServer api;
  private final FakeHttpServer storage;
  private final Map<String, Map<Integer, byte[]>> datasets = new ConcurrentHashMap<>();
  private final Map<String, byte[]> competitions = new ConcurrentHashMap<>();
  private final Set<String> acceptedRules = ConcurrentHashMap.newKeySet();
  private volatile String basicUser = "user";
  private volatile String basicKey = "key";
  private volatile boolean sendMd5 = true;

  private FakeKaggle(FakeHttpServer api, FakeHttpServer storage) {
    this.api = api;
    this.storage = storage;
    api.handle("/api/v1/", this::handle);
    storage.handle("/kaggle-data-sets/", this::blob);
  }

  public static FakeKaggle start() throws IOException {
    return new FakeKaggle(FakeHttpServer.start(), FakeHttpServer.start());
  }

  /** The value for {@code MLDATA_KAGGLE_ENDPOINT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + api.port();
  }

  public FakeHttpServer api() {
    return api;
  }

  public FakeHttpServer storage() {
    return storage;
  }

  /** The account whose key the API accepts (default user/key). */
  public FakeKaggle account(String user, String key) {
    this.basicUser = user;
    this.basicKey = key;
    return this;
  }

  /** Whether storage sends {@code x-goog-hash: md5=…} (absent for composite objects). */
  public FakeKaggle sendMd5(boolean on) {
    this.sendMd5 = on;
    return this;
  }

  /** Publishes version {@code version} of {@code owner/slug} as this zip. */
  public FakeKaggle dataset(String ref, int version, byte[] zip) {
    datasets.computeIfAbsent(ref, r -> new ConcurrentHashMap<>()).put(version, zip);
    storage.put(blobPath(ref, version), zip);
    return this;
  }

  /** Publishes a competition's data; {@code accepted} says whether the rules were accepted. */
  public FakeKaggle competition(String name, byte[] zip, boolean accepted) {
    competitions.put(name, zip);
    storage.put("/kaggle-data-sets/c-" + name + "/1/bundle/archive.zip", zip);
    if (accepted) {
      acceptedRules.add(name);
    }
    return this;
  }

  /** Replaces the stored bytes of a version (same URL, new ETag), as a re-upload would. */
  public void replace(String ref, int version, byte[] zip) {
    storage.put(blobPath(ref, version), zip);
  }

  private static String blobPath(String ref, int version) {
    return "/kaggle-data-sets/" + ref.replace('/', '-') + "/" + version + "/bundle/archive.zip";
  }

  private Reply handle(FakeHttpServer.RecordedRequest req) {
    String auth = req.header("authorization");
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((basicUser + ":" + basicKey).getBytes(StandardCharsets.UTF_8));
    if (auth == null || !(auth.equals(expected) || auth.equals("Bearer KGAT_" + basicKey))) {
      return Reply.json(401, "{\"code\":401,\"message\":\"Unauthorized\"}");
    }
    String path = req.rawPath().substring("/api/v1".length());
    String signed =
        "?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Expires=259200&X-Goog-Signature=ab12";
    if (path.startsWith("/datasets/download/")) {
      String ref = path.substring("/datasets/download/".length());
      Map<Integer, byte[]> versions = datasets.get(ref);
      if (versions == null) {
        return Reply.json(404, "{\"code\":404,\"message\":\"NotFound\"}");
      }
      String v = req.query("datasetVersionNumber");
      int version =
          v == null
              ? versions.keySet().stream().max(Integer::compare).orElseThrow()
              : Integer.parseInt(v);
      if (!versions.containsKey(version)) {
        return Reply.json(404, "{\"code\":404,\"message\":\"NotFound\"}");
      }
      return Reply.of(
          302, Map.of("Location", storage.localhostUri(blobPath(ref, version)) + signed), "");
    }
    if (path.startsWith("/competitions/data/download-all/")) {
      String name = path.substring("/competitions/data/download-all/".length());
      if (!competitions.containsKey(name)) {
        return Reply.json(404, "{\"code\":404,\"message\":\"NotFound\"}");
      }
      if (!acceptedRules.contains(name)) {
        return Reply.json(
            403,
            "{\"code\":403,\"message\":\"You must accept this competition's rules before you'll be able to download files.\"}");
      }
      return Reply.of(
          302,
          Map.of(
              "Location",
              storage.localhostUri("/kaggle-data-sets/c-" + name + "/1/bundle/archive.zip")
                  + signed),
          "");
    }
    return null;
  }

  private Reply blob(FakeHttpServer.RecordedRequest req) {
    FakeHttpServer.Blob blob = storage.blob(req.rawPath());
    if (blob == null) {
      return null;
    }
    Map<String, String> headers = new LinkedHashMap<>();
    String crc = "crc32c=AAAAAA==";
    headers.put("x-goog-hash", sendMd5 ? crc + ",md5=" + md5Base64(blob.content()) : crc);
    return Reply.blob(req.rawPath(), headers);
  }

  private static String md5Base64(byte[] b) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    api.close();
    storage.close();
  }
}
