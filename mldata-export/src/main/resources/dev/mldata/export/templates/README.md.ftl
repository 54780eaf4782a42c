# ${dataset}

Exported by mldata ${version}: ${rows} rows<#if splits?size gt 1> in ${splits?size} splits (<#list splits as s>${s}<#sep>, </#list>)</#if>.

## Files

| Split | File the loader reads |
|---|---|
<#list files as split, file>
| ${split} | `${file}` |
</#list>

## Schema used by the loader

- Features (float32, in this order): <#list numeric as n>`${n}`<#sep>, </#list><#if !numeric?has_content>none</#if>
<#list media as m>
- `${m.name}`: ${m.kind} file paths, loaded from the files (relative to `${mediaRoot}`)
</#list>
<#if hasLabel>
- Label: `${label}`<#if categorical> (categorical: ${classes?size} classes mapped to integer ids in `label_mapping.json`)<#elseif regression> (numeric target, float32)<#else> (integer class ids)</#if>
<#else>
- No label column was found (pass `--label COLUMN`).
</#if>
<#if skipped?has_content>
- Not turned into tensors: <#list skipped as s>${s}<#sep>, </#list>
</#if>

## Load it (${framework})

```python
${snippet}```

Run `python3 ${module}.py` in this folder to print the first batch.

## Compatibility

<#if framework == "pytorch">
- Python 3.8+, PyTorch 1.13+ (Debian: `python3-torch`), NumPy; Pillow for image columns; pyarrow only to read the Parquet export.
<#elseif framework == "tensorflow">
- Python 3.8+, TensorFlow 2.4+ (`tf.data.Dataset.from_generator` with `output_signature`), NumPy; Pillow for image columns.
<#else>
- Python 3.8+, JAX 0.4+ and NumPy; the `.npz` archives load with NumPy alone.
</#if>
<#if large>
- **Memory:** this data is large. Use the streaming loader<#if framework == "pytorch"> (`IterableDataset` class)</#if> rather than loading everything into memory.
<#else>
- Memory: the map-style loader keeps one split's rows in memory; for very large data use the streaming variant.
</#if>
