HERE = os.path.dirname(os.path.abspath(__file__))
# Exported by mldata ${version}: every split and the file the loader reads by default.
FILES = {<#list files as split, file>"${split?j_string}": "${file?j_string}"<#sep>, </#list>}
DEFAULT_SPLIT = "${defaultSplit?j_string}"
NUMERIC_FEATURES = [<#list numeric as n>"${n?j_string}"<#sep>, </#list>]
<#list media>
MEDIA_FEATURES = {<#items as m>"${m.name?j_string}": "${m.kind}"<#sep>, </#items>}
<#else>
MEDIA_FEATURES = {}
</#list>
<#if skipped?has_content>
# Not turned into tensors (encode them first if you need them): <#list skipped as s>${s}<#sep>, </#list>
</#if>
LABEL = <#if hasLabel>"${label?j_string}"<#else>None</#if>
<#if categorical>
with open(os.path.join(HERE, "label_mapping.json"), encoding="utf-8") as _f:
    LABEL_IDS = json.load(_f)  # label value -> integer id
<#else>
LABEL_IDS = None
</#if>
MEDIA_ROOT = "${mediaRoot?j_string}"


def _default_path(path):
    if path is None:
        return os.path.join(HERE, FILES[DEFAULT_SPLIT])
    if not os.path.isabs(path) and not os.path.exists(path) and path in FILES:
        return os.path.join(HERE, FILES[path])
    return path


def read_rows(path):
    """Yields each row of an exported file as a dict (CSV, JSON Lines, JSON, Parquet)."""
    opener = gzip.open if path.endswith(".gz") else open
    if ".csv" in os.path.basename(path):
        with opener(path, "rt", encoding="utf-8", newline="") as f:
            yield from csv.DictReader(f)
    elif ".jsonl" in os.path.basename(path):
        with opener(path, "rt", encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    yield json.loads(line)
    elif ".json" in os.path.basename(path):
        with opener(path, "rt", encoding="utf-8") as f:
            yield from json.load(f)
    elif path.endswith(".parquet"):
        import pyarrow.parquet as pq  # pip install pyarrow

        for batch in pq.ParquetFile(path).iter_batches():
            yield from batch.to_pylist()
    else:
        raise ValueError(path + ": unsupported file type (use the .csv, .jsonl or .parquet export)")


def _number(value):
    if value is None or value == "":
        return float("nan")
    if value in ("true", "false"):
        return 1.0 if value == "true" else 0.0
    return float(value)


def _label(value):
<#if !hasLabel>
    return None
<#elseif categorical>
    return -1 if value is None or value == "" else LABEL_IDS[str(value) if not isinstance(value, bool) else str(value).lower()]
<#elseif regression>
    return _number(value)
<#else>
    return -1 if value is None or value == "" else int(float(value))
</#if>


def _media(kind, value, root):
    path = value if os.path.isabs(value) else os.path.join(root, value)
    if kind == "image":
        from PIL import Image  # Debian: python3-pil

        with Image.open(path) as im:
            return numpy.asarray(im.convert("RGB"))
    if path.endswith(".wav"):
        import wave

        with wave.open(path, "rb") as w:
            frames = w.readframes(w.getnframes())
            return numpy.frombuffer(frames, dtype="<i2").reshape(-1, w.getnchannels())
    return path  # other audio: decode with the library of your choice


def encode(row, media_root=MEDIA_ROOT):
    """(features, media, label) of one row: features a float32 vector in NUMERIC_FEATURES order."""
    features = numpy.array([_number(row[n]) for n in NUMERIC_FEATURES], dtype=numpy.float32)
    media = {n: _media(k, row[n], media_root) for n, k in MEDIA_FEATURES.items()}
    return features, media, (_label(row[LABEL]) if LABEL else None)
