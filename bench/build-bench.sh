#!/usr/bin/env bash
# Benchmarks `mldata build` of a 1-million-row CSV (normalize + checks + stratified split +
# Parquet): total time, time of each step and peak memory; and, in the same run, the split step
# alone against pandas + scikit-learn's train_test_split (Debian python3-pandas, python3-sklearn)
# reading the same CSV and writing the three splits as CSV.
#
#   bench/build-bench.sh     # ROWS=1000000; results in bench/results/build.txt
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
ROWS=${ROWS:-1000000}
WORK="$here/work/build"
RESULTS="$here/results"
mkdir -p "$WORK" "$RESULTS"
py=/usr/bin/python3
"$root/mldata" version >/dev/null
csv="$WORK/data.csv"
if [ ! -f "$csv" ] || [ "$(($(wc -l <"$csv") - 1))" != "$ROWS" ]; then
  "$py" - "$csv" "$ROWS" <<'PY'
import random, sys
path, rows = sys.argv[1], int(sys.argv[2])
r = random.Random(3)
with open(path, "w") as f:
    f.write("id,x1,x2,x3,city,label\n")
    for i in range(rows):
        f.write("%d,%.6f,%.3f,%d,c%d,%s\n" % (i, r.random(), r.gauss(0, 10), r.randrange(100),
                r.randrange(50), "rare" if r.random() < 0.05 else "common"))
PY
fi
echo "build benchmark: $ROWS rows, $(($(stat -c %s "$csv") / 1000000)) MB CSV, $(nproc) cores" | tee "$RESULTS/build.txt"
rm -rf "$WORK/ds"
/usr/bin/time -f "%M %e" -o "$WORK/time.txt" "$root/mldata" build "$csv" --output "$WORK/ds" \
  --stratify label --split 0.8,0.1,0.1 --format parquet | tee -a "$RESULTS/build.txt"
read -r rss wall <"$WORK/time.txt"
echo "mldata build: $wall s wall, peak RSS $((rss / 1024)) MiB (JVM start included)" | tee -a "$RESULTS/build.txt"
# The split step alone, same job for both: read the CSV, stratified 80/10/10, write 3 CSV files.
rm -rf "$WORK/ms" "$WORK/ps"; mkdir -p "$WORK/ps"
t0=$(date +%s.%N)
"$root/mldata" split "$csv" 0.8,0.1,0.1 --stratify label --output "$WORK/ms" >/dev/null
t1=$(date +%s.%N)
"$py" - "$csv" "$WORK/ps" <<'PY'
import sys, pandas as pd
from sklearn.model_selection import train_test_split
df = pd.read_csv(sys.argv[1])
train, rest = train_test_split(df, test_size=0.2, random_state=42, stratify=df["label"])
val, test = train_test_split(rest, test_size=0.5, random_state=42, stratify=rest["label"])
for name, part in (("train", train), ("val", val), ("test", test)):
    part.to_csv(sys.argv[2] + "/" + name + ".csv", index=False)
PY
t2=$(date +%s.%N)
m=$(echo "$t1 - $t0" | bc); p=$(echo "$t2 - $t1" | bc)
{
  echo "split to CSV files: mldata split $m s (JVM start included), pandas + train_test_split $p s"
  echo "  mldata / pandas+sklearn = $(echo "scale=2; $m / $p" | bc)"
} | tee -a "$RESULTS/build.txt"
