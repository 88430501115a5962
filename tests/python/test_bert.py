"""tokenmill.bert from Python: reference cases (../shared/bert/reference.py outputs) through
numpy, losses, fill-mask, features with code-point offsets, pre-training data, errors."""
import base64
import gzip
import json

import numpy as np
import pytest

import tokenmill
import tokenmill.bert
from tokenmill.bert import BertModel
from conftest import REPO_ROOT, SHARED_DIR

DATA = REPO_ROOT / "tests" / "data" / "bert"
MICRO = DATA / "micro"
TOL = 1e-4


def models():
    out = [("micro", MICRO, MICRO / "reference.jsonl.gz")]
    for name in ("random-tiny", "random-odd"):
        d = SHARED_DIR / "bert" / name
        if (d / "model.safetensors").is_file():
            out.append((name, d, d / "reference.jsonl"))
    return out


def read_lines(path):
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt") as f:
        return [json.loads(l) for l in f if l.strip()]


def dec(a):
    return np.frombuffer(base64.b64decode(a["data"]), "<f4").reshape(a["shape"])


@pytest.fixture(scope="module")
def micro():
    return BertModel.from_pretrained(MICRO)


@pytest.mark.parametrize("name,model_dir,reference", models(), ids=[m[0] for m in models()])
def test_reference_cases_batched(name, model_dir, reference):
    model = BertModel.from_pretrained(model_dir)
    for case in read_lines(reference):
        out = model(np.array(case["input_ids"]), np.array(case["token_type_ids"]),
                    np.array(case["attention_mask"]), output_hidden_states="hidden_states" in case)
        assert out["last_hidden_state"].dtype == np.float32
        np.testing.assert_allclose(out["last_hidden_state"], dec(case["last_hidden_state"]), rtol=0, atol=TOL)
        np.testing.assert_allclose(out["pooler_output"], dec(case["pooler_output"]), rtol=0, atol=TOL)
        np.testing.assert_allclose(out["nsp_logits"], np.array(case["nsp_logits"]), rtol=0, atol=TOL)
        if "hidden_states" in case:
            for got, want in zip(out["hidden_states"], case["hidden_states"]):
                np.testing.assert_allclose(got, dec(want), rtol=0, atol=TOL)
        for m in case["mlm"]:
            row = out["mlm_logits"][m["batch"], m["position"]].astype(np.float64)
            np.testing.assert_allclose(row[m["top_ids"]], m["top_logits"], rtol=0, atol=TOL)
            lse = row.max() + np.log(np.exp(row - row.max()).sum())
            assert abs(lse - m["logsumexp"]) <= TOL
            if m["top_margin_min"] > 2e-4:
                assert list(np.argsort(-row, kind="stable")[:5]) == m["top_ids"]


def test_shared_models_or_say_so():
    if len(models()) == 1:
        pytest.skip("../shared/bert (random-tiny, random-odd) absent: only the bundled micro model ran")


def test_losses_match_reference_py(micro):
    for case in read_lines(DATA / "losses.jsonl"):
        if case["model"] != "micro":
            continue
        out = micro(np.array(case["input_ids"]), np.array(case["token_type_ids"]),
                    np.array(case["attention_mask"]), labels=np.array(case["mlm_labels"]),
                    next_sentence_label=np.array(case["nsp_labels"]))
        assert abs(out["mlm_loss"] - case["mlm_loss"]) < TOL
        assert abs(out["nsp_loss"] - case["nsp_loss"]) < TOL
        assert abs(out["loss"] - case["total_loss"]) < 2 * TOL


def test_fill_mask_matches_the_reference_top5(micro):
    (case,) = [c for c in read_lines(MICRO / "reference.jsonl.gz") if c["name"] == "mlm_capital_france"]
    top = micro.fill_mask("the capital of france is [MASK].", top_k=5)
    assert [t["token"] for t in top] == case["mlm"][0]["top_ids"]
    assert all(isinstance(t["token_str"], str) for t in top)
    assert sorted((t["score"] for t in top), reverse=True) == [t["score"] for t in top]
    two = micro.fill_mask("a [MASK] and a [MASK].", top_k=3)
    assert len(two) == 2 and all(len(t) == 3 for t in two)
    with pytest.raises(ValueError, match="no \\[MASK\\] token"):
        micro.fill_mask("nothing to fill")


