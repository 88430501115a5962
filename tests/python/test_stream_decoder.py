"""tokenmill.StreamDecoder: ids one at a time, text only once its UTF-8 is complete.

The pieces joined (plus flush()) must equal a one-shot lossy decode: tiktoken's
decode(ids, errors="replace") for a TiktokenEncoding, HF tokenizers 0.22's decode for a
byte-level tokenizer.json (GPT-2).
"""
import random

import pytest

import tokenmill

EMOJI_TEXT = "Hi 👋🏽 there — 日本語 🎉!"


@pytest.fixture(scope="module")
def cl100k():
    return tokenmill.get_encoding("cl100k_base")


@pytest.fixture(scope="module")
def gpt2(shared_dir):
    path = shared_dir / "vocab" / "gpt2" / "tokenizer.json"
    if not path.is_file():
        pytest.skip(f"{path} (GPT-2 tokenizer.json) is not in the shared reference kit")
    return tokenmill.Tokenizer.from_file(path)


def stream(decoder, ids):
    pieces = [decoder.step(i) for i in ids]
    return pieces, decoder.flush()


def test_emoji_split_across_tokens_is_held_back(cl100k):
    ids = cl100k.encode("👋")
    assert len(ids) > 1, "the test needs an emoji that spans several tokens"
    decoder = tokenmill.StreamDecoder(cl100k)
    for i in ids[:-1]:
        assert decoder.step(i) == ""  # incomplete character: nothing yet
        assert decoder.pending != b""
    assert decoder.step(ids[-1]) == "👋"
    assert decoder.pending == b""
    assert decoder.flush() == ""


def test_pieces_join_to_the_full_decode(cl100k):
    ids = cl100k.encode(EMOJI_TEXT)
    decoder = tokenmill.StreamDecoder(cl100k)
    pieces, tail = stream(decoder, ids)
    assert "".join(pieces) + tail == EMOJI_TEXT
    assert tail == ""
    # Each piece is complete text: it never contains a replacement character here.
    assert all("\ufffd" not in p for p in pieces)


def test_flush_of_a_dangling_character_matches_lossy_decode(cl100k):
    ids = cl100k.encode("ok 👋")[:-1]
    decoder = tokenmill.StreamDecoder(cl100k)
    pieces, tail = stream(decoder, ids)
    assert "".join(pieces) == "ok "
    assert tail == "\ufffd"
    assert "".join(pieces) + tail == cl100k.decode(ids)
    # Reusable after flush.
    assert decoder.step(cl100k.encode("x")[0]) == "x"


def test_random_id_streams_equal_lossy_decode(cl100k):
    rng = random.Random(7)
    for _ in range(200):
        ids = [rng.randrange(0, 100256) for _ in range(rng.randrange(1, 12))]
        decoder = tokenmill.StreamDecoder(cl100k)
        pieces, tail = stream(decoder, ids)
        assert "".join(pieces) + tail == cl100k.decode(ids), ids


def test_unknown_id_is_an_error_and_leaves_state(cl100k):
    ids = cl100k.encode("👋")
    decoder = tokenmill.StreamDecoder(cl100k)
    decoder.step(ids[0])
    pending = decoder.pending
    with pytest.raises(FileNotFoundError, match="not in the vocabulary"):
        decoder.step(cl100k.n_vocab + 5)
    assert decoder.pending == pending
    assert "".join(decoder.step(i) for i in ids[1:]) == "👋"


def test_byte_level_tokenizer_json(gpt2):
    ids = gpt2.encode(EMOJI_TEXT).ids
    decoder = tokenmill.StreamDecoder(gpt2)
    pieces, tail = stream(decoder, ids)
    assert "".join(pieces) + tail == gpt2.decode(ids) == EMOJI_TEXT
    emoji_ids = gpt2.encode("👋").ids
    assert len(emoji_ids) > 1
    decoder = tokenmill.StreamDecoder(gpt2)
    assert [decoder.step(i) for i in emoji_ids] == [""] * (len(emoji_ids) - 1) + ["👋"]


def test_non_byte_level_tokenizer_is_refused():
    from conftest import BUNDLED_VOCAB
    path = BUNDLED_VOCAB / "tokenizer.json"
    if not path.is_file():
        pytest.skip(f"{path} is not in the repository")
    with pytest.raises(ValueError, match="byte-level"):
        tokenmill.StreamDecoder(tokenmill.Tokenizer.from_file(path))


def test_wrong_source_type():
    with pytest.raises(TypeError, match="StreamDecoder expects"):
        tokenmill.StreamDecoder("cl100k_base")


# HF's tokenizers.decoders.DecodeStream, on the cases of HF's own tests
# (bindings/python/tests/bindings/test_tokenizer.py: test_decode, test_decode_stream_copy_and_
# prefix_ids, test_decode_stream_fallback).
def added_words_tokenizer():
    from tokenmill import Tokenizer, models

    tokenizer = Tokenizer(models.BPE())
    tokenizer.add_tokens(["my", "name", "is", "john", "pair"])
    return tokenizer


def test_decode_stream_as_hf():
    import copy

    from tokenmill.decoders import DecodeStream

    tokenizer = added_words_tokenizer()
    assert tokenizer.decode([0, 1, 2, 3]) == "my name is john"
    stream = DecodeStream(skip_special_tokens=False)
    assert [stream.step(tokenizer, i) for i in range(4)] == ["my", " name", " is", " john"]
    assert DecodeStream(ids=[0, 1, 2]).step(tokenizer, 3) == " john"
    stream = DecodeStream()
    stream.step(tokenizer, 0)
    stream.step(tokenizer, 1)
    twin = copy.copy(stream)
    assert stream.step(tokenizer, 2) == twin.step(tokenizer, 2) == " is"
    assert copy.deepcopy(stream).step(tokenizer, [3]) == " john"
    with pytest.raises(ValueError):
        DecodeStream().step(tokenizer, 10**6)


def test_decode_stream_holds_back_incomplete_characters(shared_dir):
    from tokenmill.decoders import DecodeStream

    tokenizer = tokenmill.Tokenizer.from_file(str(shared_dir / "vocab" / "gpt2" / "tokenizer.json"))
    assert tokenizer.encode("อั").ids == [19567, 255, 19567, 109]
    stream = DecodeStream()
    assert [stream.step(tokenizer, [i]) for i in (19567, 255, 19567, 109)] == [None, "อ", None, "ั"]
    assert DecodeStream().step(tokenizer, [19567, 255, 19567, 109]) == "อั"
    stream = DecodeStream()
    stream.step(tokenizer, [19567])
    assert stream.step(tokenizer, [255, 19567, 109]) == "อั"
    # The prefix 'อ�' is incomplete: every id is kept for the next step.
    assert DecodeStream([19567, 255, 19567]).step(tokenizer, [109]) == "อั"
    # Chunks join to the whole decode, on real text.
    text = "Streaming ünïcödé 日本語 text, emoji 😀 and more."
    stream = DecodeStream()
    chunks = [stream.step(tokenizer, i) for i in tokenizer.encode(text).ids]
    assert "".join(c for c in chunks if c is not None) == text and None in chunks
