package dev.mldata.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The machine-learning frameworks {@code mldata export --framework} writes loader code for. */
public enum Framework {
  PYTORCH("pytorch"),
  TENSORFLOW("tensorflow"),
  JAX("jax");

  private final String id;

  Framework(String id) {
    this.id = id;
  }

  /** The name as given on the command line. */
  public String id() {
    return id;
  }

  /**
   * Parses a framework name.
   *
   * @throws UsageException naming the supported frameworks
   */
  public static Framework parse(String name) throws UsageException {
    for (Framework f : values()) {
      if (f.id.equals(name.strip().toLowerCase(Locale.ROOT))) {
        return f;
      }
    }
    throw new UsageException(
        "unsupported framework '"
            + name
            + "': choose from "
            + Arrays.stream(values()).map(Framework::id).collect(Collectors.joining(", ")));
  }
}
