#!/usr/bin/env python3
"""Golden output of google-research/bert's create_pretraining_data.py for the pretraining-data
tests (the tests never run it).

  /usr/bin/python3 tests/data/bert/make_pretraining_golden.py --bert-git /work/.mirror/google-research+bert/repo

Reads create_pretraining_data.py and tokenization.py from a clone of google-research/bert
(commit eedf571 was used) with a stand-in for the few TensorFlow calls they make (flags, gfile,
logging), builds pretraining_corpus.txt from the ASCII lines of vocab/sample.txt (one sentence
per line, blank lines between documents of four source lines) and writes
pretraining_golden.jsonl.gz: per configuration, the options and every instance's features as the
script writes them (input_ids, input_mask, segment_ids, masked_lm_positions, masked_lm_ids,
masked_lm_weights, next_sentence_labels), in the script's order.
"""
import argparse
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile
import types


def fake_tensorflow():
    tf = types.ModuleType("tensorflow")

    class Flags:
        pass

    FLAGS = Flags()

    def define(name, default, *args, **kwargs):
        setattr(FLAGS, name, default)

    tf.flags = types.SimpleNamespace(FLAGS=FLAGS, DEFINE_string=define, DEFINE_integer=define,
                                     DEFINE_float=define, DEFINE_bool=define, DEFINE_boolean=define,
                                     mark_flag_as_required=lambda *a: None)
    tf.gfile = types.SimpleNamespace(GFile=open, Glob=lambda p: [p])
    tf.logging = types.SimpleNamespace(info=lambda *a, **k: None, set_verbosity=lambda *a: None, INFO=0)
    return tf


def make_corpus(sample_path, out_path):
    lines = [l for l in open(sample_path, encoding="utf-8").read().split("\n") if l.isascii() and len(l) > 60]
    docs = [lines[i:i + 4] for i in range(0, min(len(lines), 160), 4)]
    with open(out_path, "w", encoding="utf-8") as f:
        for d in docs:
            for line in d:
                for sentence in re.split(r"(?<=[.!?])\s+", line.strip()):
                    if sentence:
                        f.write(sentence + "\n")
            f.write("\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.abspath(os.path.join(here, "..", "..", ".."))
    ap = argparse.ArgumentParser()
    ap.add_argument("--bert-git", required=True, help="git dir of google-research/bert")
    a = ap.parse_args()
    src = tempfile.mkdtemp()
    for name in ("create_pretraining_data.py", "tokenization.py"):
        text = subprocess.run(["git", "--git-dir", a.bert_git, "show", "HEAD:" + name], check=True,
                              capture_output=True, text=True).stdout
        open(os.path.join(src, name), "w").write(text)
    sys.modules["tensorflow"] = fake_tensorflow()
    sys.path.insert(0, src)
    import random
    import create_pretraining_data as cpd
    import tokenization

    corpus = os.path.join(here, "pretraining_corpus.txt")
    make_corpus(os.path.join(root, "vocab", "sample.txt"), corpus)
    tokenizer = tokenization.FullTokenizer(vocab_file=os.path.join(root, "vocab", "bert-base-uncased", "vocab.txt"),
                                           do_lower_case=True)
    configs = [
        dict(max_seq_length=64, max_predictions_per_seq=10, masked_lm_prob=0.15, short_seq_prob=0.1,
             dupe_factor=3, do_whole_word_mask=False, seed=12345),
        dict(max_seq_length=128, max_predictions_per_seq=20, masked_lm_prob=0.15, short_seq_prob=0.1,
             dupe_factor=2, do_whole_word_mask=True, seed=7),
    ]
    with gzip.GzipFile(os.path.join(here, "pretraining_golden.jsonl.gz"), "wb", mtime=0) as out:
        for c in configs:
            cpd.FLAGS.do_whole_word_mask = c["do_whole_word_mask"]
            rng = random.Random(c["seed"])
            instances = cpd.create_training_instances([corpus], tokenizer, c["max_seq_length"], c["dupe_factor"],
                                                      c["short_seq_prob"], c["masked_lm_prob"],
                                                      c["max_predictions_per_seq"], rng)
            rows = []
            for inst in instances:
                ids = tokenizer.convert_tokens_to_ids(inst.tokens)
                pad = c["max_seq_length"] - len(ids)
                pos = list(inst.masked_lm_positions)
                lab = tokenizer.convert_tokens_to_ids(inst.masked_lm_labels)
                mpad = c["max_predictions_per_seq"] - len(pos)
                rows.append({"input_ids": ids + [0] * pad, "input_mask": [1] * len(ids) + [0] * pad,
                             "segment_ids": list(inst.segment_ids) + [0] * pad,
                             "masked_lm_positions": pos + [0] * mpad, "masked_lm_ids": lab + [0] * mpad,
                             "masked_lm_weights": [1.0] * len(pos) + [0.0] * mpad,
                             "next_sentence_labels": 1 if inst.is_random_next else 0})
            out.write((json.dumps({"options": c, "instances": rows}) + "\n").encode())
            print(c, len(rows), "instances")


if __name__ == "__main__":
    main()
