package dev.mldata.fetch.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mldata.core.DatasetUri;
import dev.mldata.core.ExitCode;
import dev.mldata.core.MldataConfig;
import dev.mldata.fetch.FetchException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Kaggle datasets ({@code kaggle://owner/slug[@version]}) and competitions ({@code
 * kaggle://competitions/NAME}) through the REST API v1 ({@code shared/specs/sources.md} §2A): the
 * archive is downloaded from the signed storage URL the API redirects to (credentials stay with the
 * API host), resumed with If-Range, checked against the MD5 in {@code x-goog-hash}, then extracted
 * safely.
 */
final class KaggleSource {
  static final String DEFAULT_ENDPOINT = "https://www.kaggle.com";

  private final MldataConfig config;

  KaggleSource(MldataConfig config) {
    this.config = config;
  }

  /** The archive to download for {@code uri}. */
  RemoteFile archive(DatasetUri uri) throws FetchException {
    String[] parts = uri.id().split("/", 2);
    Map<String, String> credentials = credentials();
    String api = endpoint();
    if (parts[0].equals("competitions")) {
      String name = parts[1];
      return new RemoteFile(
          name + ".zip",
          URI.create(api + "/competitions/data/download-all/" + name),
          -1,
          null,
          credentials,
          "accept the competition's rules at https://www.kaggle.com/competitions/"
              + name
              + "/rules with the account of your Kaggle credentials, then run again",
          List.of());
    }
    String query = uri.revision() == null ? "" : "?datasetVersionNumber=" + uri.revision();
    return new RemoteFile(
        parts[1] + ".zip",
        URI.create(api + "/datasets/download/" + parts[0] + "/" + parts[1] + query),
        -1,
        null,
        credentials,
        "check KAGGLE_USERNAME/KAGGLE_KEY (or kaggle.json); for a private dataset the account needs"
            + " access",
        List.of());
  }

  /** {@code MLDATA_KAGGLE_ENDPOINT} or {@code KAGGLE_API_ENDPOINT}, with {@code /api/v1}. */
  String endpoint() {
    String e = config.getenv("MLDATA_KAGGLE_ENDPOINT");
    if (e == null) {
      e = config.getenv("KAGGLE_API_ENDPOINT");
    }
    String base = (e == null ? DEFAULT_ENDPOINT : e).replaceAll("/+$", "");
    return base.endsWith("/api/v1") ? base : base + "/api/v1";
  }

  /**
   * A bearer token from {@code KAGGLE_API_TOKEN} (a value or a file), else Basic from {@code
   * KAGGLE_USERNAME}/{@code KAGGLE_KEY}, else from {@code kaggle.json}.
   */
  Map<String, String> credentials() throws FetchException {
    String token = config.getenv("KAGGLE_API_TOKEN");
    if (token != null) {
      Path file = Path.of(token.trim());
      String value = token.trim();
      try {
        if (!value.contains("\n") && Files.isRegularFile(file)) {
          value = Files.readString(file, StandardCharsets.UTF_8).trim();
        }
      } catch (IOException | java.nio.file.InvalidPathException e) {
        // a token value, not a path
      }
      return Map.of("Authorization", "Bearer " + value);
    }
    String user = config.getenv("KAGGLE_USERNAME");
    String key = config.getenv("KAGGLE_KEY");
    if (user == null || key == null) {
      Path json = kaggleJson();
      if (json == null) {
        throw new FetchException.AuthenticationException(
            "no Kaggle credentials: set KAGGLE_USERNAME and KAGGLE_KEY, or put kaggle.json"
                + " (from kaggle.com > Settings > API) in ~/.kaggle");
      }
      try {
        JsonNode node = new ObjectMapper().readTree(json.toFile());
        user = node.path("username").asText(null);
        key = node.path("key").asText(null);
      } catch (IOException e) {
        throw new FetchException(
            ExitCode.CONFIG, json + ": not valid JSON (" + e.getMessage() + ")");
      }
      if (user == null || key == null) {
        throw new FetchException(
            ExitCode.CONFIG,
            json + ": needs \"username\" and \"key\"; download it again from Kaggle");
      }
    }
    String basic =
        Base64.getEncoder().encodeToString((user + ":" + key).getBytes(StandardCharsets.UTF_8));
    return Map.of("Authorization", "Basic " + basic);
  }

  private Path kaggleJson() {
    String dir = config.getenv("KAGGLE_CONFIG_DIR");
    String xdg = config.getenv("XDG_CONFIG_HOME");
    List<Path> places =
        dir != null
            ? List.of(Path.of(dir).resolve("kaggle.json"))
            : List.of(
                config.userHome().resolve(".kaggle/kaggle.json"),
                (xdg != null ? Path.of(xdg) : config.userHome().resolve(".config"))
                    .resolve("kaggle/kaggle.json"));
    return places.stream().filter(Files::isRegularFile).findFirst().orElse(null);
  }
}
