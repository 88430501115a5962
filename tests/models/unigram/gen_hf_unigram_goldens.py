#!/usr/bin/python3
"""Goldens for HF's Unigram model (tokenizer.json "type": "Unigram"), made with the HF oracle.

Builds two tokenizer.json files from the reference SentencePiece models (pieces and float32
scores read with Debian's python3-sentencepiece): WhitespaceSplit pre-tokenizer, no
normalizer, Unigram model with unk_id 0; byte_fallback false for unigram_8k, true for
unigram_16k_bytefallback. Then runs HF tokenizers 0.22 (../shared/oracles/hf_encode.js) on
the first 300 dev lines, the edge lines under 2,000 bytes and a few hand-made lines (control
and byte pieces as text, unknown runs), keeping text, ids and byte offsets.

Run from the project root (needs ../shared and the oracles installed):
    /usr/bin/python3 tests/models/unigram/gen_hf_unigram_goldens.py
Writes tests/data/unigram/hf_<model>.tokenizer.json.gz and hf_<model>.golden.jsonl.gz.
"""
import gzip
import json
import os
import subprocess
import sys

import sentencepiece as spm

SHARED = os.path.join(os.getcwd(), "..", "shared")
OUT = os.path.join("tests", "data", "unigram")
EXTRA = [
    "<s> </s> <unk> <0x41> <0x0A>",
    "a<s>b <unk><unk> x</s>",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ꙮꙮ 𓀀𓀁 text𓀀𓀁end",
    "漢字かなカナ한국어 ⅷ ﬁ",
    "mixed\u0301 accents é é",
]


def read_lines(path, limit=None, max_bytes=None):
    texts = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            text = json.loads(line)["text"]
            if max_bytes is not None and len(text.encode("utf-8")) >= max_bytes:
                continue
            texts.append(text)
            if limit is not None and len(texts) == limit:
                break
    return texts


def tokenizer_json(model_path, byte_fallback):
    sp = spm.SentencePieceProcessor(model_file=model_path)
    vocab = [[sp.id_to_piece(i), sp.get_score(i)] for i in range(sp.get_piece_size())]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": [],
        "normalizer": None, "pre_tokenizer": {"type": "WhitespaceSplit"},
        "model": {"type": "Unigram", "unk_id": 0, "vocab": vocab, "byte_fallback": byte_fallback},
        "post_processor": None, "decoder": None,
    }


def main():
    texts = read_lines(os.path.join(SHARED, "corpus", "dev.jsonl"), limit=300)
    texts += read_lines(os.path.join(SHARED, "corpus", "edge.jsonl"), max_bytes=2000)
    texts += EXTRA
    oracle = os.path.join(SHARED, "oracles", "hf_encode.js")
    for name, byte_fallback in [("unigram_8k", False), ("unigram_16k_bytefallback", True)]:
        config = tokenizer_json(os.path.join(SHARED, "vocab", "spm", name + ".model"), byte_fallback)
        config_path = os.path.join(OUT, "hf_%s.tokenizer.json" % name)
        with open(config_path, "w", encoding="utf-8") as f:
            json.dump(config, f, ensure_ascii=False)
        result = subprocess.run(
            ["node", oracle, "--tokenizer", config_path, "--no-add-special-tokens", "--threads", "1",
             "--errors-as-records"],
            input="".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts),
            capture_output=True, text=True, check=True)
        lines = result.stdout.splitlines()
        assert len(lines) == len(texts), (len(lines), len(texts))
        with gzip.open(os.path.join(OUT, "hf_%s.golden.jsonl.gz" % name), "wt", encoding="utf-8") as out:
            for text, line in zip(texts, lines):
                r = json.loads(line)
                record = {"text": text}
                if "error" in r:
                    record["error"] = r["error"]
                else:
                    record["ids"] = r["ids"]
                    record["offsets"] = r["byte_offsets"]
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        with open(config_path, "rb") as f, gzip.open(config_path + ".gz", "wb") as g:
            g.write(f.read())
        os.remove(config_path)
        print(name, len(texts), "lines", file=sys.stderr)


if __name__ == "__main__":
    main()
