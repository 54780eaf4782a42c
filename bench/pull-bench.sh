#!/usr/bin/env bash
# Benchmarks `mldata pull` against curl and aria2c on 127.0.0.1, served by a real nginx.
#
#   bench/pull-bench.sh            # 5 runs each, results in bench/results/pull-<date>.txt
#   RUNS=9 OUT_DIR=/dev/shm/mldata-bench bench/pull-bench.sh
#
# Measures, in one run and interleaved so that machine noise hits every tool alike:
#   1. one 1 GiB file: curl, aria2c -x8, mldata pull (default: one connection, widened when slow),
#      mldata --connections 4
#   2. 200 files of 1 MiB: one `curl -K` process (keep-alive) vs `mldata pull @urls.txt`
#      (JVM start included)
#   3. resume: a 256 MiB pull killed with SIGKILL at ~30%, then run again; bytes nginx sent
#      (from its access log) divided by the file size
# Needs nginx, curl and aria2c (installed with apt-get when missing and running as root).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
RUNS=${RUNS:-5}
PARTS=${PARTS:-"1g many resume"}   # which measurements to run
PORT=${PORT:-18481}
WORK=${WORK:-$here/work}
OUT_DIR=${OUT_DIR:-$WORK/out}
mkdir -p "$WORK/www/many" "$WORK/logs" "$OUT_DIR" "$here/results"

for tool in nginx curl aria2c; do
  if ! command -v "$tool" >/dev/null; then
    [ "$(id -u)" = 0 ] || { echo "bench: $tool missing; install it (apt-get install nginx-light curl aria2)" >&2; exit 3; }
    apt-get update -q >/dev/null && apt-get install -y -q nginx-light curl aria2 >/dev/null
  fi
done
# The launcher builds the jar if needed and records its class-data-sharing archive once.
MLDATA="$root/mldata"
"$MLDATA" version >/dev/null
export MLDATA_HOME="$WORK/home"

[ -f "$WORK/www/1g.bin" ] || head -c $((1024 * 1024 * 1024)) /dev/urandom > "$WORK/www/1g.bin"
[ -f "$WORK/www/256m.bin" ] || head -c $((256 * 1024 * 1024)) /dev/urandom > "$WORK/www/256m.bin"
if [ ! -f "$WORK/www/many/f199.bin" ]; then
  for i in $(seq 0 199); do head -c $((1024 * 1024)) /dev/urandom > "$WORK/www/many/f$i.bin"; done
fi
base="http://127.0.0.1:$PORT"
: > "$WORK/urls.txt"; : > "$WORK/curl.cfg"
for i in $(seq 0 199); do
  echo "$base/many/f$i.bin" >> "$WORK/urls.txt"
  printf 'url = "%s/many/f%d.bin"\noutput = "%s/curlmany/f%d.bin"\n' "$base" "$i" "$OUT_DIR" "$i" >> "$WORK/curl.cfg"
done

cat > "$WORK/nginx.conf" <<CONF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log;
events { worker_connections 1024; }
http {
  log_format bytes '\$request_uri \$status \$body_bytes_sent';
  access_log $WORK/logs/access.log bytes;
  sendfile on; tcp_nopush on; keepalive_requests 100000;
  server { listen 127.0.0.1:$PORT; root $WORK/www; }
}
CONF
nginx -c "$WORK/nginx.conf"
trap 'nginx -c "$WORK/nginx.conf" -s stop 2>/dev/null || true' EXIT
sleep 0.3

