#!/usr/bin/env python3
"""Regenerates the BERT test data in this folder from ../shared/bert (needs Debian's
python3-torch and python3-numpy; the tests themselves never run torch).

  /usr/bin/python3 tests/data/bert/make_test_data.py [--shared ../shared/bert]

Writes
  micro/             a fixed-seed random BERT small enough to commit (vocab: the first 2000 lines of
                     bert-base-uncased's vocab.txt; 2 layers, hidden 64, 4 heads of 16, intermediate
                     192), made with make_random.py's recipe, and micro/reference.jsonl.gz, the
                     reference cases of make_reference_jsonl.py computed by reference.py in float64.
  losses.jsonl       MLM and NSP losses (HF BertForPreTraining: mean cross-entropy, ignore index -100)
                     computed by reference.py in float64 for micro, random-tiny and random-odd, on
                     inputs with seeded random labels.
"""
import argparse
import gzip
import json
import os
import sys

import numpy as np


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(here, "..", "..", "..", "..", "shared", "bert"))
    a = ap.parse_args()
    sys.path.insert(0, os.path.abspath(a.shared))
    import torch
    import torch.nn.functional as F
    from make_random import make_config, random_bert_weights
    from make_reference_jsonl import build_cases, mlm_records
    from reference import BertReference, enc_array, load_vocab, save_safetensors

    micro = os.path.join(here, "micro")
    os.makedirs(micro, exist_ok=True)
    with open(os.path.join(a.shared, "random-tiny", "vocab.txt"), encoding="utf-8") as f:
        lines = f.readlines()[:2000]
    with open(os.path.join(micro, "vocab.txt"), "w", encoding="utf-8") as f:
        f.writelines(lines)
    cfg = make_config(2, 64, 4, 192, vocab_size=len(lines))
    w = random_bert_weights(cfg, 2024)
    save_safetensors(os.path.join(micro, "model.safetensors"), w,
                     {"format": "pt", "generator": "make_random.py recipe", "seed": 2024})
    with open(os.path.join(micro, "config.json"), "w") as f:
        json.dump(cfg, f, indent=2)
        f.write("\n")

    vocab = load_vocab(os.path.join(micro, "vocab.txt"))
    m64 = BertReference.from_dir(micro, torch.float64)
    with gzip.GzipFile(os.path.join(micro, "reference.jsonl.gz"), "wb", mtime=0) as gz:
        for case in build_cases(vocab, 7):
            full = case.pop("_full_logits", False)
            # vocab_extremes names ids of the full vocabulary (29611): keep them inside this one
            case["input_ids"] = [[i if i < len(vocab) else len(vocab) - 2 for i in row] for row in case["input_ids"]]
            want_hs = case["name"] in ("len2_cls_sep", "mlm_capital_france", "pair_is_next", "batch4_right_padded")
            o = m64.forward(case["input_ids"], case["token_type_ids"], case["attention_mask"], want_hidden_states=want_hs)
            case["batch"], case["seq_len"] = len(case["input_ids"]), len(case["input_ids"][0])
            case["last_hidden_state"] = enc_array(o["last_hidden_state"].numpy())
            case["pooler_output"] = enc_array(o["pooler_output"].numpy())
            case["nsp_logits"] = o["nsp_logits"].tolist()
            case["mlm"] = mlm_records(case, o["mlm_logits"], full)
            if want_hs:
                case["embedding_output"] = enc_array(o["embedding_output"].numpy())
                case["hidden_states"] = [enc_array(h.numpy()) for h in o["hidden_states"]]
            gz.write((json.dumps(case, separators=(",", ":")) + "\n").encode())

    # losses: seeded inputs and labels, per model
    rng = np.random.default_rng(99)
    with open(os.path.join(here, "losses.jsonl"), "w") as out:
        for name, model_dir in (("micro", micro), ("random-tiny", os.path.join(a.shared, "random-tiny")),
                                ("random-odd", os.path.join(a.shared, "random-odd"))):
            model = BertReference.from_dir(model_dir, torch.float64)
            V = model.cfg["vocab_size"]
            for B, L, lengths in ((1, 12, [12]), (3, 20, [20, 9, 14]), (2, 64, [64, 40])):
                ids = rng.integers(999, V, size=(B, L))
                ids[:, 0] = 101
                tt = np.zeros((B, L), dtype=np.int64)
                am = np.zeros((B, L), dtype=np.int64)
                labels = np.full((B, L), -100, dtype=np.int64)
                for b, n in enumerate(lengths):
                    am[b, :n] = 1
                    ids[b, n - 1] = 102
                    ids[b, n:] = 0
                    tt[b, n // 2:n] = 1
                    for p in rng.choice(np.arange(1, n - 1), size=max(1, (n - 2) // 6), replace=False):
                        labels[b, p] = ids[b, p]
                        ids[b, p] = 103
                nsp_labels = rng.integers(0, 2, size=B)
                o = model.forward(ids.tolist(), tt.tolist(), am.tolist())
                mlm = F.cross_entropy(o["mlm_logits"].reshape(-1, V), torch.tensor(labels).reshape(-1), ignore_index=-100)
                nsp = F.cross_entropy(o["nsp_logits"], torch.tensor(nsp_labels))
                out.write(json.dumps({
                    "model": name, "input_ids": ids.tolist(), "token_type_ids": tt.tolist(),
                    "attention_mask": am.tolist(), "mlm_labels": labels.tolist(),
                    "nsp_labels": nsp_labels.tolist(), "mlm_loss": float(mlm), "nsp_loss": float(nsp),
                    "total_loss": float(mlm + nsp)}) + "\n")
    print("wrote", micro, "and losses.jsonl")


if __name__ == "__main__":
    main()
