package dev.mldata.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mldata.cli.CliProcess.Run;
import dev.mldata.testsupport.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mldata track} and {@code export --dvc --git-lfs} as processes, with their exit codes. */
class TrackIT {
  @TempDir Path tmp;
  final Map<String, String> env = new HashMap<>();

  Run in(Path dir, String... args) throws Exception {
    return CliProcess.run(tmp, env, dir, args);
  }

  Path repo() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    assertThat(new ProcessBuilder("git", "init", "-q").directory(repo.toFile()).start().waitFor())
        .isZero();
    return repo;
  }

  @BeforeEach
  void tools() {
    Tools.require("git", "--version");
    Tools.require("git", "lfs", "version");
  }

  @Test
  void exportThenTrackWithDvcAndGitLfs() throws Exception {
    Path repo = repo();
    Files.createDirectories(repo.resolve(".dvc"));
    Files.writeString(repo.resolve("data.csv"), "x,label\n1,a\n2,b\n");
    Run run =
        in(
            repo,
            "export",
            "data.csv",
            "--formats",
            "parquet,csv",
            "--output",
            "out",
            "--dvc",
            "--git-lfs");
    assertThat(run.exit()).as(run.output()).isZero();
    assertThat(Files.readString(repo.resolve("out.dvc")))
        .startsWith("outs:\n- md5: ")
        .contains("  nfiles: 2\n  hash: md5\n  path: out\n");
    assertThat(Files.readString(repo.resolve(".gitignore"))).isEqualTo("/out\n");
    assertThat(Files.readString(repo.resolve(".gitattributes")))
        .isEqualTo("out/**/*.parquet filter=lfs diff=lfs merge=lfs -text\n");
    assertThat(run.output()).contains("Wrote ").contains("git add out.dvc .gitignore");
  }

  @Test
  void exitCodes() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("plain"));
    Files.writeString(plain.resolve("a.parquet"), "x");
    Run noRepo = in(plain, "track", "a.parquet", "--git-lfs");
    assertThat(noRepo.exit()).isEqualTo(3);
    assertThat(noRepo.output()).contains("run git init");

    Path repo = repo();
    Files.writeString(repo.resolve("a.parquet"), "x");
    // git without git-lfs: a PATH holding only git.
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("git"), Path.of("/usr/bin/git"));
    env.put("PATH", bin.toString());
    Run noLfs = in(repo, "track", "a.parquet", "--git-lfs");
    assertThat(noLfs.exit()).as(noLfs.output()).isEqualTo(3);
    assertThat(noLfs.output()).contains("git-lfs is not installed: apt-get install git-lfs");
    env.remove("PATH");

    assertThat(in(repo, "track", "a.parquet").exit()).isEqualTo(64);
    Run dvc = in(repo, "track", "a.parquet", "--dvc");
    assertThat(dvc.exit()).as(dvc.output()).isZero();
    assertThat(dvc.output()).contains("not a DVC repository");
    assertThat(Files.readString(repo.resolve("a.parquet.dvc")))
        .isEqualTo(
            "outs:\n- md5: 9dd4e461268c8034f5c8564e155c67a6\n  size: 1\n  hash: md5\n"
                + "  path: a.parquet\n");
  }
}
