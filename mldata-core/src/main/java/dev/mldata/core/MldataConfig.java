package dev.mldata.core;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Settings shared by every operation. Loaded by {@link #load()} from, highest priority first: the
 * environment ({@code MLDATA_HOME}, {@code MLDATA_JOBS}, {@code MLDATA_CONNECTIONS}, {@code
 * MLDATA_RETRIES}, {@code MLDATA_CONNECT_TIMEOUT}, {@code MLDATA_READ_TIMEOUT}, {@code
 * MLDATA_RETRY_BACKOFF}), {@code ./mldata.yaml}, {@code ~/.config/mldata.yaml}, {@code
 * ~/.mldata.yaml}, then built-in defaults. A key missing from one file is taken from the next.
 * Immutable and thread-safe.
 *
 * @param home where the cache and state live ({@code home}; default {@code ~/.mldata})
 * @param jobs files transferred at once ({@code jobs}; default 4)
 * @param connections ranged connections per large file, 0 to choose by size ({@code connections})
 * @param retries retries after a failed attempt that made no progress ({@code retries}; default 5)
 * @param connectTimeout TCP connect timeout ({@code connectTimeout}; default 10s)
 * @param readTimeout a transfer that stalls this long is retried ({@code readTimeout}; default 30s)
 * @param retryBackoff first retry delay, doubled each time with jitter ({@code retryBackoff};
 *     default 1s)
 * @param zipMaxBytes archives are not extracted past this many bytes ({@code zipMaxBytes}; default
 *     256 GiB), a guard against zip bombs
 * @param zipMaxRatio nor when an entry expands more than this many times ({@code zipMaxRatio};
 *     default 1000)
 * @param sources the configuration files that were read, highest priority first
 * @param userHome the user's home folder (for {@code ~/.cache/huggingface}, {@code ~/.kaggle}…)
 * @param env the environment the hub sources read their endpoints and credentials from; never
 *     printed by {@link #toString()}
 */
public record MldataConfig(
    Path home,
    int jobs,
    int connections,
    int retries,
    Duration connectTimeout,
    Duration readTimeout,
    Duration retryBackoff,
    long zipMaxBytes,
    int zipMaxRatio,
    List<Path> sources,
    Path userHome,
    Map<String, String> env) {

  private static final Map<String, String> ENV_KEYS =
      Map.of(
          "MLDATA_HOME", "home",
          "MLDATA_JOBS", "jobs",
          "MLDATA_CONNECTIONS", "connections",
          "MLDATA_RETRIES", "retries",
          "MLDATA_CONNECT_TIMEOUT", "connectTimeout",
          "MLDATA_READ_TIMEOUT", "readTimeout",
          "MLDATA_RETRY_BACKOFF", "retryBackoff",
          "MLDATA_ZIP_MAX_BYTES", "zipMaxBytes",
          "MLDATA_ZIP_MAX_RATIO", "zipMaxRatio");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)?");

  public MldataConfig {
    sources = List.copyOf(sources);
    env = Map.copyOf(env);
  }

  /** An environment variable, or null when unset or blank. */
  public String getenv(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** This configuration with another environment (tests point hub endpoints at fake servers). */
  public MldataConfig withEnv(Map<String, String> newEnv) {
    return new MldataConfig(
        home,
        jobs,
        connections,
        retries,
        connectTimeout,
        readTimeout,
        retryBackoff,
        zipMaxBytes,
        zipMaxRatio,
        sources,
        userHome,
        newEnv);
  }

  /** Everything but the environment, which may hold tokens. */
  @Override
  public String toString() {
    return "MldataConfig[home="
        + home
        + ", jobs="
        + jobs
        + ", connections="
        + connections
        + ", retries="
        + retries
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", retryBackoff="
        + retryBackoff
        + ", sources="
        + sources
        + "]";
  }

  /** The defaults, with {@code home} under {@code userHome} and an empty environment. */
  public static MldataConfig defaults(Path userHome) {
    return new MldataConfig(
        userHome.resolve(".mldata"),
        4,
        0,
        5,
        Duration.ofSeconds(10),
        Duration.ofSeconds(30),
        Duration.ofSeconds(1),
        256L << 30,
        1000,
        List.of(),
        userHome,
        Map.of());
  }

  /** Loads the configuration for the current directory, user and environment. */
  public static MldataConfig load() throws ConfigException {
    return load(
        Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")), System.getenv());
  }

  /** Loads the configuration as {@link #load()} does, from explicit places (for tests). */
  public static MldataConfig load(Path workingDir, Path userHome, Map<String, String> env)
      throws ConfigException {
    Map<String, String> values = new LinkedHashMap<>();
    List<Path> sources = new ArrayList<>();
    ENV_KEYS.forEach(
        (var, key) -> {
          if (env.get(var) != null && !env.get(var).isBlank()) {
            values.put(key, env.get(var).trim());
          }
        });
    for (Path file :
        List.of(
            workingDir.resolve("mldata.yaml"),
            userHome.resolve(".config/mldata.yaml"),
            userHome.resolve(".mldata.yaml"))) {
      if (Files.isRegularFile(file)) {
        sources.add(file);
        readFile(file).forEach(values::putIfAbsent);
      }
    }
    MldataConfig d = defaults(userHome);
    return new MldataConfig(
        values.containsKey("home") ? expandHome(values.get("home"), userHome) : d.home(),
        positive(values, "jobs", d.jobs(), 1),
        positive(values, "connections", d.connections(), 0),
        positive(values, "retries", d.retries(), 0),
        duration(values, "connectTimeout", d.connectTimeout()),
        duration(values, "readTimeout", d.readTimeout()),
        duration(values, "retryBackoff", d.retryBackoff()),
        values.containsKey("zipMaxBytes") ? size(values.get("zipMaxBytes")) : d.zipMaxBytes(),
        positive(values, "zipMaxRatio", d.zipMaxRatio(), 1),
        sources,
        userHome,
        env);
  }

  /** This configuration with another home folder. */
  public MldataConfig withHome(Path newHome) {
    return new MldataConfig(
        newHome,
        jobs,
        connections,
        retries,
        connectTimeout,
        readTimeout,
        retryBackoff,
        zipMaxBytes,
        zipMaxRatio,
        sources,
        userHome,
        env);
  }

  /** This configuration with other timeouts and backoff (tests use short ones). */
  public MldataConfig withTimeouts(Duration connect, Duration read, Duration backoff) {
    return new MldataConfig(
        home,
        jobs,
        connections,
        retries,
        connect,
        read,
        backoff,
        zipMaxBytes,
        zipMaxRatio,
        sources,
        userHome,
        env);
  }

  /** This configuration with another retry budget. */
  public MldataConfig withRetries(int newRetries) {
    return new MldataConfig(
        home,
        jobs,
        connections,
        newRetries,
        connectTimeout,
        readTimeout,
        retryBackoff,
        zipMaxBytes,
        zipMaxRatio,
        sources,
        userHome,
        env);
  }

  private static Map<String, String> readFile(Path file) throws ConfigException {
    Map<?, ?> raw;
    try {
      raw = new ObjectMapper(new YAMLFactory()).readValue(file.toFile(), Map.class);
    } catch (JacksonException e) {
      throw new ConfigException(
          file + ": not valid YAML (" + e.getOriginalMessage() + "); fix or remove the file");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (raw == null) {
      return values;
    }
    for (Map.Entry<?, ?> e : raw.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (!ENV_KEYS.containsValue(key)) {
        throw new ConfigException(
            file
                + ": unknown key '"
                + key
                + "'; known keys: home, jobs, connections, retries, connectTimeout, readTimeout,"
                + " retryBackoff, zipMaxBytes, zipMaxRatio");
      }
      values.put(key, e.getValue() == null ? "" : String.valueOf(e.getValue()).trim());
    }
    return values;
  }

  private static Path expandHome(String value, Path userHome) {
    if (value.equals("~") || value.startsWith("~/")) {
      return userHome.resolve(value.substring(Math.min(2, value.length())));
    }
    return Path.of(value).toAbsolutePath();
  }

  private static int positive(Map<String, String> values, String key, int fallback, int min)
      throws ConfigException {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(v);
      if (n >= min) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        "configuration '" + key + "' is '" + v + "': expected a whole number >= " + min);
  }

  /** Parses {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or a plain number of seconds. */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "not a duration: '" + text + "' (use e.g. 500ms, 30s, 2m)");
    }
    double n = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis =
        switch (unit) {
          case "ms" -> n;
          case "m" -> n * 60_000;
          case "h" -> n * 3_600_000;
          default -> n * 1000;
        };
    return Duration.ofMillis((long) millis);
  }

  /** Parses {@code 500MB}, {@code 2GiB}, {@code 10g} or a plain number of bytes. */
  static long size(String text) throws ConfigException {
    Matcher m =
        Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?b?)", Pattern.CASE_INSENSITIVE)
            .matcher(text.trim());
    if (!m.matches()) {
      throw new ConfigException(
          "configuration 'zipMaxBytes' is '" + text + "': use e.g. 500MB, 2GB");
    }
    int power = "kmgt".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
    return (long) (Double.parseDouble(m.group(1)) * Math.pow(1024, power));
  }

  private static Duration duration(Map<String, String> values, String key, Duration fallback)
      throws ConfigException {
    String v = values.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return parseDuration(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("configuration '" + key + "': " + e.getMessage());
    }
  }
}
