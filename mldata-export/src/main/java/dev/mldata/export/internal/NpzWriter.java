package dev.mldata.export.internal;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a split as a NumPy {@code .npz}: {@code X} (float32, rows × numeric features) and {@code
 * y} (int64 class ids, or float32 for a regression target). Rows stream from the engine into the
 * {@code .npy} files (format 1.0: magic, a header padded to 64 bytes, little-endian data); no
 * library for this exists on the JVM that is worth a dependency for forty lines.
 */
final class NpzWriter {
  private NpzWriter() {}

  static void write(
      TableEngine engine,
      TableEngine.Table table,
      LoaderGenerator.Table t,
      Path target,
      boolean force)
      throws IOException {
    if (Files.exists(target) && !force) {
      throw new IOException(target + " already exists: pass --force to replace it");
    }
    List<String> numeric = t.numericFeatures();
    long rows = engine.rows(table);
    boolean hasLabel = t.label != null;
    boolean regression =
        hasLabel && !t.categorical && (t.labelType.equals("DOUBLE") || t.labelType.equals("FLOAT"));
    Map<String, Long> ids = new HashMap<>();
    for (String c : t.classes) {
      ids.put(c, (long) ids.size());
    }
    Path x = target.resolveSibling("." + target.getFileName() + ".X.npy");
    Path y = target.resolveSibling("." + target.getFileName() + ".y.npy");
    Path partial = target.resolveSibling("." + target.getFileName() + ".mldata-partial");
    try {
      List<String> select = new ArrayList<>();
      for (String n : numeric) {
        select.add("CAST(" + DuckDbEngine.identifier(n) + " AS DOUBLE)");
      }
      if (hasLabel) {
        select.add(
            t.categorical
                ? "CAST(" + DuckDbEngine.identifier(t.label) + " AS VARCHAR)"
                : DuckDbEngine.identifier(t.label));
      }
      if (select.isEmpty()) {
        select.add("1");
      }
      try (DataOutputStream xs = npy(x, "<f4", "(" + rows + ", " + numeric.size() + ")");
          DataOutputStream ys =
              npy(y, regression ? "<f4" : "<i8", "(" + (hasLabel ? rows : 0) + ",)")) {
        engine.scan(
            table,
            String.join(", ", select),
            "",
            row -> {
              for (int i = 0; i < numeric.size(); i++) {
                float v = row[i] == null ? Float.NaN : ((Number) row[i]).floatValue();
                xs.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(v)));
              }
              if (hasLabel) {
                Object l = row[numeric.size()];
                if (regression) {
                  float v = l == null ? Float.NaN : ((Number) l).floatValue();
                  ys.writeInt(Integer.reverseBytes(Float.floatToRawIntBits(v)));
                } else if (t.categorical) {
                  ys.writeLong(Long.reverseBytes(l == null ? -1 : ids.get(l.toString())));
                } else {
                  ys.writeLong(Long.reverseBytes(l == null ? -1 : ((Number) l).longValue()));
                }
              }
            });
      }
      try (ZipOutputStream zip =
          new ZipOutputStream(new BufferedOutputStream(Files.newOutputStream(partial), 1 << 20))) {
        zip.putNextEntry(new ZipEntry("X.npy"));
        Files.copy(x, zip);
        zip.closeEntry();
        if (hasLabel) {
          zip.putNextEntry(new ZipEntry("y.npy"));
          Files.copy(y, zip);
          zip.closeEntry();
        }
      }
      Files.move(
          partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(x);
      Files.deleteIfExists(y);
      Files.deleteIfExists(partial);
    }
  }

  private static DataOutputStream npy(Path file, String descr, String shape) throws IOException {
    String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int total = 10 + header.length() + 1;
    int padded = (total + 63) / 64 * 64;
    header = header + " ".repeat(padded - total) + "\n";
    OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20);
    DataOutputStream d = new DataOutputStream(out);
    d.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    d.writeShort(Short.reverseBytes((short) header.length()));
    d.write(header.getBytes(StandardCharsets.US_ASCII));
    return d;
  }
}
