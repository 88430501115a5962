"""sentencepiece 0.1.97's Python answers (Debian's python3-sentencepiece, the oracle) for the
list rewrites around segmenting: encode's reverse / emit_unk_piece / add_bos / add_eos and
set_encode_extra_options / set_decode_extra_options, on unigram_8k and bpe_8k. Writes
tests/data/spm/extra_options.jsonl.gz (run from the repository root with /usr/bin/python3).
"""
import gzip
import itertools
import json
from pathlib import Path

import sentencepiece

SLICE = Path("tests/data/spm")
TEXTS = ["Hello wörld 漢字 ok", "  two  spaces and 東京タワー then ASCII  ", "", "漢", "a b c",
         "Ünïcödé ß ﬁ ① ™ 😀", "tab\there\nnewline"]
ENCODE_EXTRAS = ["", "bos", "eos", "reverse", "unk", "unk_piece", "bos:eos", "reverse:bos",
                 "bos:eos:reverse:unk", "unk:reverse:eos"]
DECODE_EXTRAS = ["", "reverse", "bos:eos", "unk", "reverse:unk:bos"]


def main():
    records = []
    for model in ("unigram_8k", "bpe_8k"):
        sp = sentencepiece.SentencePieceProcessor(model_file=str(SLICE / f"{model}.model"))
        for extra in ENCODE_EXTRAS:
            sp.set_encode_extra_options(extra)
            for text in TEXTS:
                for out_type, reverse, emit_unk, bos, eos in itertools.product(
                        ("int", "str"), (False, True), (False, True), (False, True), (False, True)):
                    kwargs = dict(reverse=reverse, emit_unk_piece=emit_unk, add_bos=bos, add_eos=eos)
                    got = sp.encode(text, out_type=int if out_type == "int" else str, **kwargs)
                    records.append(dict(model=model, call="encode", encode_extra=extra, text=text,
                                        out_type=out_type, kwargs=kwargs, result=got))
                if model == "unigram_8k":
                    kwargs = dict(reverse=True, emit_unk_piece=True, add_bos=True)
                    got = sp.nbest_encode(text, out_type=str, nbest_size=2, **kwargs)
                    records.append(dict(model=model, call="nbest_encode", encode_extra=extra,
                                        text=text, out_type="str", kwargs=kwargs, result=got))
        sp.set_encode_extra_options("")
        for extra in DECODE_EXTRAS:
            sp.set_decode_extra_options(extra)
            for text in TEXTS:
                for out_type in ("int", "str"):
                    encoded = sp.encode(text, out_type=int if out_type == "int" else str)
                    records.append(dict(model=model, call="decode", decode_extra=extra, text=text,
                                        input=encoded, result=sp.decode(encoded)))
        sp.set_decode_extra_options("")
    with gzip.open(SLICE / "extra_options.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    print(len(records), "records")


if __name__ == "__main__":
    main()
