package dev.mldata.versioning.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mldata.core.MldataException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The test vectors of shared/specs/dvc-lfs.md, sections 1 and 2. */
class DvcVectorsTest {
  @TempDir Path tmp;

  Path tree(String name, Map<String, String> files) throws Exception {
    Path root = Files.createDirectories(tmp.resolve(name));
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = root.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      Files.writeString(p, f.getValue(), StandardCharsets.UTF_8);
    }
    return root;
  }

  String dirHash(Path root) throws MldataException {
    List<Path> files = TreeHasher.list(root, rel -> false);
    return TreeHasher.dirHash(TreeHasher.dirManifest(TreeHasher.hash(root, files, 2)));
  }

  String manifest(Path root) throws MldataException {
    List<Path> files = TreeHasher.list(root, rel -> false);
    return new String(
        TreeHasher.dirManifest(TreeHasher.hash(root, files, 2)), StandardCharsets.US_ASCII);
  }

  @Test
  void fileHashesAreRawMd5() throws Exception {
    Path foo = tree("f", Map.of("foo", "foo", "bar", "bar", "empty", "", "crlf", "a\r\nb\r\n"));
    assertThat(TreeHasher.entry(foo, foo.resolve("foo")).md5())
        .isEqualTo("acbd18db4cc2f85cedef654fccc4a4d8");
    assertThat(TreeHasher.entry(foo, foo.resolve("bar")).md5())
        .isEqualTo("37b51d194a7513e45b56f6524f2d51f2");
    assertThat(TreeHasher.entry(foo, foo.resolve("empty")).md5())
        .isEqualTo("d41d8cd98f00b204e9800998ecf8427e");
    // DVC 3 hashes raw bytes: no dos2unix.
    assertThat(TreeHasher.entry(foo, foo.resolve("crlf")).md5())
        .isEqualTo("59b0d7772f0561efb95518f3cb8abc60");
  }

  @Test
  void directoryVectors() throws Exception {
    assertThat(manifest(tree("d1", Map.of("bar", "bar", "foo", "foo"))))
        .isEqualTo(
            "[{\"md5\": \"37b51d194a7513e45b56f6524f2d51f2\", \"relpath\": \"bar\"}, "
                + "{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"foo\"}]");
    assertThat(dirHash(tmp.resolve("d1"))).isEqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir");
    assertThat(dirHash(tree("d2", Map.of("master", "master", "one", "one", "two", "two"))))
        .isEqualTo("839ef9371606817569c1ee0e5f4ed233.dir");
    assertThat(manifest(tree("d3", Map.of("file", "file", "subdir/subfile", "subfile"))))
        .isEqualTo(
            "[{\"md5\": \"8c7dd922ad47494fc02c388e12c00eac\", \"relpath\": \"file\"}, "
                + "{\"md5\": \"293b26bf46281c75310f75c336661a05\", \"relpath\": \"subdir/subfile\"}]");
    assertThat(dirHash(tmp.resolve("d3"))).isEqualTo("b6dcab6ccd17ca0a8bf4a215a37d14cc.dir");
    assertThat(manifest(tree("d4", Map.of("é.txt", "x"))))
        .isEqualTo(
            "[{\"md5\": \"9dd4e461268c8034f5c8564e155c67a6\", \"relpath\": \"\\u00e9.txt\"}]");
    assertThat(dirHash(tmp.resolve("d4"))).isEqualTo("c4ca1691f3be3e1fdbc0cc5c22ad3d53.dir");
    Map<String, String> order = new LinkedHashMap<>();
    order.put("a0", "4");
    order.put("a/b", "2");
    order.put("a-b", "1");
    order.put("B", "3");
    assertThat(manifest(tree("d5", order)))
        .containsSubsequence("\"B\"", "\"a-b\"", "\"a/b\"", "\"a0\"");
    assertThat(dirHash(tmp.resolve("d5"))).isEqualTo("240d9979c11c07edbc04afb8a6f6f410.dir");
    assertThat(dirHash(tree("d6", Map.of("empty", ""))))
        .isEqualTo("6b9ca2b7353cc1ee14fbb24eb5fe5183.dir");
    Path empty = Files.createDirectories(tmp.resolve("d7"));
    Files.createDirectories(empty.resolve("sub/deeper")); // empty folders are not recorded
    assertThat(manifest(empty)).isEqualTo("[]");
    assertThat(dirHash(empty)).isEqualTo("d751713988987e9331980363e24189ce.dir");
  }

  @Test
  void nonBmpCharactersUseSurrogatePairsAndCodePointOrder() throws Exception {
    // U+1F980 sorts after U+FF5E by code point, but before it in UTF-16 (surrogates D8xx < FFxx).
    Path root = tree("u", Map.of("\uD83E\uDD80.csv", "crab", "\uFF5E.csv", "tilde"));
    String m = manifest(root);
    assertThat(m.indexOf("\\uff5e.csv")).isLessThan(m.indexOf("\\ud83e\\udd80.csv"));
    assertThat(TreeHasher.compareCodePoints("\uFF5E", "\uD83E\uDD80")).isNegative();
    assertThat("\uFF5E".compareTo("\uD83E\uDD80")).isPositive();
  }

  @Test
  void dvcFileBytesMatchDvcAdd() {
    assertThat(DvcFile.render("5ea40360f5b4ec688df672a4db9c17d1.dir", 6, 2, false, "data"))
        .isEqualTo(
            "outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n  nfiles: 2\n"
                + "  hash: md5\n  path: data\n");
    assertThat(DvcFile.render("acbd18db4cc2f85cedef654fccc4a4d8", 3, null, false, "bar"))
        .isEqualTo(
            "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n"
                + "  path: bar\n");
    assertThat(DvcFile.render("acbd18db4cc2f85cedef654fccc4a4d8", 3, null, true, "foo"))
        .contains("  size: 3\n  isexec: true\n  hash: md5\n");
  }

  @Test
  void numericLookingMd5sAreQuoted() {
    assertThat(DvcFile.render("12345678901234567890123456789012", 1, null, false, "x"))
        .contains("- md5: '12345678901234567890123456789012'\n");
    assertThat(DvcFile.render("1234567e123456789012345678901234", 1, null, false, "x"))
        .contains("- md5: '1234567e123456789012345678901234'\n");
    assertThat(DvcFile.scalar("4661e177a6e9aee7dd1c1d8f5b5d3ac1"))
        .isEqualTo("4661e177a6e9aee7dd1c1d8f5b5d3ac1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "data dir",
        "é.csv",
        "日本.parquet",
        "yes",
        "on",
        "No",
        "-x",
        "a'b",
        "a\"b",
        "x:y",
        "a#b",
        "1.0.parquet",
        "2024-01-01.csv",
        "true.csv",
        "1e"
      })
  void plainScalars(String s) {
    assertThat(DvcFile.scalar(s)).isEqualTo(s);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "true", "null", "NULL", "False", "123", "08", "1_000", "0x1F", "0o17", "1e3", "1.5", ".5",
        "+1", "-1", ".inf", "2024-01-01", "~", "@a", "*.csv", "#x", "x #y", "a: b", "x:", "!x",
        "&x", "%x", "[x", "{x", ",x", "|x", ">x", "-", "- x", "=", " x", "x "
      })
  void singleQuotedScalars(String s) {
    assertThat(DvcFile.scalar(s)).isEqualTo("'" + s + "'");
  }

  @Test
  void doubleQuotedScalarsAndQuoteDoubling() {
    assertThat(DvcFile.scalar("x\ty")).isEqualTo("\"x\\ty\"");
    assertThat(DvcFile.scalar("x\u007fy")).isEqualTo("\"x\\x7Fy\"");
    assertThat(DvcFile.scalar("'quoted")).isEqualTo("'''quoted'");
  }

  @Test
  void gitignoreEntriesAreEscapedAndAppendedOnce() throws Exception {
    assertThat(GitIgnoreFile.escape("file!with*weird#naming_[1].t?t"))
        .isEqualTo("file\\!with\\*weird\\#naming_\\[1\\].t\\?t");
    Path dir = Files.createDirectories(tmp.resolve("g"));
    Files.writeString(dir.resolve(".gitignore"), "*.log");
    assertThat(GitIgnoreFile.add(dir, "foo")).isTrue();
    assertThat(GitIgnoreFile.add(dir, "foo")).isFalse();
    assertThat(Files.readString(dir.resolve(".gitignore"))).isEqualTo("*.log\n/foo\n");
    Path fresh = Files.createDirectories(tmp.resolve("h"));
    GitIgnoreFile.add(fresh, "a b");
    assertThat(Files.readString(fresh.resolve(".gitignore"))).isEqualTo("/a b\n");
  }
}
