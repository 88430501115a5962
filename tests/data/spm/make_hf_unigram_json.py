"""Writes tests/data/spm/unigram_8k.hf.tokenizer.json: unigram_8k.model in the shape Hugging
Face's SpmConverter gives a SentencePiece unigram model (Precompiled charsmap + collapse of
space runs, Metaspace pre-tokenizer and decoder, Unigram model, no post-processor); then runs
the HF oracle (../shared/oracles/hf_encode.js, TOKENMILL_ORACLES_DIR set as its README says) on
the bundled dev/edge slices:

    TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles /usr/bin/python3 tests/data/spm/make_hf_unigram_json.py

Outputs: hf.unigram_8k.<set>.jsonl.gz (ids, tokens, offsets, byte_offsets), hf_decode.unigram_8k.
<set>.jsonl.gz (text = decode of those ids), and for variants of the Metaspace settings
(prepend_scheme first / never, split false) hf_variant_<v>.unigram_8k.edge.jsonl.gz with ids,
tokens, byte_offsets and decoded; hf_variant_bytefallback_decoder.unigram_8k.edge.jsonl.gz: the
decoder chain Sequence[Replace ▁→" ", ByteFallback, Fuse, Strip] on ids with byte tokens (added
tokens 8000-8004: <0xE2> <0x98> <0x83> <0xFF> <0xC3>). Reads the .model with a minimal protobuf wire-format reader.
"""
import base64
import json
import gzip
import subprocess
import struct
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent


def fields(data):
    """(field number, wire type, value) of one serialized message."""
    pos = 0
    while pos < len(data):
        key, pos = varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = varint(data, pos)
        elif wire == 1:
            value, pos = data[pos:pos + 8], pos + 8
        elif wire == 2:
            length, pos = varint(data, pos)
            value, pos = data[pos:pos + length], pos + length
        elif wire == 5:
            value, pos = data[pos:pos + 4], pos + 4
        else:
            raise ValueError(f"wire type {wire}")
        yield number, wire, value


def varint(data, pos):
    result = shift = 0
    while True:
        b = data[pos]
        pos += 1
        result |= (b & 0x7F) << shift
        shift += 7
        if b < 0x80:
            return result, pos


def main():
    model = (HERE / "unigram_8k.model").read_bytes()
    pieces, charsmap = [], b""
    for number, _, value in fields(model):
        if number == 1:
            piece, score, kind = "", 0.0, 1
            for n, _, v in fields(value):
                if n == 1:
                    piece = v.decode("utf-8")
                elif n == 2:
                    score = struct.unpack("<f", v)[0]
                elif n == 3:
                    kind = v
            pieces.append((piece, score, kind))
        elif number == 3:
            for n, _, v in fields(value):
                if n == 2:
                    charsmap = v
    unk_id = next(i for i, p in enumerate(pieces) if p[2] == 2)
    added = [{"id": i, "content": p, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True}
             for i, (p, _, kind) in enumerate(pieces) if kind in (2, 3)]
    metaspace = {"type": "Metaspace", "replacement": "\u2581", "prepend_scheme": "always",
                 "split": True}
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Precompiled",
             "precompiled_charsmap": base64.b64encode(charsmap).decode("ascii")},
            {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]},
        "pre_tokenizer": metaspace, "post_processor": None, "decoder": metaspace,
        "model": {"type": "Unigram", "unk_id": unk_id,
                  "vocab": [[p, float(s)] for p, s, _ in pieces], "byte_fallback": False},
    }
    path = HERE / "unigram_8k.hf.tokenizer.json"
    path.write_text(json.dumps(tokenizer, ensure_ascii=False) + "\n", encoding="utf-8")
    for name in ("dev", "edge"):
        texts = read_texts(name)
        encoded = hf(path, [{"text": t} for t in texts])
        write_gz(HERE / f"hf.unigram_8k.{name}.jsonl.gz", encoded)
        decoded = hf(path, [{"ids": e["ids"]} for e in encoded], "--decode")
        write_gz(HERE / f"hf_decode.unigram_8k.{name}.jsonl.gz", [{"text": d["text"]} for d in decoded])
    for variant in ("first", "never", "nosplit"):
        changed = json.loads(json.dumps(tokenizer))
        for key in ("pre_tokenizer", "decoder"):
            if variant == "nosplit":
                changed[key]["split"] = False
            else:
                changed[key]["prepend_scheme"] = variant
        with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
            json.dump(changed, f, ensure_ascii=False)
            f.flush()
            encoded = hf(f.name, [{"text": t} for t in read_texts("edge")])
            decoded = hf(f.name, [{"ids": e["ids"]} for e in encoded], "--decode")
        write_gz(HERE / f"hf_variant_{variant}.unigram_8k.edge.jsonl.gz",
                 [{"ids": e["ids"], "tokens": e["tokens"], "byte_offsets": e["byte_offsets"],
                   "decoded": d["text"]} for e, d in zip(encoded, decoded)])

    # The LLaMA-style decoder chain, over byte tokens added as (non-special) added tokens;
    # decode only: each edge encoding with a ☃ as three byte tokens spliced in after its first
    # token, a lone invalid byte at the end and, every third line, a broken two-byte run.
    changed = json.loads(json.dumps(tokenizer))
    changed["decoder"] = {"type": "Sequence", "decoders": [
        {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "},
        {"type": "ByteFallback"}, {"type": "Fuse"},
        {"type": "Strip", "content": " ", "start": 1, "stop": 0}]}
    byte_tokens = ["<0xE2>", "<0x98>", "<0x83>", "<0xFF>", "<0xC3>"]
    for i, t in enumerate(byte_tokens):
        changed["added_tokens"].append({"id": 8000 + i, "content": t, "single_word": False,
                                        "lstrip": False, "rstrip": False, "normalized": False,
                                        "special": False})
    sequences = []
    for k, e in enumerate(hf(path, [{"text": t} for t in read_texts("edge")])):
        ids = e["ids"][:1] + [8000, 8001, 8002] + e["ids"][1:] + [8003]
        if k % 3 == 0:
            ids = [8004] + ids + [8000, 8004]
        sequences.append(ids)
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8") as f:
        json.dump(changed, f, ensure_ascii=False)
        f.flush()
        decoded = hf(f.name, [{"ids": ids} for ids in sequences], "--decode")
    write_gz(HERE / "hf_variant_bytefallback_decoder.unigram_8k.edge.jsonl.gz",
             [{"ids": ids, "decoded": d["text"]} for ids, d in zip(sequences, decoded)])


def read_texts(name):
    with gzip.open(HERE / f"unigram_8k.{name}.jsonl.gz", "rt", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f if line.strip()]


def hf(tokenizer_path, objects, *flags):
    script = HERE.parents[2].parent / "shared" / "oracles" / "hf_encode.js"
    out = subprocess.run(["node", str(script), "--tokenizer", str(tokenizer_path), *flags],
                         input="".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects),
                         capture_output=True, text=True, check=True).stdout
    return [json.loads(line) for line in out.split("\n") if line.strip()]


def write_gz(path, objects):
    with gzip.GzipFile(path, "wb", mtime=0) as f:
        f.write("".join(json.dumps(o, ensure_ascii=False) + "\n" for o in objects).encode("utf-8"))


if __name__ == "__main__":
    main()
