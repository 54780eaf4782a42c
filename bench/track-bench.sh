#!/usr/bin/env bash
# Benchmarks `mldata track --dvc` hashing (md5 for the .dvc file and sha256 in the same pass)
# against `md5sum` over the same 1 GiB folder, in the same run, page cache warm for both.
#
#   bench/track-bench.sh     # FILES=8 files of SIZE_MB=128; results in bench/results/track.txt
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
FILES=${FILES:-8}
SIZE_MB=${SIZE_MB:-128}
RUNS=${RUNS:-5}
WORK="$here/work/track"
RESULTS="$here/results"
mkdir -p "$WORK/repo/data" "$RESULTS"
"$root/mldata" version >/dev/null
cd "$WORK/repo"
[ -d .git ] || git init -q
for i in $(seq "$FILES"); do
  f="data/part-$i.bin"
  [ -f "$f" ] && [ "$(stat -c %s "$f")" = $((SIZE_MB << 20)) ] || head -c $((SIZE_MB << 20)) /dev/urandom >"$f"
done
cat data/* >/dev/null # warm the page cache for both tools
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
m=(); s=(); p=(); b=()
for i in $(seq "$RUNS"); do
  m+=("$(secs md5sum data/*)")
  p+=("$(secs bash -c 'ls data/* | xargs -P "$(nproc)" -n 1 md5sum')")
  s+=("$(secs "$root/mldata" track data --dvc --no-cache)")
  # A built dataset (manifest.yaml present): SHA-256 too, in the same pass, compared with it.
  printf 'mldataVersion: bench\nartifacts: []\n' >data/manifest.yaml
  b+=("$(secs "$root/mldata" track data --dvc --no-cache)")
  rm -f data/manifest.yaml
done
bm=$(printf '%s\n' "${b[@]}" | median); mm=$(printf '%s\n' "${m[@]}" | median); pm=$(printf '%s\n' "${p[@]}" | median); sm=$(printf '%s\n' "${s[@]}" | median)
{
  echo "track benchmark: $FILES files x $SIZE_MB MiB = $((FILES * SIZE_MB)) MiB, $(nproc) cores, page cache warm"
  echo "median of $RUNS runs (seconds):"
  echo "  md5sum data/*                                   $mm   runs: ${m[*]}"
  echo "  md5sum, one process per core (xargs -P)         $pm   runs: ${p[*]}"
  echo "  mldata track --dvc --no-cache (JVM start included)  $sm   runs: ${s[*]}"
  echo "  same on a built dataset (md5 + sha256 in one pass)  $bm   runs: ${b[*]}"
  echo "  mldata / md5sum = $(echo "scale=2; $sm / $mm" | bc)   (target <= 1.10)"
  echo "  mldata / parallel md5sum = $(echo "scale=2; $sm / $pm" | bc)"
} | tee "$RESULTS/track.txt"
