"""sentencepiece 0.1.97's Python answers (Debian's python3-sentencepiece, the oracle) after
vocabulary restriction: set_vocabulary (the pieces of the first dev lines, or none),
load_vocabulary (a piece<TAB>frequency file, threshold 3) and reset_vocabulary, on the bundled
unigram_8k and bpe_8k and on ../shared's byte-fallback unigram model. Writes
tests/data/spm/vocabulary.<model>.jsonl.gz (run from the repository root with /usr/bin/python3).
"""
import collections
import gzip
import json
from pathlib import Path

import sentencepiece

SLICE = Path("tests/data/spm")
SHARED = Path("../shared")


def texts():
    dev = [json.loads(l)["text"] for l in gzip.open(SLICE / "unigram_8k.dev.jsonl.gz", "rt")]
    edge = [json.loads(l)["text"] for l in gzip.open(SLICE / "unigram_8k.edge.jsonl.gz", "rt")]
    return dev[:60], dev[60:90] + edge[:20] + ["Hello wörld 漢字 ok", "", "<0x41> ▁▁ x"]


def scenarios(model_file, seen_lines, workdir):
    """(name, how to restrict) for one model; the vocabulary comes from the seen lines."""
    sp = sentencepiece.SentencePieceProcessor(model_file=str(model_file))
    counts = collections.Counter(p for line in seen_lines for p in sp.encode(line, out_type=str))
    vocab_file = workdir / f"{model_file.stem}.vocab.tsv"
    vocab_file.write_text("".join(f"{p}\t{c}\n" for p, c in counts.most_common()))
    return [
        ("seen", lambda s: s.set_vocabulary(sorted(counts))),
        ("none", lambda s: s.set_vocabulary([])),
        ("file_threshold_3", lambda s: s.load_vocabulary(str(vocab_file), 3)),
        ("seen_then_reset", lambda s: (s.set_vocabulary(sorted(counts)), s.reset_vocabulary())),
    ], sorted(counts), counts


def records_for(model_file, out_name, workdir):
    seen_lines, probe = texts()
    cases, seen, counts = scenarios(model_file, seen_lines, workdir)
    out = []
    for name, restrict in cases:
        sp = sentencepiece.SentencePieceProcessor(model_file=str(model_file))
        restrict(sp)
        unused = [i for i in range(sp.get_piece_size()) if sp.is_unused(i)]
        results = []
        for text in probe:
            ids = sp.encode(text)
            r = dict(text=text, ids=ids, pieces=sp.encode(text, out_type=str), decoded=sp.decode(ids))
            if "unigram" in model_file.stem:
                r["nbest"] = sp.nbest_encode(text, nbest_size=3)
            results.append(r)
        out.append(dict(model=model_file.name, scenario=name, unused=unused, results=results))
    header = dict(seen=seen, frequencies={p: counts[p] for p in seen})
    with gzip.open(SLICE / out_name, "wt", encoding="utf-8") as f:
        f.write(json.dumps(header, ensure_ascii=False) + "\n")
        f.write("\n".join(json.dumps(r, ensure_ascii=False) for r in out) + "\n")
    print(out_name, len(out), "scenarios")


def main():
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for model in ("unigram_8k", "bpe_8k"):
            records_for(SLICE / f"{model}.model", f"vocabulary.{model}.jsonl.gz", work)
        records_for(SHARED / "vocab/spm/unigram_16k_bytefallback.model",
                    "vocabulary.unigram_16k_bytefallback.jsonl.gz", work)


if __name__ == "__main__":
    main()
