#!/usr/bin/env bash
# Benchmarks `mldata validate --checks files` against the tools people use, in one run, on one
# corpus: PIL (Image.open(p).load()), ffmpeg -v error, ImageMagick identify -regard-warnings,
# flac -t, pngcheck, jpeginfo -c and mp3val.
#
#   bench/validate-bench.sh          # N=400 base files; results in bench/results/validate.txt
#
# The corpus (bench/ValidateCorpus.java) is a mixed folder of small valid images and audio plus
# damaged copies (cut at 50/90/99.5 %, zero-filled tail, 48-byte garbage burst, empty, HTML page).
# Reported: detection rate per damage kind for each tool, for the union of the peers and for
# mldata; false positives on the valid files; files per second on the valid folder (whole
# process, JVM start included) for PIL and mldata.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
N=${N:-400}
PY=${PY:-/usr/bin/python3}   # Debian's python, where python3-pil installs
WORK=${WORK:-$here/work/validate}
mkdir -p "$WORK" "$here/results"
need=(python3-pil imagemagick pngcheck jpeginfo mp3val ffmpeg flac lame vorbis-tools)
missing=()
for p in "${need[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || { echo "bench: install ${missing[*]}" >&2; exit 3; }
  apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi
"$root/mldata" version >/dev/null
rm -rf "$WORK/corpus" "$WORK/flags"
java "$here/ValidateCorpus.java" "$WORK/corpus" "$N"
mkdir -p "$WORK/flags"
C="$WORK/corpus"

flag() { echo "$2" >> "$WORK/flags/$1"; }
for set in valid damaged; do
  for f in "$C/$set"/*; do
    name="$set/$(basename "$f")"
    ext="${f##*.}"
    case $ext in
      png|jpg|gif|bmp)
        identify -regard-warnings "$f" >/dev/null 2>&1 || flag identify "$name" ;;
    esac
    if ! out=$(ffmpeg -nostdin -v error -i "$f" -f null - 2>&1) || [ -n "$out" ]; then flag ffmpeg "$name"; fi
    case $ext in
      flac) flac -s -t "$f" >/dev/null 2>&1 || flag flac "$name" ;;
      png) pngcheck -q "$f" >/dev/null 2>&1 || flag pngcheck "$name" ;;
      jpg) out=$(jpeginfo -c "$f" 2>&1) && ! grep -qE "WARNING|ERROR" <<<"$out" || flag jpeginfo "$name" ;;
      mp3) out=$(mp3val "$f" 2>&1) && ! grep -E "WARNING|ERROR" <<<"$out" | grep -qv "No supported tags" \
             || flag mp3val "$name" ;;
    esac
  done
done

"$PY" - "$C" "$WORK/flags/pil" <<'PY'
import os, sys
from PIL import Image
root, out = sys.argv[1], sys.argv[2]
with open(out, "w") as flags:
    for s in ("valid", "damaged"):
        for name in sorted(os.listdir(os.path.join(root, s))):
            if name.rsplit(".", 1)[-1] in ("png", "jpg", "gif", "bmp"):
                try:
                    with Image.open(os.path.join(root, s, name)) as im:
                        im.load()
                except Exception:
                    flags.write(f"{s}/{name}\n")
PY

for s in valid damaged; do
  "$root/mldata" validate "$C/$s" --report "$WORK/mldata-$s.json" >/dev/null || true
done
"$PY" - "$WORK" <<'PY'
import json, sys
w = sys.argv[1]
with open(f"{w}/flags/mldata", "w") as f:
    for s in ("valid", "damaged"):
        for e in json.load(open(f"{w}/mldata-{s}.json"))["files"]:
            if e["status"] in ("corrupt", "mislabelled"):
                f.write(f"{s}/{e['path']}\n")
PY

# Speed on the valid mixed folder: PIL's full decode of the images vs mldata on everything.
pil_start=$(date +%s.%N)
"$PY" - "$C/valid" <<'PY'
import os, sys
from PIL import Image
d = sys.argv[1]
for n in sorted(os.listdir(d)):
    if n.rsplit(".", 1)[-1] in ("png", "jpg", "gif", "bmp"):
        with Image.open(os.path.join(d, n)) as im:
            im.load()
PY
pil_end=$(date +%s.%N)
m_start=$(date +%s.%N)
"$root/mldata" validate "$C/valid" >/dev/null
m_end=$(date +%s.%N)

"$PY" - "$C" "$WORK/flags" "$pil_start" "$pil_end" "$m_start" "$m_end" <<'PY' | tee "$(dirname "$0")/results/validate.txt"
import os, sys, collections
root, flags_dir = sys.argv[1], sys.argv[2]
pil_s, pil_e, m_s, m_e = map(float, sys.argv[3:7])
valid = sorted(os.listdir(os.path.join(root, "valid")))
damaged = sorted(os.listdir(os.path.join(root, "damaged")))
kinds = collections.defaultdict(list)
for n in damaged:
    kinds[n.split("__")[0]].append("damaged/" + n)
tools = ["pil", "ffmpeg", "identify", "flac", "pngcheck", "jpeginfo", "mp3val", "mldata"]
flags = {}
for t in tools:
    p = os.path.join(flags_dir, t)
    flags[t] = set(open(p).read().split()) if os.path.exists(p) else set()
peers = set().union(*(flags[t] for t in tools if t != "mldata"))
flags["union of peers"] = peers
print(f"validate benchmark: {len(valid)} valid files, {len(damaged)} damaged copies")
print()
print("detected damaged files per kind (and false positives on the valid files)")
header = f"{'tool':16}" + "".join(f"{k:>10}" for k in sorted(kinds)) + f"{'all':>10}{'false+':>8}"
print(header)
for t in tools[:-1] + ["union of peers", "mldata"]:
    row = f"{t:16}"
    for k in sorted(kinds):
        row += f"{len(flags[t] & set(kinds[k])):>6}/{len(kinds[k]):<3}"
    alld = sum(1 for n in damaged if "damaged/" + n in flags[t])
    fp = sum(1 for n in valid if "valid/" + n in flags[t])
    row += f"{alld:>6}/{len(damaged):<3} {fp:>6}"
    print(row)
only_m = sorted(x for x in flags["mldata"] if x.startswith("damaged/") and x not in peers)
only_p = sorted(x for x in peers if x.startswith("damaged/") and x not in flags["mldata"])
print()
print(f"found by mldata and by no peer: {len(only_m)}; found by a peer and not by mldata: {len(only_p)}")
for x in only_p[:20]:
    print("   missed by mldata:", x)
images = sum(1 for n in valid if n.rsplit(".", 1)[-1] in ("png", "jpg", "gif", "bmp"))
pil_rate = images / (pil_e - pil_s)
m_rate = len(valid) / (m_e - m_s)
print()
print(f"speed on the valid folder: PIL full decode {images} images in {pil_e - pil_s:.2f} s = {pil_rate:.0f} files/s;"
      f" mldata {len(valid)} files in {m_e - m_s:.2f} s = {m_rate:.0f} files/s ({m_rate / pil_rate:.2f}x PIL)")
PY
