"""Pickling (what multiprocessing, DataLoader workers and datasets.map(num_proc=...) need):
Tokenizer as its tokenizer.json (as HF), a Tokenizer from a SentencePiece .model with the
.model embedded, SentencePieceProcessor as its .model and encode() defaults, tiktoken
encodings by name (as tiktoken)."""
import multiprocessing
import pickle

import pytest

import tokenmill
from conftest import BUNDLED_VOCAB, TEST_DATA

TEXTS = ["Hello, naïve world!", "日本語のテキスト", "tokenmill <eot> here", ""]
SPM_MODEL = TEST_DATA / "spm" / "unigram_8k.model"


def configured_tokenizer():
    tokenizer = tokenmill.Tokenizer.from_file(str(BUNDLED_VOCAB / "tokenizer.json"))
    tokenizer.add_tokens(["tokenmill"])
    tokenizer.add_special_tokens(["<eot>"])
    tokenizer.enable_truncation(8)
    tokenizer.enable_padding(length=8)
    return tokenizer


def encode_all(tokenizer):
    return [(e.ids, e.tokens, e.offsets) for e in tokenizer.encode_batch(TEXTS)]


def test_tokenizer_round_trip_keeps_everything():
    tokenizer = configured_tokenizer()
    copy = pickle.loads(pickle.dumps(tokenizer))
    assert encode_all(copy) == encode_all(tokenizer)
    assert copy.truncation == tokenizer.truncation and copy.padding == tokenizer.padding
    assert copy.decode(copy.encode("tokenmill <eot>").ids) == tokenizer.decode(tokenizer.encode("tokenmill <eot>").ids)


def test_tokenizer_from_a_sentencepiece_model_round_trips():
    tokenizer = tokenmill.Tokenizer.from_file(str(SPM_MODEL))
    for copy in (pickle.loads(pickle.dumps(tokenizer)), tokenmill.Tokenizer.from_str(tokenizer.to_str())):
        assert encode_all(copy) == encode_all(tokenizer)
        assert copy.decode(copy.encode(TEXTS[0]).ids) == tokenizer.decode(tokenizer.encode(TEXTS[0]).ids)


def test_sentencepiece_processor_round_trip_keeps_defaults():
    sp = tokenmill.SentencePieceProcessor(model_file=str(SPM_MODEL), out_type=str, add_bos=True)
    copy = pickle.loads(pickle.dumps(sp))
    assert copy.encode(TEXTS) == sp.encode(TEXTS)
    assert copy.encode("hi")[0] == "<s>"
    empty = pickle.loads(pickle.dumps(tokenmill.SentencePieceProcessor()))
    with pytest.raises(ValueError, match="no model loaded"):
        empty.encode("hi")


def test_tiktoken_encoding_pickles_by_name():
    for name in ("cl100k_base", "gpt2"):
        encoding = tokenmill.get_encoding(name)
        copy = pickle.loads(pickle.dumps(encoding))
        assert copy.name == name and copy.encode_ordinary(TEXTS[0]) == encoding.encode_ordinary(TEXTS[0])


def _encode_in_worker(args):
    tokenizer, encoding, text = args
    return tokenizer.encode(text).ids, encoding.encode_ordinary(text)


def test_objects_cross_to_spawned_worker_processes():
    tokenizer, encoding = configured_tokenizer(), tokenmill.get_encoding("o200k_base")
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_encode_in_worker, [(tokenizer, encoding, t) for t in TEXTS])
    assert results == [(tokenizer.encode(t).ids, encoding.encode_ordinary(t)) for t in TEXTS]