now() { date +%s.%N; }
timed() {
  local s; s=$(now)
  "$@" >"$WORK/logs/last-run.log" 2>&1 || { echo "bench: FAILED: $* (see $WORK/logs/last-run.log)" >&2; exit 1; }
  echo "$(now) - $s" | bc
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
mbps() { echo "scale=1; $1 / 1000000 / $2" | bc; }
clean() { rm -rf "$OUT_DIR"/*; sync; }

declare -A T
tools=(curl aria2c mldata mldata_c4)
run_1g() {
  case $1 in
    curl) timed curl -sf -o "$OUT_DIR/c/1g.bin" --create-dirs "$base/1g.bin" ;;
    aria2c) timed aria2c -q -x8 -s8 -k20M --file-allocation=none -d "$OUT_DIR/a" -o 1g.bin "$base/1g.bin" ;;
    mldata) timed "$MLDATA" pull "$base/1g.bin" -o "$OUT_DIR/m" --no-cache ;;
    mldata_c4) timed "$MLDATA" pull "$base/1g.bin" -o "$OUT_DIR/m4" --no-cache --connections 4 ;;
  esac
}
{
  echo "mldata pull benchmark, $(date -u +%FT%TZ), $(nproc) cores, runs=$RUNS, output in $OUT_DIR"
  echo "(mldata runs through ./mldata, the launcher users run; JVM start-up is included)"
} | tee "$here/results/pull.txt"

if [[ $PARTS == *1g* ]]; then
for r in $(seq "$RUNS"); do
  for t in "${tools[@]}"; do clean; T[$t]+="$(run_1g "$t") "; done
done
size=$((1024 * 1024 * 1024))
{
  echo
  echo "1 GiB file from nginx on 127.0.0.1 (median of $RUNS; MB/s = 10^6 bytes/s, JVM start included)"
  for t in "${tools[@]}"; do
    m=$(echo "${T[$t]}" | tr ' ' '\n' | grep . | median)
    printf '  %-10s %6.2f s  %7s MB/s   runs: %s\n' "$t" "$m" "$(mbps $size "$m")" "${T[$t]}"
  done
} | tee -a "$here/results/pull.txt"
fi

if [[ $PARTS == *many* ]]; then
M1=""; M2=""
for r in $(seq "$RUNS"); do
  clean; M1+="$(timed curl -sf --create-dirs -K "$WORK/curl.cfg") "
  clean; M2+="$(timed "$MLDATA" pull "@$WORK/urls.txt" -o "$OUT_DIR/mm" --no-cache) "
done
c=$(echo "$M1" | tr ' ' '\n' | grep . | median); m=$(echo "$M2" | tr ' ' '\n' | grep . | median)
{
  echo
  echo "200 files of 1 MiB (median of $RUNS)"
  printf '  curl -K   %6.2f s  runs: %s\n' "$c" "$M1"
  printf '  mldata    %6.2f s  runs: %s\n' "$m" "$M2"
  printf '  mldata speed relative to curl -K: %.2fx (target >= 0.8)\n' "$(echo "$c / $m" | bc -l)"
} | tee -a "$here/results/pull.txt"
fi

if [[ $PARTS == *resume* ]]; then
# Resume after SIGKILL at ~30% of a 256 MiB file.
{
  echo
  echo "Resume: 256 MiB pull killed with SIGKILL at ~30%, then run again (bytes nginx sent / size)"
} | tee -a "$here/results/pull.txt"
rsize=$((256 * 1024 * 1024))
for conn in 1 4; do
  for r in $(seq "$RUNS"); do
    clean; : > "$WORK/logs/access.log"; nginx -c "$WORK/nginx.conf" -s reopen 2>/dev/null; sleep 0.2
    "$MLDATA" pull "$base/256m.bin" -o "$OUT_DIR/r" --no-cache --connections $conn >/dev/null 2>&1 &
    pid=$!
    part="$OUT_DIR/r/256m.bin.part"
    while kill -0 $pid 2>/dev/null; do
      if [ "$conn" = 1 ]; then have=$(stat -c %s "$part" 2>/dev/null || echo 0)
      else have=$(du -B1 "$part" 2>/dev/null | cut -f1 || echo 0); fi
      [ "${have:-0}" -ge $((rsize * 3 / 10)) ] && break
      sleep 0.005
    done
    kill -9 $pid 2>/dev/null || true; wait $pid 2>/dev/null || true
    at=$( (du -B1 "$part" 2>/dev/null || echo 0) | cut -f1)
    "$MLDATA" pull "$base/256m.bin" -o "$OUT_DIR/r" --no-cache --connections $conn >/dev/null 2>&1
    cmp -s "$OUT_DIR/r/256m.bin" "$WORK/www/256m.bin" || { echo "  RESUMED FILE DIFFERS" | tee -a "$here/results/pull.txt"; exit 1; }
    sleep 0.3
    sent=$(awk '$1=="/256m.bin" {s+=$3} END {print s+0}' "$WORK/logs/access.log")
    printf '  connections=%s  killed at %5.1f%%  sent/size = %.4f\n' "$conn" "$(echo "100 * $at / $rsize" | bc -l)" "$(echo "$sent / $rsize" | bc -l)" | tee -a "$here/results/pull.txt"
  done
done

# Resume after the network cuts the connection at 30%: the fake server from mldata-test-support
# (a real process on 127.0.0.1) drops the first response; mldata resumes in the same run.
{
  echo
  echo "Resume: 256 MiB pull whose connection is cut by the server at 30% (bytes sent / size)"
} | tee -a "$here/results/pull.txt"
(cd "$root" && ./mvnw -q -B -o -pl mldata-test-support -DskipTests -Dspotless.check.skip=true package 2>/dev/null \
  || ./mvnw -q -B -pl mldata-test-support -DskipTests -Dspotless.check.skip=true package)
for r in $(seq "$RUNS"); do
  clean
  java -Xmx1g -cp "$root/mldata-test-support/target/classes" dev.mldata.testsupport.FakeHttpServer \
    $((PORT + 1)) "$WORK/www/256m.bin" $((rsize * 3 / 10)) "$WORK/fake-sent" &
  fake=$!
  for _ in $(seq 100); do [ -s "$WORK/fake-sent" ] && break; sleep 0.1; done
  "$MLDATA" pull "http://127.0.0.1:$((PORT + 1))/256m.bin" -o "$OUT_DIR/d" --no-cache >/dev/null 2>&1
  sleep 0.3
  sent=$(cat "$WORK/fake-sent"); kill $fake; wait $fake 2>/dev/null || true; rm -f "$WORK/fake-sent"
  cmp -s "$OUT_DIR/d/256m.bin" "$WORK/www/256m.bin" || { echo "  RESUMED FILE DIFFERS" | tee -a "$here/results/pull.txt"; exit 1; }
  printf '  sent/size = %.4f\n' "$(echo "$sent / $rsize" | bc -l)" | tee -a "$here/results/pull.txt"
done
fi
echo "results: $here/results/pull.txt"
