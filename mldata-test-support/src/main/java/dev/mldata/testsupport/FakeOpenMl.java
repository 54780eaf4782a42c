package dev.mldata.testsupport;

import dev.mldata.testsupport.FakeHttpServer.Reply;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fake OpenML server, written from {@code shared/specs/sources.md} §3: the JSON API (data
 * description with string values, features, list by name, 412 errors with OpenML codes) on
 * 127.0.0.1, and the files (ARFF and Parquet) on another host, as on openml.org.
 */
public final class FakeOpenMl implements AutoCloseable {
  private final FakeHttpServer api;
  private final FakeHttpServer files;
  private final Map<String, Dataset> datasets = new ConcurrentHashMap<>();
  private volatile String requiredKey;

  /**
   * A dataset.
   *
   * @param id the id
   * @param name the name
   * @param arff the ARFF bytes
   * @param parquet the Parquet bytes, or null when the dataset has none
   * @param md5 the md5_checksum to publish (normally the ARFF's)
   * @param target the default target attribute
   * @param featuresJson the {@code feature} array as JSON
   */
  public record Dataset(
      String id,
      String name,
      byte[] arff,
      byte[] parquet,
      String md5,
      String target,
      String featuresJson) {}

  private FakeOpenMl(FakeHttpServer api, FakeHttpServer files) {
    this.api = api;
    this.files = files;
    api.handle("/api/v1/json/", this::handle);
  }

  /** Starts the API on 127.0.0.1 and the file host on localhost. */
  public static FakeOpenMl start() throws IOException {
    return new FakeOpenMl(FakeHttpServer.start(), FakeHttpServer.start());
  }

  /** The value for {@code MLDATA_OPENML_ENDPOINT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + api.port();
  }

  public FakeHttpServer api() {
    return api;
  }

  public FakeHttpServer files() {
    return files;
  }

  /** Requires {@code ?api_key=key} on every API call (412 code 112 otherwise). */
  public FakeOpenMl requireKey(String key) {
    this.requiredKey = key;
    return this;
  }

  /** Publishes a dataset; its files are served by the file host. */
  public FakeOpenMl add(Dataset d) {
    datasets.put(d.id(), d);
    files.put("/data/v1/download/" + d.id() + "/" + d.name() + ".arff", d.arff());
    if (d.parquet() != null) {
      files.put(parquetPath(d), d.parquet());
    }
    return this;
  }

  /** The MD5 of {@code bytes}, hex. */
  public static String md5(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String parquetPath(Dataset d) {
    return "/datasets/0000/"
        + String.format("%04d", Integer.parseInt(d.id()))
        + "/dataset_"
        + d.id()
        + ".pq";
  }

  private Reply handle(FakeHttpServer.RecordedRequest req) {
    if (requiredKey != null && !requiredKey.equals(req.query("api_key"))) {
      return error("112", "No access granted");
    }
    String path = req.rawPath().substring("/api/v1/json".length());
    if (path.startsWith("/data/list/data_name/")) {
      String[] parts = path.substring("/data/list/data_name/".length()).split("/");
      String name = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      return datasets.values().stream()
          .filter(d -> d.name().equals(name))
          .findFirst()
          .map(
              d ->
                  Reply.json(
                      200,
                      "{\"data\":{\"dataset\":[{\"did\":"
                          + d.id()
                          + ",\"name\":\""
                          + d.name()
                          + "\",\"version\":1,\"status\":\"active\",\"format\":\"ARFF\","
                          + "\"md5_checksum\":\"\",\"file_id\":"
                          + d.id()
                          + "}]}}"))
          .orElse(error("372", "No results"));
    }
    if (path.startsWith("/data/features/")) {
      Dataset d = datasets.get(path.substring("/data/features/".length()));
      return d == null
          ? error("111", "Unknown dataset")
          : Reply.json(200, "{\"data_features\":{\"feature\":" + d.featuresJson() + "}}");
    }
    if (path.startsWith("/data/")) {
      Dataset d = datasets.get(path.substring("/data/".length()));
      if (d == null) {
        return error("111", "Unknown dataset");
      }
      String fileHost = "http://localhost:" + files.port();
      String parquetUrl = d.parquet() == null ? "[]" : "\"" + fileHost + parquetPath(d) + "\"";
      return Reply.json(
          200,
          "{\"data_set_description\":{\"id\":\""
              + d.id()
              + "\",\"name\":\""
              + d.name()
              + "\",\"version\":\"1\",\"description\":\"A test dataset\",\"format\":\"ARFF\","
              + "\"upload_date\":\"2014-04-06T23:23:39\",\"licence\":\"Public\",\"url\":\""
              + fileHost
              + "/data/v1/download/"
              + d.id()
              + "/"
              + d.name()
              + ".arff\","
              + "\"file_id\":\""
              + d.id()
              + "\",\"parquet_url\":"
              + parquetUrl
              + ",\"default_target_attribute\":\""
              + d.target()
              + "\",\"version_label\":\"1\","
              + "\"tag\":\"test\",\"visibility\":\"public\",\"status\":\"active\","
              + "\"md5_checksum\":\""
              + d.md5()
              + "\"}}");
    }
    return null;
  }

  private static Reply error(String code, String message) {
    return Reply.json(
        412, "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}");
  }

  @Override
  public void close() throws IOException {
    api.close();
    files.close();
  }
}
