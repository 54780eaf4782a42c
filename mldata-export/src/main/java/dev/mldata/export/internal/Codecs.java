package dev.mldata.export.internal;

import com.github.luben.zstd.ZstdOutputStream;
import dev.mldata.core.Compression;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.xerial.snappy.SnappyFramedOutputStream;

/** Outer compression of CSV and JSON files for the codecs and levels DuckDB does not write. */
final class Codecs {
  private Codecs() {}

  static OutputStream compress(Compression c, OutputStream raw) throws IOException {
    OutputStream out = new BufferedOutputStream(raw, 1 << 20);
    return switch (c.codec()) {
      case "gzip" ->
          new GZIPOutputStream(out, 1 << 16) {
            {
              def.setLevel(c.level() == null ? 6 : c.level());
            }
          };
      case "zstd" -> new ZstdOutputStream(out, c.level() == null ? 3 : c.level());
      case "snappy" -> new SnappyFramedOutputStream(out);
      case "lz4" -> new LZ4FrameOutputStream(out);
      default -> out;
    };
  }
}
