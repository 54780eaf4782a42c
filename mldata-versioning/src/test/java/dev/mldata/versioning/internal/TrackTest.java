package dev.mldata.versioning.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mldata.core.ExitCode;
import dev.mldata.core.Hasher;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DVC tracking through the facade, in real git repositories. */
class TrackTest {
  @TempDir Path tmp;
  Path repo;

  static String git(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("git " + String.join(" ", args) + ": " + out).isZero();
    return out;
  }

  @BeforeEach
  void repo() throws Exception {
    Tools.require("git", "--version");
    repo = Files.createDirectories(tmp.resolve("repo"));
    git(repo, "init", "-q");
    git(repo, "config", "user.email", "t@example.org");
    git(repo, "config", "user.name", "t");
  }

  Mldata mldata() throws Exception {
    return Mldata.builder()
        .config(
            MldataConfig.defaults(tmp.resolve("home"))
                .withEnv(
                    Map.of(
                        "DVC_GLOBAL_CONFIG_DIR",
                        tmp.resolve("g").toString(),
                        "DVC_SYSTEM_CONFIG_DIR",
                        tmp.resolve("s").toString())))
        .build();
  }

  Path write(String rel, String text) throws Exception {
    Path p = repo.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void folderInADvcRepoFillsTheCacheAndGitignore() throws Exception {
    Files.createDirectories(repo.resolve(".dvc"));
    Files.writeString(
        repo.resolve(".dvc/config"),
        "[core]\n    remote = myremote\n['remote \"myremote\"']\n    url = s3://bucket/path\n");
    write("data/foo", "foo");
    write("data/bar", "bar");
    write("data/.git/ignored", "x");
    write("data/sub/.hg/ignored", "x");
    TrackResult r = mldata().track(TrackRequest.dvc(repo.resolve("data")));
    assertThat(Files.readString(repo.resolve("data.dvc")))
        .isEqualTo(
            "outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n  nfiles: 2\n"
                + "  hash: md5\n  path: data\n");
    assertThat(Files.readString(repo.resolve(".gitignore"))).isEqualTo("/data\n");
    Path cache = repo.resolve(".dvc/cache/files/md5");
    Path dir = cache.resolve("5e/a40360f5b4ec688df672a4db9c17d1.dir");
    assertThat(Files.readString(dir))
        .isEqualTo(
            "[{\"md5\": \"37b51d194a7513e45b56f6524f2d51f2\", \"relpath\": \"bar\"}, "
                + "{\"md5\": \"acbd18db4cc2f85cedef654fccc4a4d8\", \"relpath\": \"foo\"}]");
    assertThat(Files.readString(cache.resolve("ac/bd18db4cc2f85cedef654fccc4a4d8")))
        .isEqualTo("foo");
    assertThat(Files.readString(cache.resolve("37/b51d194a7513e45b56f6524f2d51f2")))
        .isEqualTo("bar");
    for (Path p : List.of(dir, cache.resolve("ac/bd18db4cc2f85cedef654fccc4a4d8"))) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)))
          .isEqualTo("r--r--r--");
    }
    assertThat(r.cached()).isEqualTo(3);
    assertThat(r.nextCommands())
        .containsExactly("git add data.dvc .gitignore", "dvc push  # to remote 'myremote'");
    assertThat(r.warnings()).noneMatch(w -> w.contains("remote"));

    // Re-tracking unchanged data changes nothing; a change is described.
    TrackResult same = mldata().track(TrackRequest.dvc(repo.resolve("data")));
    assertThat(same.changes()).containsExactly("unchanged");
    assertThat(same.cached()).isZero();
    write("data/foo", "foo!");
    write("data/new", "n");
    Files.delete(repo.resolve("data/bar"));
    TrackResult changed = mldata().track(TrackRequest.dvc(repo.resolve("data")));
    assertThat(changed.changes())
        .containsExactly(
            "modified foo", "added new", "removed bar", "size 6 -> 5 bytes (-1), files 2 -> 2");
    assertThat(Files.readString(repo.resolve(".gitignore"))).isEqualTo("/data\n");
  }

  @Test
  void singleFileOutsideADvcRepoWarnsAndKeepsGoing() throws Exception {
    Path f = write("sub/b.csv", "foo");
    TrackResult r = mldata().track(TrackRequest.dvc(f));
    assertThat(Files.readString(repo.resolve("sub/b.csv.dvc")))
        .isEqualTo(
            "outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n"
                + "  path: b.csv\n");
    assertThat(Files.readString(repo.resolve("sub/.gitignore"))).isEqualTo("/b.csv\n");
    assertThat(r.warnings()).anyMatch(w -> w.startsWith("not a DVC repository"));
    assertThat(repo.resolve(".dvc")).doesNotExist();
    assertThat(git(repo, "status", "--porcelain", "-uall"))
        .doesNotContain("b.csv\n")
        .contains("sub/b.csv.dvc");
  }

  @Test
  void remoteFromConfigLocalAndNoRemoteWarning() throws Exception {
    Files.createDirectories(repo.resolve(".dvc"));
    write("d/x", "x");
    TrackResult none = mldata().track(TrackRequest.dvc(repo.resolve("d")));
    assertThat(none.warnings()).anyMatch(w -> w.startsWith("no default DVC remote"));
    Files.writeString(
        repo.resolve(".dvc/config.local"),
        "[core]\nremote = local1\n['remote \"local1\"']\nurl = /tmp/x\n");
    TrackResult local = mldata().track(TrackRequest.dvc(repo.resolve("d")));
    assertThat(local.nextCommands()).contains("dvc push  # to remote 'local1'");
  }

  @Test
  void dvcignoreIsHonouredAndANestedOneRefused() throws Exception {
    Files.createDirectories(repo.resolve(".dvc"));
    Files.writeString(repo.resolve(".dvcignore"), "*.tmp\ndata/cache/\n");
    write("data/foo", "foo");
    write("data/bar", "bar");
    write("data/x.tmp", "junk");
    write("data/cache/y", "junk");
    TrackResult r = mldata().track(TrackRequest.dvc(repo.resolve("data")));
    assertThat(r.dvcHash()).isEqualTo("5ea40360f5b4ec688df672a4db9c17d1.dir");
    write("data/sub/.dvcignore", "x\n");
    assertThatThrownBy(() -> mldata().track(TrackRequest.dvc(repo.resolve("data"))))
        .hasMessageContaining(".dvcignore inside a tracked folder");
  }

  @Test
  void foreignDvcFilesNeedForce() throws Exception {
    write("data/foo", "foo");
    Files.writeString(
        repo.resolve("data.dvc"), "cmd: python train.py\ndeps:\n- path: x\nouts:\n- path: data\n");
    assertThatThrownBy(() -> mldata().track(TrackRequest.dvc(repo.resolve("data"))))
        .hasMessageContaining("pass --force to replace it")
        .extracting(e -> ((MldataException) e).exitCode())
        .isEqualTo(ExitCode.FAILED);
    assertThat(Files.readString(repo.resolve("data.dvc"))).startsWith("cmd:");
    mldata().track(TrackRequest.dvc(repo.resolve("data")).force(true));
    assertThat(Files.readString(repo.resolve("data.dvc"))).startsWith("outs:\n");
  }

  @Test
  void symlinksLeavingTheFolderAreRefused() throws Exception {
    Path outside = Files.writeString(tmp.resolve("secret"), "s");
    write("data/foo", "foo");
    Files.createSymbolicLink(repo.resolve("data/link"), outside);
    assertThatThrownBy(() -> mldata().track(TrackRequest.dvc(repo.resolve("data"))))
        .hasMessageContaining("outside the tracked folder");
    assertThat(repo.resolve("data.dvc")).doesNotExist();
    Files.delete(repo.resolve("data/link"));
    Files.createSymbolicLink(repo.resolve("data/inner"), repo.resolve("data/foo"));
    TrackResult r = mldata().track(TrackRequest.dvc(repo.resolve("data")));
    assertThat(Files.readString(repo.resolve("data.dvc"))).contains("nfiles: 2");
    assertThat(r.dvcFile()).isEqualTo(repo.resolve("data.dvc"));
  }

  @Test
  void md5AndSha256AreComputedInOnePass() throws Exception {
    Path f = write("blob.bin", "hello parquet\n");
    TreeHasher.Entry e = TreeHasher.entry(f.getParent(), f);
    assertThat(e.sha256())
        .isEqualTo("02670d4e9b67be2e7c08b199741b199cf2916d661806b3445f597ebddd5f3ad4");
    assertThat(e.md5()).isEqualTo(Hasher.hash(f, "md5").md5());
  }
}