def test_extract_features_with_code_point_offsets(micro):
    text = "Ünïcode and more"
    (f,) = micro.extract_features([text], layers=[-1, 0])
    assert f["features"].shape == (2, len(f["tokens"]), 64)
    assert f["layers"] == [2, 0]
    for tok, (s, e) in zip(f["tokens"], f["offsets"]):
        if tok not in ("[CLS]", "[SEP]"):
            assert e > s and text[s:e]  # code points into the str
    full = micro(np.array([f["ids"]]), output_hidden_states=True)
    np.testing.assert_allclose(f["features"][0], full["last_hidden_state"][0], atol=1e-6)
    np.testing.assert_allclose(f["features"][1], full["hidden_states"][0][0], atol=1e-6)
    with pytest.raises(ValueError, match="layer 7 does not exist"):
        micro.extract_features(["x"], layers=[7])
    # Longer texts are cut to the model's 512 positions (the model folder's tokenizer).
    (long,) = micro.extract_features(["word " * 600])
    assert long["features"].shape == (1, 512, 64) and long["tokens"][-1] == "[SEP]"


def test_pretraining_data_identical_to_the_script():
    tok = tokenmill.Tokenizer.from_bert_vocab(REPO_ROOT / "vocab" / "bert-base-uncased" / "vocab.txt")
    golden = read_lines(DATA / "pretraining_golden.jsonl.gz")[0]
    o = golden["options"]
    text = (DATA / "pretraining_corpus.txt").read_text()
    arrays = tokenmill.bert.create_pretraining_data(
        text, tok, max_seq_length=o["max_seq_length"], max_predictions_per_seq=o["max_predictions_per_seq"],
        masked_lm_prob=o["masked_lm_prob"], short_seq_prob=o["short_seq_prob"], dupe_factor=o["dupe_factor"],
        do_whole_word_mask=o["do_whole_word_mask"], seed=o["seed"])
    for key in ("input_ids", "input_mask", "segment_ids", "masked_lm_positions", "masked_lm_ids",
                "masked_lm_weights"):
        np.testing.assert_array_equal(arrays[key], np.array([r[key] for r in golden["instances"]]), err_msg=key)
    np.testing.assert_array_equal(arrays["next_sentence_labels"],
                                  [r["next_sentence_labels"] for r in golden["instances"]])


def test_errors(micro, tmp_path):
    with pytest.raises(ValueError, match="outside the vocabulary"):
        micro(np.array([[101, 2000, 102]]))
    with pytest.raises(ValueError, match="exceeds max_position_embeddings"):
        micro(np.full((1, 513), 1000))
    with pytest.raises(ValueError, match="out of range"):
        micro(np.array([[101, 2**40, 102]]))
    with pytest.raises(ValueError, match="attention_mask has shape"):
        micro(np.array([[101, 102]]), None, np.array([[1, 1, 1]]))
    with pytest.raises(FileNotFoundError):
        BertModel.from_pretrained(tmp_path / "missing")
    (tmp_path / "config.json").write_text((MICRO / "config.json").read_text())
    (tmp_path / "model.safetensors").write_bytes((MICRO / "model.safetensors").read_bytes()[:1000])
    with pytest.raises(ValueError, match="truncated"):
        BertModel.from_pretrained(tmp_path)


def test_threads_and_kernels():
    before = tokenmill.bert.get_num_threads()
    tokenmill.bert.set_num_threads(1)
    assert tokenmill.bert.get_num_threads() == 1
    tokenmill.bert.set_num_threads(before)
    assert tokenmill.bert.kernels() in ("avx512", "avx2", "generic")


def test_from_pretrained_takes_a_model_id_in_the_local_hub_cache(tmp_path, monkeypatch):
    """A Hub model id resolves to its snapshot in the local Hugging Face cache (refs/<revision>
    → snapshots/<commit>/), as transformers' from_pretrained does offline; nothing is downloaded."""
    repo = tmp_path / "models--tests--micro-bert"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text("0123abcd")
    snapshot = repo / "snapshots" / "0123abcd"
    snapshot.mkdir(parents=True)
    for f in MICRO.iterdir():
        (snapshot / f.name).write_bytes(f.read_bytes())
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path))
    cached = BertModel.from_pretrained("tests/micro-bert")
    local = BertModel.from_pretrained(MICRO)
    ids = np.array([[2, 5, 6, 3]], dtype=np.int64)
    np.testing.assert_array_equal(cached(ids)["last_hidden_state"], local(ids)["last_hidden_state"])
    assert BertModel.from_pretrained("tests/micro-bert", revision="0123abcd").config == local.config
    with pytest.raises(FileNotFoundError, match="nor a model in the local Hugging Face cache"):
        BertModel.from_pretrained("tests/other-bert")
