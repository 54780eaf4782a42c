package dev.mldata.versioning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mldata.core.ExitCode;
import dev.mldata.core.Mldata;
import dev.mldata.core.MldataConfig;
import dev.mldata.core.MldataException;
import dev.mldata.core.TrackRequest;
import dev.mldata.core.TrackResult;
import dev.mldata.testsupport.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Git-LFS tracking against the real git and git-lfs binaries. */
class GitLfsTest {
  @TempDir Path tmp;

  record Run(int exit, String out) {}

  static Run run(Path dir, String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out);
  }

  static String git(Path dir, String... args) throws Exception {
    List<String> c = new ArrayList<>(List.of("git"));
    c.addAll(List.of(args));
    Run r = run(dir, c.toArray(String[]::new));
    assertThat(r.exit()).as(String.join(" ", c) + ": " + r.out()).isZero();
    return r.out();
  }

  @BeforeEach
  void tools() {
    Tools.require("git", "--version");
    Tools.require("git", "lfs", "version");
  }

  Mldata mldata() throws Exception {
    return Mldata.builder().config(MldataConfig.defaults(tmp.resolve("home"))).build();
  }

  /** A repository with a dataset: binary formats, a large CSV, small text files, odd names. */
  Path repo(String name, String attributes) throws Exception {
    Path repo = Files.createDirectories(tmp.resolve(name));
    git(repo, "init", "-q");
    git(repo, "config", "user.email", "t@example.org");
    git(repo, "config", "user.name", "t");
    Path data = Files.createDirectories(repo.resolve("data dir/sub"));
    Files.writeString(data.resolve("../t.parquet"), "hello parquet\n");
    Files.writeString(data.resolve("deep.parquet"), "deep parquet\n");
    Files.write(data.resolve("../arr.npz"), new byte[] {1, 2, 3});
    byte[] big = new byte[11_000_000];
    new Random(1).nextBytes(big);
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) ('a' + (big[i] & 15));
    }
    Files.write(data.resolve("../x y#1.csv"), big);
    Files.writeString(data.resolve("../small.csv"), "a,b\n1,2\n");
    Files.writeString(data.resolve("notes.txt"), "hi\n");
    if (attributes != null) {
      Files.writeString(repo.resolve(".gitattributes"), attributes);
    }
    return repo;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "# my attributes\n*.txt text\n\n\ndata[[:space:]]dir/**/*.parquet binary\n*.png -diff\n",
        "# crlf\r\n*.bin filter=lfs diff=lfs merge=lfs -text\r\n*.txt text\r\n",
        "# crlf without lfs lines\r\n*.txt text\r\n"
      })
  void gitattributesAreWhatGitLfsTrackWrites(String initial) throws Exception {
    String start = initial.isEmpty() ? null : initial;
    Path ours = repo("ours", start);
    Path theirs = repo("theirs", start);
    TrackResult r = mldata().track(TrackRequest.gitLfs(ours.resolve("data dir")));
    assertThat(r.lfsLines())
        .containsExactlyInAnyOrder(
            "data[[:space:]]dir/**/*.npz filter=lfs diff=lfs merge=lfs -text",
            "data[[:space:]]dir/**/*.parquet filter=lfs diff=lfs merge=lfs -text",
            "data[[:space:]]dir/x[[:space:]]y\\#1.csv filter=lfs diff=lfs merge=lfs -text");
    // The same patterns through the real git lfs track, one call each, in the same order.
    git(theirs, "lfs", "track", "data dir/**/*.npz");
    git(theirs, "lfs", "track", "data dir/**/*.parquet");
    git(theirs, "lfs", "track", "--filename", "data dir/x y#1.csv");
    assertThat(Files.readString(ours.resolve(".gitattributes")))
        .isEqualTo(Files.readString(theirs.resolve(".gitattributes")));

    // git now stores exactly the binary and large files as valid LFS pointers.
    git(ours, "add", "-A");
    assertThat(git(ours, "lfs", "ls-files", "-n").lines().sorted().toList())
        .containsExactly(
            "data dir/arr.npz",
            "data dir/sub/deep.parquet",
            "data dir/t.parquet",
            "data dir/x y#1.csv");
    assertThat(r.lfsFiles()).hasSize(4);
    assertThat(r.lfsBytes()).isEqualTo(14 + 13 + 3 + 11_000_000);
    String pointer = git(ours, "cat-file", "-p", ":data dir/t.parquet");
    assertThat(pointer)
        .isEqualTo(
            "version https://git-lfs.github.com/spec/v1\n"
                + "oid sha256:02670d4e9b67be2e7c08b199741b199cf2916d661806b3445f597ebddd5f3ad4\n"
                + "size 14\n");
    Files.writeString(tmp.resolve("p"), pointer);
    assertThat(
            run(
                    ours,
                    "git",
                    "lfs",
                    "pointer",
                    "--file=data dir/t.parquet",
                    "--pointer=" + tmp.resolve("p"))
                .exit())
        .isZero();
    assertThat(git(ours, "cat-file", "-p", ":data dir/small.csv")).isEqualTo("a,b\n1,2\n");
    assertThat(git(ours, "config", "--get", "filter.lfs.process").strip())
        .isEqualTo("git-lfs filter-process");

    // A second run changes nothing.
    byte[] before = Files.readAllBytes(ours.resolve(".gitattributes"));
    TrackResult again = mldata().track(TrackRequest.gitLfs(ours.resolve("data dir")));
    assertThat(again.lfsLines()).isEmpty();
    assertThat(Files.readAllBytes(ours.resolve(".gitattributes"))).isEqualTo(before);
  }

  @Test
  void dryRunWritesNothing() throws Exception {
    Path repo = repo("dry", "*.txt text\n");
    TrackResult r = mldata().track(TrackRequest.gitLfs(repo.resolve("data dir")).dryRun(true));
    assertThat(r.lfsLines()).hasSize(3);
    assertThat(Files.readString(repo.resolve(".gitattributes"))).isEqualTo("*.txt text\n");
  }

  @Test
  void thresholdDecidesWhichOtherFilesGoToLfs() throws Exception {
    Path repo = repo("thr", null);
    TrackResult r =
        mldata().track(TrackRequest.gitLfs(repo.resolve("data dir")).threshold(5).dryRun(true));
    assertThat(r.lfsLines())
        .contains("data[[:space:]]dir/small.csv filter=lfs diff=lfs merge=lfs -text")
        .noneMatch(l -> l.contains("notes.txt")); // 3 bytes: below the threshold
  }

  @Test
  void readOnlyGitattributesAndNoRepository() throws Exception {
    Path repo = repo("ro", "*.txt text\n");
    Files.setPosixFilePermissions(
        repo.resolve(".gitattributes"), PosixFilePermissions.fromString("r--r--r--"));
    assertThatThrownBy(() -> mldata().track(TrackRequest.gitLfs(repo.resolve("data dir"))))
        .hasMessageContaining(".gitattributes is read-only: make it writable")
        .extracting(e -> ((MldataException) e).exitCode())
        .isEqualTo(ExitCode.FAILED);
    assertThat(Files.readString(repo.resolve(".gitattributes"))).isEqualTo("*.txt text\n");

    Path plain = Files.createDirectories(tmp.resolve("plain/data"));
    Files.writeString(plain.resolve("a.parquet"), "x");
    assertThatThrownBy(() -> mldata().track(TrackRequest.gitLfs(plain)))
        .hasMessageContaining("run git init")
        .extracting(e -> ((MldataException) e).exitCode())
        .isEqualTo(ExitCode.CONFIG);
  }
}
