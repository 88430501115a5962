"""sentencepiece 0.1.97's proto answers (Debian's python3-sentencepiece, the oracle):
encode / nbest_encode / decode as serialized SentencePieceText bytes and as
ImmutableSentencePieceText (printed), with and without extra options, on unigram_8k and
bpe_8k (bundled) and unigram_16k_bytefallback (../shared, when present). Writes
tests/data/spm/protos.jsonl.gz (run from the repository root with /usr/bin/python3).
"""
import base64
import gzip
import json
from pathlib import Path

import sentencepiece

SLICE = Path("tests/data/spm")
SHARED = Path("../shared/vocab/spm")
TEXTS = ["Hello wörld 漢字 ok", "  two  spaces and 東京タワー then ASCII  ", "", " ", "漢", "a b c",
         "Ünïcödé ß ﬁ ① ™ 😀", "tab\there\nnewline", "ＡＢＣ　全角", "e\u0301 combining"]
ENCODE_EXTRAS = ["", "unk", "reverse:bos", "bos:eos:reverse:unk"]
DECODE_EXTRAS = ["", "reverse:unk:bos"]


def b64(data):
    return base64.b64encode(data).decode("ascii")


def decode_inputs(sp):
    """Lists to decode beyond the encodings: unknown strings, controls, bytes (valid and not)."""
    inputs = [["▁▁a", "▁", "b"], ["nope", "▁x", "<unk>"], [sp.bos_id(), 10, sp.eos_id()]
              if sp.bos_id() >= 0 and sp.eos_id() >= 0 else [10]]
    bytes_ids = [sp.piece_to_id(f"<0x{b:02X}>") for b in (0xE6, 0xBC, 0xA2, 0x41, 0xE6, 0xBC)]
    if all(sp.is_byte(i) for i in bytes_ids):
        inputs += [bytes_ids, [5] + bytes_ids[:3] + [7], bytes_ids[3:]]
    return inputs


def main():
    records = []
    models = [SLICE / "unigram_8k.model", SLICE / "bpe_8k.model",
              SHARED / "unigram_16k_bytefallback.model"]
    for path in models:
        if not path.exists():
            continue
        model = path.stem
        sp = sentencepiece.SentencePieceProcessor(model_file=str(path))
        for extra in ENCODE_EXTRAS:
            sp.set_encode_extra_options(extra)
            for text in TEXTS:
                records.append(dict(model=model, call="encode", encode_extra=extra, text=text,
                                    serialized=b64(sp.encode_as_serialized_proto(text)),
                                    immutable=str(sp.encode_as_immutable_proto(text))))
                if "unigram" in model and text:
                    records.append(dict(
                        model=model, call="nbest_encode", encode_extra=extra, text=text,
                        serialized=b64(sp.nbest_encode_as_serialized_proto(text, 3)),
                        immutable=str(sp.nbest_encode_as_immutable_proto(text, 3))))
        sp.set_encode_extra_options("")
        for extra in DECODE_EXTRAS:
            sp.set_decode_extra_options(extra)
            lists = [sp.encode(t) for t in TEXTS] + [sp.encode(t, out_type=str) for t in TEXTS]
            for items in lists + decode_inputs(sp):
                if not items:
                    continue
                records.append(dict(model=model, call="decode", decode_extra=extra, input=items,
                                    serialized=b64(sp.decode(items, out_type="serialized_proto")),
                                    immutable=str(sp.decode(items, out_type="immutable_proto"))))
        sp.set_decode_extra_options("")
    with gzip.open(SLICE / "protos.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    print(len(records), "records")


if __name__ == "__main__":
    main()
