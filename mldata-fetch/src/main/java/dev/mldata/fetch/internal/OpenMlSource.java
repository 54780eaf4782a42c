package dev.mldata.fetch.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.mldata.core.Checksum;
import dev.mldata.core.DatasetUri;
import dev.mldata.core.ExitCode;
import dev.mldata.core.MldataConfig;
import dev.mldata.core.internal.AtomicFiles;
import dev.mldata.fetch.FetchException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * OpenML datasets ({@code openml://ID} or {@code openml://name[@version]}) through the JSON API
 * ({@code shared/specs/sources.md} §3): the Parquet file when the dataset has one, else the ARFF
 * file verified against {@code md5_checksum}; the description and the feature list (target
 * attribute, nominal values) are saved next to the data as {@code description.json} and {@code
 * features.json}.
 */
final class OpenMlSource {
  static final String DEFAULT_ENDPOINT = "https://www.openml.org";
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final ApiClient api;
  private final MldataConfig config;

  OpenMlSource(ApiClient api, MldataConfig config) {
    this.api = api;
    this.config = config;
  }

  /**
   * What to download.
   *
   * @param id the dataset id
   * @param version the dataset version
   * @param parquet the Parquet file, or null
   * @param arff the ARFF file (fallback)
   * @param description the dataset description, as OpenML returns it
   * @param features the feature list, as OpenML returns it
   */
  record Plan(
      String id,
      String version,
      RemoteFile parquet,
      RemoteFile arff,
      JsonNode description,
      JsonNode features) {}

  Plan plan(DatasetUri uri) throws FetchException {
    String id = uri.id().matches("\\d+") ? uri.id() : idOf(uri.id(), uri.revision());
    JsonNode description = call("/data/" + id, "dataset " + id).path("data_set_description");
    JsonNode features = call("/data/features/" + id, "features of dataset " + id);
    String name = safeName(description.path("name").asText("dataset_" + id));
    String md5 = text(description.path("md5_checksum"));
    String arffUrl = text(description.path("url"));
    if (arffUrl == null) {
      throw new FetchException(ExitCode.FAILED, "openml://" + id + ": the dataset has no file URL");
    }
    RemoteFile arff =
        new RemoteFile(
            name + ".arff",
            sameSite(URI.create(arffUrl)) ? withKey(URI.create(arffUrl)) : URI.create(arffUrl),
            -1,
            md5 == null ? null : Checksum.md5(md5),
            Map.of());
    String parquetUrl = text(description.path("parquet_url"));
    boolean skip = "true".equalsIgnoreCase(config.getenv("OPENML_SKIP_PARQUET"));
    RemoteFile parquet =
        parquetUrl == null || skip
            ? null
            : RemoteFile.of(name + ".parquet", URI.create(parquetUrl));
    return new Plan(id, text(description.path("version")), parquet, arff, description, features);
  }

  /** Writes {@code description.json} and {@code features.json} into {@code output}. */
  static void saveMetadata(Plan plan, Path output) throws IOException {
    Files.createDirectories(output);
    AtomicFiles.write(
        output.resolve("description.json"), JSON.writeValueAsBytes(plan.description()));
    AtomicFiles.write(output.resolve("features.json"), JSON.writeValueAsBytes(plan.features()));
  }

  private String idOf(String name, String version) throws FetchException {
    String path =
        "/data/list/data_name/"
            + URLEncoder.encode(name, StandardCharsets.UTF_8)
            + (version == null ? "/status/active" : "/data_version/" + version)
            + "/limit/1";
    JsonNode list = call(path, "dataset '" + name + "'").path("data").path("dataset");
    JsonNode first = list.isArray() ? list.path(0) : list;
    if (first.path("did").isMissingNode()) {
      throw new FetchException.NotFoundException(
          "openml://"
              + name
              + ": no dataset with that name"
              + (version == null ? "" : " and version " + version));
    }
    return first.path("did").asText();
  }

  private JsonNode call(String path, String what) throws FetchException {
    for (int attempt = 0; ; attempt++) {
      ApiClient.Answer answer = api.get(withKey(URI.create(endpoint() + path)), Map.of());
      if (answer.ok()) {
        return answer.json();
      }
      JsonNode error = answer.status() == 412 ? answer.json().path("error") : null;
      String code = error == null ? "" : error.path("code").asText();
      String message = error == null ? "HTTP " + answer.status() : error.path("message").asText();
      if (code.equals("107") && attempt < config.retries()) {
        continue;
      }
      if (code.equals("111") || code.equals("372") || answer.status() == 404) {
        throw new FetchException.NotFoundException(
            "openml: " + what + " not found (" + message + ")");
      }
      if (code.equals("112") || answer.status() == 401 || answer.status() == 403) {
        throw new FetchException.AuthenticationException(
            "openml: no access to "
                + what
                + " ("
                + message
                + "); set OPENML_API_KEY to the key of"
                + " an account with access");
      }
      throw new FetchException(ExitCode.FAILED, "openml: " + what + ": " + message);
    }
  }

  /** Whether {@code url} belongs to the API's site (the API key may go there). */
  private boolean sameSite(URI url) {
    String api = URI.create(endpoint()).getHost();
    String host = url.getHost();
    return host != null && api != null && site(host).equalsIgnoreCase(site(api));
  }

  private static String site(String host) {
    if (host.matches("[0-9.]+|\\[.*\\]")) {
      return host;
    }
    String[] labels = host.split("\\.");
    return labels.length <= 2 ? host : labels[labels.length - 2] + "." + labels[labels.length - 1];
  }

  private URI withKey(URI url) throws FetchException {
    String key = apiKey();
    if (key == null) {
      return url;
    }
    String sep = url.getRawQuery() == null ? "?" : "&";
    return URI.create(url + sep + "api_key=" + URLEncoder.encode(key, StandardCharsets.UTF_8));
  }

  /**
   * {@code MLDATA_OPENML_ENDPOINT} (a server root or its {@code /api/v1/json}), else openml.org.
   */
  String endpoint() {
    String e = config.getenv("MLDATA_OPENML_ENDPOINT");
    String base = e == null ? DEFAULT_ENDPOINT : e.replaceAll("/+$", "");
    base = base.replaceAll("/api/v1/(json|xml)$", "");
    return base + "/api/v1/json";
  }

  /** {@code OPENML_API_KEY}, else {@code apikey} in the OpenML config file; null when none. */
  String apiKey() throws FetchException {
    if (config.getenv("OPENML_API_KEY") != null) {
      return config.getenv("OPENML_API_KEY").trim();
    }
    String xdg = config.getenv("XDG_CONFIG_HOME");
    Path file =
        (xdg != null ? Path.of(xdg) : config.userHome().resolve(".config"))
            .resolve("openml/config");
    if (!Files.isRegularFile(file)) {
      return null;
    }
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] kv = line.split("=", 2);
        if (kv.length == 2 && kv[0].trim().equals("apikey") && !kv[1].isBlank()) {
          return kv[1].trim();
        }
      }
      return null;
    } catch (IOException e) {
      throw new FetchException(ExitCode.CONFIG, "cannot read " + file + ": " + e.getMessage());
    }
  }

  /** A text value; OpenML sends {@code []} for empty fields and single-element lists as strings. */
  private static String text(JsonNode node) {
    if (node.isArray()) {
      return node.isEmpty() ? null : text(node.get(0));
    }
    String s = node.isMissingNode() || node.isNull() ? null : node.asText();
    return s == null || s.isBlank() ? null : s;
  }

  private static String safeName(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() || safe.startsWith(".") ? "dataset" + safe : safe;
  }

  static List<RemoteFile> files(Plan plan) {
    return plan.parquet() != null ? List.of(plan.parquet()) : List.of(plan.arff());
  }
}
