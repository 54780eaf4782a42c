package dev.mldata.versioning.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DVC's configuration (ConfigObj INI) merged in DVC's order: system, global, repo ({@code
 * .dvc/config}), local ({@code .dvc/config.local}). Only what tracking needs: the default remote.
 */
final class DvcConfig {
  private static final Pattern SECTION = Pattern.compile("^\\s*\\[+\\s*(.*?)\\s*\\]+\\s*$");
  private static final Pattern NAMED =
      Pattern.compile("^\\s*['\"]?\\s*(remote|machine|db)\\s*\"(.*)\"\\s*['\"]?\\s*$");
  private final Map<String, String> values = new LinkedHashMap<>();

  static DvcConfig load(Path dvcDir, Map<String, String> env) throws IOException {
    DvcConfig c = new DvcConfig();
    String home = System.getProperty("user.home");
    Path system =
        Path.of(env.getOrDefault("DVC_SYSTEM_CONFIG_DIR", "/etc/xdg/dvc")).resolve("config");
    Path global =
        Path.of(
                env.getOrDefault(
                    "DVC_GLOBAL_CONFIG_DIR",
                    env.getOrDefault("XDG_CONFIG_HOME", home + "/.config") + "/dvc"))
            .resolve("config");
    for (Path p :
        List.of(system, global, dvcDir.resolve("config"), dvcDir.resolve("config.local"))) {
      if (Files.isRegularFile(p)) {
        c.read(Files.readAllLines(p, StandardCharsets.UTF_8));
      }
    }
    return c;
  }

  private void read(List<String> lines) {
    String section = "";
    for (String raw : lines) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      Matcher s = SECTION.matcher(line);
      if (s.matches()) {
        String name = s.group(1);
        Matcher n = NAMED.matcher(name);
        section =
            n.matches()
                ? n.group(1).toLowerCase(Locale.ROOT) + " \"" + n.group(2) + "\""
                : name.replaceAll("^['\"]|['\"]$", "").toLowerCase(Locale.ROOT);
        continue;
      }
      int eq = line.indexOf('=');
      if (eq > 0) {
        String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
        String value = line.substring(eq + 1).strip().replaceAll("^['\"]|['\"]$", "");
        values.put(section + "." + key, value);
      }
    }
  }

  /** The default remote's name, or null. */
  String defaultRemote() {
    String r = values.get("core.remote");
    return r == null || r.isBlank() ? null : r;
  }

  /** A remote's URL, or null. */
  String remoteUrl(String name) {
    return values.get("remote \"" + name + "\".url");
  }
}
