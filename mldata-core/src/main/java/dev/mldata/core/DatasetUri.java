package dev.mldata.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a dataset lives, parsed from what a user types: {@code hf://owner/name[@revision]}, {@code
 * kaggle://owner/slug[@version]}, {@code kaggle://competitions/NAME}, {@code openml://ID} or {@code
 * openml://name}, {@code http(s)://…}, or a local file, folder or glob. Immutable and thread-safe.
 *
 * @param kind the source kind
 * @param id the dataset id within its source: {@code owner/name} for Hugging Face and Kaggle, the
 *     id or name for OpenML, the URL for HTTP, the path or glob for local sources
 * @param revision the {@code @revision} suffix (branch, tag, commit or version), or {@code null}
 */
public record DatasetUri(Kind kind, String id, String revision) {
  private static final Pattern OWNER_NAME =
      Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)/([A-Za-z0-9][A-Za-z0-9._-]*)(?:@(.+))?");
  private static final Pattern OPENML = Pattern.compile("([A-Za-z0-9][A-Za-z0-9._-]*)(?:@(\\d+))?");

  /** The kinds of source. */
  public enum Kind {
    HUGGING_FACE("hf"),
    KAGGLE("kaggle"),
    OPENML("openml"),
    HTTP("http"),
    /** A text file listing one URL per line, optionally followed by the path to save it as. */
    URL_LIST("@"),
    LOCAL("file");

    private final String scheme;

    Kind(String scheme) {
      this.scheme = scheme;
    }

    /** The URI scheme users type. */
    public String scheme() {
      return scheme;
    }
  }

  /**
   * Parses a dataset URI.
   *
   * @throws UsageException naming the expected form when {@code text} is not a valid URI of its
   *     scheme
   */
  public static DatasetUri parse(String text) throws UsageException {
    if (text == null || text.isBlank()) {
      throw new UsageException(
          "missing dataset URI: give hf://, kaggle://, openml://, a URL or a path");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (text.startsWith("@")) {
      if (text.length() == 1) {
        throw invalid(text, "@FILE, a text file with one URL per line");
      }
      return new DatasetUri(Kind.URL_LIST, text.substring(1), null);
    }
    if (lower.startsWith("hf://")) {
      return ownerName(Kind.HUGGING_FACE, text, "hf://owner/name[@revision]");
    }
    if (lower.startsWith("kaggle://")) {
      return ownerName(
          Kind.KAGGLE, text, "kaggle://owner/slug[@version] or kaggle://competitions/NAME");
    }
    if (lower.startsWith("openml://")) {
      Matcher m = OPENML.matcher(text.substring("openml://".length()));
      if (!m.matches()) {
        throw invalid(text, "openml://ID or openml://name[@version]");
      }
      return new DatasetUri(Kind.OPENML, m.group(1), m.group(2));
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      try {
        URI uri = new URI(text);
        if (uri.getHost() == null) {
          throw invalid(text, "http(s)://host/path");
        }
      } catch (URISyntaxException e) {
        throw invalid(text, "a valid URL (" + e.getReason() + ")");
      }
      return new DatasetUri(Kind.HTTP, text, null);
    }
    if (lower.matches("[a-z][a-z0-9+.-]*://.*")) {
      throw new UsageException(
          "unsupported source '"
              + text
              + "': use hf://, kaggle://, openml://, http(s):// or a local path");
    }
    return new DatasetUri(Kind.LOCAL, text, null);
  }

  private static DatasetUri ownerName(Kind kind, String text, String form) throws UsageException {
    Matcher m = OWNER_NAME.matcher(text.substring(kind.scheme().length() + 3));
    if (!m.matches()) {
      throw invalid(text, form);
    }
    return new DatasetUri(kind, m.group(1) + "/" + m.group(2), m.group(3));
  }

  private static UsageException invalid(String text, String form) {
    return new UsageException("invalid dataset URI '" + text + "': expected " + form);
  }

  /** This URI with another revision (for {@code --revision}). */
  public DatasetUri withRevision(String newRevision) {
    return new DatasetUri(kind, id, newRevision);
  }

  /** Whether a local source is a glob pattern rather than a plain path. */
  public boolean isGlob() {
    return kind == Kind.LOCAL && id.chars().anyMatch(c -> "*?[{".indexOf(c) >= 0);
  }

  /** The revision, if one was given. */
  public Optional<String> revisionOptional() {
    return Optional.ofNullable(revision);
  }

  /**
   * A short name for the dataset, used as the default output folder: the repository or slug name,
   * the OpenML id or name, the URL's file name without extension, or the local file or folder name.
   */
  public String name() {
    String last =
        switch (kind) {
          case HUGGING_FACE, KAGGLE -> id.substring(id.indexOf('/') + 1);
          case OPENML -> id;
          case HTTP -> lastSegment(URI.create(id).getPath());
          case LOCAL, URL_LIST -> localName();
        };
    int dot = last.indexOf('.');
    String stem = dot > 0 ? last.substring(0, dot) : last;
    return stem.isEmpty() ? "dataset" : stem;
  }

  private String localName() {
    String base = id;
    if (isGlob()) {
      base = globBase(id);
    }
    Path fileName = Path.of(base.isEmpty() ? "." : base).toAbsolutePath().normalize().getFileName();
    return fileName == null ? "dataset" : fileName.toString();
  }

  /**
   * The folder part of a glob before its first wildcard: {@code ./data/**}{@code /*.csv} gives
   * {@code ./data/}; empty when the glob starts with a wildcard.
   */
  public static String globBase(String glob) {
    int i = 0;
    while (i < glob.length() && "*?[{".indexOf(glob.charAt(i)) < 0) {
      i++;
    }
    return glob.substring(0, glob.lastIndexOf('/', i - 1) + 1);
  }

  private static String lastSegment(String path) {
    if (path == null) {
      return "";
    }
    String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  /** The URI as the user would type it, with the revision suffix. */
  @Override
  public String toString() {
    return switch (kind) {
      case HTTP, LOCAL -> id;
      case URL_LIST -> "@" + id;
      default -> kind.scheme() + "://" + id + (revision == null ? "" : "@" + revision);
    };
  }
}
