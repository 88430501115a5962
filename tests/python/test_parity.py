"""Parity with HF tokenizers 0.22 (Python package view: code-point offsets) on the goldens."""
import pytest
import tokenmill

from conftest import TEST_DATA, byte_to_char_offsets, read_json_lines

FIELDS = ("ids", "tokens", "type_ids", "special_tokens_mask", "word_ids")


def assert_matches_golden(encoding, golden, where):
    for field in FIELDS:
        assert getattr(encoding, field) == golden[field], f"{where}: {field} differs from HF"
    offsets = [list(o) for o in encoding.offsets]
    assert offsets == golden["char_offsets"], f"{where}: code-point offsets differ from HF"


def test_bundled_slice_matches_hf_bert_base_uncased(bert, bundled_texts):
    goldens = read_json_lines(TEST_DATA / "golden" / "hf.bert-base-uncased.dev.jsonl.gz")
    assert len(goldens) == len(bundled_texts)
    for i, (text, golden) in enumerate(zip(bundled_texts, goldens)):
        assert_matches_golden(bert.encode(text), golden, f"line {i + 1}")


def test_from_bert_vocab_matches_hf_bert_base_uncased(bundled_vocab_dir, bundled_texts):
    tok = tokenmill.Tokenizer.from_bert_vocab(bundled_vocab_dir / "vocab.txt", lowercase=True)
    goldens = read_json_lines(TEST_DATA / "golden" / "hf.bert-base-uncased.dev.jsonl.gz")
    for i, (encoding, golden) in enumerate(zip(tok.encode_batch(bundled_texts), goldens)):
        assert_matches_golden(encoding, golden, f"line {i + 1}")


@pytest.mark.parametrize("corpus", ["dev", "edge"])
def test_shared_corpus_matches_hf_bert_base_uncased(shared_dir, corpus):
    tok = tokenmill.Tokenizer.from_file(shared_dir / "vocab" / "bert-base-uncased" / "tokenizer.json")
    texts = [r["text"] for r in read_json_lines(shared_dir / "corpus" / f"{corpus}.jsonl")]
    goldens = read_json_lines(shared_dir / "golden" / f"hf.bert-base-uncased.{corpus}.jsonl.gz")
    assert len(texts) == len(goldens)
    encodings = tok.encode_batch(texts)
    for i, (text, encoding, golden) in enumerate(zip(texts, encodings, goldens)):
        assert_matches_golden(encoding, golden, f"{corpus} line {i + 1}")


def pair_configs():
    """Each config of golden/hf.*.pairs.dev.jsonl.gz as the HF Python calls that set it up."""
    return {
        "plain": lambda t: None,
        "longest_first_64": lambda t: (
            t.enable_truncation(64, strategy="longest_first"),
            t.enable_padding(length=64, pad_id=0, pad_token="[PAD]"),
        ),
        "only_first_96_left": lambda t: (
            t.enable_truncation(96, strategy="only_first", direction="left"),
            t.enable_padding(pad_to_multiple_of=8, pad_id=0, direction="left"),
        ),
        "only_second_48_s4": lambda t: t.enable_truncation(48, strategy="only_second", stride=4),
    }


def assert_pair_matches(encoding, golden, text, pair, where):
    for field in ("ids", "tokens", "type_ids", "attention_mask", "special_tokens_mask"):
        assert getattr(encoding, field) == golden[field], f"{where}: {field} differs from HF"
    expected = [
        byte_to_char_offsets(pair if seq == 1 else text, [o])[0] if seq is not None else [0, 0]
        for seq, o in zip(encoding.sequence_ids, golden["offsets"])
    ]
    assert [list(o) for o in encoding.offsets] == expected, f"{where}: offsets differ from HF"


def test_pairs_with_truncation_and_padding_match_hf(shared_dir):
    """Truncation, padding and overflowing through the Python API (HF tokenizers 0.22)."""
    path = shared_dir / "vocab" / "bert-base-uncased" / "tokenizer.json"
    inputs = read_json_lines(shared_dir / "corpus" / "pairs.jsonl")
    short = read_json_lines(shared_dir / "corpus" / "pairs_short.jsonl")
    goldens = read_json_lines(shared_dir / "golden" / "hf.bert-base-uncased.pairs.dev.jsonl.gz")
    schedule = [("plain", inputs), ("longest_first_64", inputs), ("only_first_96_left", inputs),
                ("only_second_48_s4", short)]
    position = 0
    for config, rows in schedule:
        tok = tokenmill.Tokenizer.from_file(path)
        pair_configs()[config](tok)
        for row in rows:
            golden = goldens[position]
            position += 1
            where = f"{config} golden line {position}"
            assert golden["config"] == config
            if "error" in golden:
                with pytest.raises(ValueError):
                    tok.encode(row["text"], row["pair"])
                continue
            encoding = tok.encode(row["text"], row["pair"])
            assert_pair_matches(encoding, golden, row["text"], row["pair"], where)
            assert len(encoding.overflowing) == len(golden["overflowing"]), where
            for part, expected in zip(encoding.overflowing, golden["overflowing"]):
                assert_pair_matches(part, expected, row["text"], row["pair"], where + " overflow")
    assert position == len(goldens)
