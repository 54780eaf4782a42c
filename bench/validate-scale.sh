#!/usr/bin/env bash
# Scale check of `mldata validate --checks files`: 100,000 small files (PNG, WAV and a few damaged
# ones) checked with a 64 MiB Java heap; the JSON report must list every file. Records wall time,
# files per second and peak RSS.
#
#   bench/validate-scale.sh      # FILES=100000; results in bench/results/validate-scale.txt
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
FILES=${FILES:-100000}
WORK="$here/work/validate-scale"
RESULTS="$here/results"
mkdir -p "$RESULTS"
"$root/mldata" version >/dev/null
if [ ! -f "$WORK/.count" ] || [ "$(cat "$WORK/.count")" != "$FILES" ]; then
  rm -rf "$WORK"; mkdir -p "$WORK/data"
  /usr/bin/python3 - "$WORK/data" "$FILES" <<'PY'
import os, struct, sys, zlib
root, n = sys.argv[1], int(sys.argv[2])
def png(w, h, seed):
    raw = b"".join(b"\0" + bytes(((x * 7 + y * 3 + seed) & 255) for x in range(w * 3)) for y in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
def wav(samples):
    data = b"".join(struct.pack("<h", (i * 37) % 2000 - 1000) for i in range(samples))
    return b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 16000, 2, 16) + b"data" + struct.pack("<I", len(data)) + data
images = [png(16, 16, s) for s in range(8)]
sounds = [wav(400 + s) for s in range(8)]
for i in range(n):
    d = os.path.join(root, "%03d" % (i // 1000))
    os.makedirs(d, exist_ok=True)
    if i % 2 == 0:
        b = images[i % 8]
        if i % 1000 == 0:
            b = b[: len(b) // 2]  # truncated
        open(os.path.join(d, "%06d.png" % i), "wb").write(b)
    else:
        open(os.path.join(d, "%06d.wav" % i), "wb").write(sounds[i % 8])
PY
  echo "$FILES" >"$WORK/.count"
fi
JAVA_TOOL_OPTIONS="-Xmx64m" /usr/bin/time -f "%M %e" -o "$WORK/time.txt" \
  "$root/mldata" validate "$WORK/data" --report "$WORK/report.json" >/dev/null 2>&1 || true
read -r rss wall < <(tail -1 "$WORK/time.txt")
listed=$(/usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(len(r['files']), r['summary']['corrupt'])" "$WORK/report.json")
{
  echo "validate scale: $FILES files, -Xmx64m: $wall s, $(echo "scale=0; $FILES / $wall" | bc) files/s, peak RSS $((rss / 1024)) MiB"
  echo "  report lists (files, corrupt): $listed   (expected $FILES, $((FILES / 1000)))"
} | tee "$RESULTS/validate-scale.txt"
# PIL's full decode on the same folder (it reads only the images: the PNG half).
t0=$(date +%s.%N)
pil=$(/usr/bin/python3 - "$WORK/data" <<'PY'
import os, sys
from PIL import Image
n = bad = 0
for d, _, files in os.walk(sys.argv[1]):
    for f in files:
        if f.endswith(".png"):
            n += 1
            try:
                with Image.open(os.path.join(d, f)) as im:
                    im.load()
            except Exception:
                bad += 1
print(n, bad)
PY
)
t1=$(date +%s.%N)
read -r pn pbad <<<"$pil"
ps=$(echo "$t1 - $t0" | bc)
{
  echo "  PIL Image.open().load() on the $pn PNGs: $ps s, $(echo "scale=0; $pn / $ps" | bc) files/s, $pbad flagged"
  echo "  mldata files/s / PIL files/s = $(echo "scale=2; ($FILES / $wall) / ($pn / $ps)" | bc)"
} | tee -a "$RESULTS/validate-scale.txt"
