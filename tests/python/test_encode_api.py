"""Encoding, batching, decoding and vocabulary through the HF-shaped Python API."""
import pytest
import tokenmill


def as_dict(encoding):
    return {
        "ids": encoding.ids, "tokens": encoding.tokens, "type_ids": encoding.type_ids,
        "offsets": encoding.offsets, "attention_mask": encoding.attention_mask,
        "special_tokens_mask": encoding.special_tokens_mask, "word_ids": encoding.word_ids,
        "sequence_ids": encoding.sequence_ids,
    }


def test_encoding_attributes_for_a_pair(bert):
    e = bert.encode("Héllo wörld!", "Naïve café")
    assert e.tokens == ["[CLS]", "hello", "world", "!", "[SEP]", "naive", "cafe", "[SEP]"]
    assert e.ids == [bert.token_to_id(t) for t in e.tokens]
    assert e.type_ids == [0, 0, 0, 0, 0, 1, 1, 1]
    # Code points, not bytes: "wörld" is 5 characters (6 bytes); pair offsets index the pair.
    assert e.offsets == [(0, 0), (0, 5), (6, 11), (11, 12), (0, 0), (0, 5), (6, 10), (0, 0)]
    assert e.attention_mask == [1] * 8
    assert e.special_tokens_mask == [1, 0, 0, 0, 1, 0, 0, 1]
    assert e.word_ids == [None, 0, 1, 2, None, 0, 1, None]
    assert e.sequence_ids == [None, 0, 0, 0, None, 1, 1, None]
    assert e.n_sequences == 2
    assert len(e) == 8
    assert e.overflowing == []


def test_offsets_beyond_the_basic_plane_count_one_code_point(bert):
    text = "😀 ok 中文"  # 😀 is 4 UTF-8 bytes and one code point
    e = bert.encode(text, add_special_tokens=False)
    assert [text[s:t] for s, t in e.offsets] == ["😀", "ok", "中", "文"]


def test_add_special_tokens_false(bert):
    e = bert.encode("hello world", add_special_tokens=False)
    assert e.tokens == ["hello", "world"]
    assert e.special_tokens_mask == [0, 0]


def test_utf8_bytes_input_equals_str_input(bert):
    text = "Grüße aus Köln"
    assert as_dict(bert.encode(text.encode("utf-8"))) == as_dict(bert.encode(text))


def test_encode_batch_equals_encode_one_by_one(bert, bundled_texts):
    batch = bert.encode_batch(bundled_texts)
    assert len(batch) == len(bundled_texts)
    for text, encoding in zip(bundled_texts, batch):
        assert as_dict(encoding) == as_dict(bert.encode(text))


def test_encode_batch_of_pairs_equals_encode_one_by_one(bert, bundled_texts):
    pairs = list(zip(bundled_texts[:50], bundled_texts[50:100]))
    batch = bert.encode_batch(pairs)
    for (text, pair), encoding in zip(pairs, batch):
        assert as_dict(encoding) == as_dict(bert.encode(text, pair))
    # Lists work as pairs too, as in HF.
    assert as_dict(bert.encode_batch([list(pairs[0])])[0]) == as_dict(batch[0])


def test_encode_batch_without_special_tokens(bert):
    batch = bert.encode_batch(["a b", "c"], add_special_tokens=False)
    assert [e.tokens for e in batch] == [["a", "b"], ["c"]]


def test_empty_inputs(bert):
    assert bert.encode("").tokens == ["[CLS]", "[SEP]"]
    assert bert.encode_batch([]) == []


def test_decode_skips_special_tokens_by_default(bert):
    ids = bert.encode("Hello, world! unaffable").ids
    assert bert.decode(ids) == "hello, world! unaffable"
    assert bert.decode(ids, skip_special_tokens=False) == "[CLS] hello, world! unaffable [SEP]"


def test_decode_batch(bert):
    encodings = bert.encode_batch(["first text", "and the second"])
    assert bert.decode_batch([e.ids for e in encodings]) == ["first text", "and the second"]


def test_vocab_lookups(bert):
    assert bert.token_to_id("[CLS]") == 101
    assert bert.id_to_token(101) == "[CLS]"
    assert bert.token_to_id("no-such-token-here") is None
    assert bert.id_to_token(10**9) is None
    vocab = bert.get_vocab()
    assert len(vocab) == bert.get_vocab_size() == 30522
    assert vocab["hello"] == bert.token_to_id("hello")
    assert bert.get_vocab_size(with_added_tokens=False) == 30522
    assert bert.num_special_tokens_to_add(is_pair=False) == 2
    assert bert.num_special_tokens_to_add(is_pair=True) == 3


def test_from_bert_vocab_options(bundled_vocab_dir):
    cased = tokenmill.Tokenizer.from_bert_vocab(str(bundled_vocab_dir / "vocab.txt"),
                                                lowercase=False)
    # Without lowercasing, "Hello" is not in the uncased vocabulary.
    assert cased.encode("Hello").tokens == ["[CLS]", "[UNK]", "[SEP]"]
    uncased = tokenmill.Tokenizer.from_bert_vocab(bundled_vocab_dir / "vocab.txt")
    assert uncased.encode("Hello").tokens == ["[CLS]", "hello", "[SEP]"]


def test_encodings_own_their_data(bundled_vocab_dir):
    """An Encoding outlives its batch list and its tokenizer; each attribute read is a new list."""
    tok = tokenmill.Tokenizer.from_file(bundled_vocab_dir / "tokenizer.json")
    e = tok.encode_batch(["héllo wörld", "x"])[0]
    expected = (e.ids, e.tokens, e.offsets)
    del tok
    assert (e.ids, e.tokens, e.offsets) == expected
    assert e.offsets[1:3] == [(0, 5), (6, 11)]  # code points, not UTF-8 bytes
    e.ids.append(0)
    assert e.ids == expected[0]
    assert repr(e).startswith(f"Encoding(num_tokens={len(expected[0])},")
    with pytest.raises(TypeError):
        tokenmill.Encoding()


def test_overflowing_parts_are_new_encodings_each_time(bert):
    bert.enable_truncation(4)
    e = bert.encode("one two three four five")
    first, again = e.overflowing, e.overflowing
    assert first[0] is not again[0] and isinstance(first[0], tokenmill.Encoding)
    assert [o.tokens for o in first] == [o.tokens for o in again] == \
        [["[CLS]", "three", "four", "[SEP]"], ["[CLS]", "five", "[SEP]"]]
