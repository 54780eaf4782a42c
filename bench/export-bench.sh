#!/usr/bin/env bash
# Benchmarks `mldata export` (one read, three formats) against, in the same run:
#  - three separate DuckDB conversions COPY … FROM read_csv(…) to Parquet, CSV and JSONL
#    (bench/DuckCopy.java, one warm JVM: its start-up is not counted),
#  - Python pandas (Debian's python3-pandas) reading the CSV and writing CSV + JSONL,
# and the peak memory of the mldata process for a CSV several times larger than its Java heap.
#
#   bench/export-bench.sh            # ROWS=2000000 (about 100 MB); results in bench/results/export.txt
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
ROWS=${ROWS:-2000000}
RUNS=${RUNS:-3}
WORK="$here/work/export"
RESULTS="$here/results"
mkdir -p "$WORK" "$RESULTS"
py=/usr/bin/python3
[ -x "$py" ] || py=python3
"$root/mldata" version >/dev/null
jar="$root/mldata-cli/target/mldata.jar"

csv="$WORK/data.csv"
if [ ! -f "$csv" ] || [ "$(($(wc -l <"$csv") - 1))" != "$ROWS" ]; then
  "$py" - "$csv" "$ROWS" <<'PY'
import random, sys
path, rows = sys.argv[1], int(sys.argv[2])
r = random.Random(7)
labels = ["cat", "dog", "bird", "fish"]
with open(path, "w") as f:
    f.write("id,x1,x2,x3,name,day,label\n")
    for i in range(rows):
        f.write("%d,%.6f,%.4f,%d,item %d,2024-%02d-%02d,%s\n" % (
            i, r.random(), r.gauss(0, 100), r.randrange(1000), r.randrange(100000),
            1 + i % 12, 1 + i % 28, labels[r.randrange(4)]))
PY
fi
size=$(stat -c %s "$csv")
echo "input: $ROWS rows, $((size / 1000000)) MB, $(nproc) cores" | tee "$RESULTS/export.txt"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }

m=(); d=(); p=()
for i in $(seq "$RUNS"); do
  rm -rf "$WORK/m" "$WORK/d" "$WORK/p"; mkdir -p "$WORK/m" "$WORK/d" "$WORK/p"
  m+=("$(secs "$root/mldata" export "$csv" --formats parquet,csv,jsonl --output "$WORK/m")")
  d+=("$(java -cp "$jar" "$here/DuckCopy.java" "$csv" "$WORK/d" | awk '/total/ {print $3}')")
  p+=("$(secs "$py" -c "
import pandas as pd, sys
df = pd.read_csv('$csv')
df.to_csv('$WORK/p/data.csv', index=False)
df.to_json('$WORK/p/data.jsonl', orient='records', lines=True)
")")
done
mm=$(printf '%s\n' "${m[@]}" | median); dm=$(printf '%s\n' "${d[@]}" | median); pm=$(printf '%s\n' "${p[@]}" | median)
{
  echo "median of $RUNS runs (seconds):"
  echo "  mldata export parquet,csv,jsonl (whole process, JVM start included): $mm   runs: ${m[*]}"
  echo "  3 separate DuckDB COPY … FROM read_csv (warm JVM, start excluded):  $dm   runs: ${d[*]}"
  echo "  pandas read_csv + to_csv + to_json(lines) (CSV + JSONL only):       $pm   runs: ${p[*]}"
  echo "  mldata / DuckDB x3 = $(echo "scale=2; $mm / $dm" | bc)   (target <= 0.80)"
  echo "  mldata / pandas    = $(echo "scale=2; $mm / $pm" | bc)"
} | tee -a "$RESULTS/export.txt"

# Memory: a Java heap of 32 MiB for a CSV about three times larger; DuckDB keeps data off-heap and
# spills to disk past its own limit.
rm -rf "$WORK/mem"; mkdir -p "$WORK/mem"
JAVA_TOOL_OPTIONS="-Xmx32m" /usr/bin/time -f "%M %e" -o "$WORK/mem.txt" \
  "$root/mldata" export "$csv" --formats parquet,csv,jsonl --output "$WORK/mem" >/dev/null 2>&1
read -r rss wall <"$WORK/mem.txt"
echo "memory: -Xmx32m, $((size / 1000000)) MB CSV -> peak RSS $((rss / 1024)) MiB, $wall s, exit ok" \
  | tee -a "$RESULTS/export.txt"
