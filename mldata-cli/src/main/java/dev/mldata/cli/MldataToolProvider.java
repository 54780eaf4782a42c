package dev.mldata.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.spi.ToolProvider;

/**
 * Runs {@code mldata} commands in-process, for notebooks and JShell: {@code
 * ToolProvider.findFirst("mldata").get().run(System.out, System.err, "pull", url)}.
 */
public final class MldataToolProvider implements ToolProvider {
  @Override
  public String name() {
    return "mldata";
  }

  @Override
  public int run(PrintWriter out, PrintWriter err, String... args) {
    try (PrintStream o = stream(out);
        PrintStream e = stream(err)) {
      return new Main(o, e, System.getenv()).run(args);
    }
  }

  @Override
  public int run(PrintStream out, PrintStream err, String... args) {
    return new Main(out, err, System.getenv()).run(args);
  }

  private static PrintStream stream(Writer writer) {
    return new PrintStream(
        new java.io.OutputStream() {
          @Override
          public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            try {
              writer.write(new String(b, off, len, StandardCharsets.UTF_8));
              writer.flush();
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }
        },
        true,
        StandardCharsets.UTF_8);
  }
}
