"""encode_batch_numpy: model input as int64 arrays."""
import numpy as np


def test_shapes_and_values_padded_to_the_longest(bert):
    texts = ["hello world", "hi", "a much longer sentence than the others"]
    out = bert.encode_batch_numpy(texts)
    assert list(out) == ["input_ids", "token_type_ids", "attention_mask"]
    encodings = bert.encode_batch(texts)
    width = max(len(e) for e in encodings)
    for array in out.values():
        assert array.dtype == np.int64
        assert array.shape == (3, width)
    for row, e in enumerate(encodings):
        n = len(e)
        assert out["input_ids"][row, :n].tolist() == e.ids
        assert out["token_type_ids"][row, :n].tolist() == e.type_ids
        assert out["attention_mask"][row, :n].tolist() == [1] * n
        assert out["input_ids"][row, n:].tolist() == [0] * (width - n)
        assert out["attention_mask"][row, n:].tolist() == [0] * (width - n)


def test_pairs_set_token_type_ids(bert):
    out = bert.encode_batch_numpy(["first", "one"], pairs=["second", "two three"])
    e = bert.encode("one", "two three")
    assert out["input_ids"][1].tolist() == e.ids
    assert out["token_type_ids"][1].tolist() == e.type_ids
    assert out["token_type_ids"][1].tolist() == [0, 0, 0, 1, 1, 1]


def test_tuples_work_as_pairs(bert):
    a = bert.encode_batch_numpy([("first", "second")])
    b = bert.encode_batch_numpy(["first"], pairs=["second"])
    for key in a:
        assert np.array_equal(a[key], b[key])


def test_a_batch_may_mix_single_texts_and_pairs(bert):
    items = ["first", ("one", "two three"), "", ("x", "")]
    out = bert.encode_batch_numpy(items)
    rows = [bert.encode(*item) if isinstance(item, tuple) else bert.encode(item) for item in items]
    width = max(len(e.ids) for e in rows)
    assert out["input_ids"].shape == (4, width)
    for row, e in enumerate(rows):
        n = len(e.ids)
        assert out["input_ids"][row, :n].tolist() == e.ids
        assert out["token_type_ids"][row, :n].tolist() == e.type_ids
        assert out["attention_mask"][row].tolist() == [1] * n + [0] * (width - n)
    assert out["token_type_ids"][1].tolist()[:6] == [0, 0, 0, 1, 1, 1]


def test_max_length_truncates_and_pads_every_row(bert):
    out = bert.encode_batch_numpy(["hi", "one two three four five six seven"], max_length=6)
    assert out["input_ids"].shape == (2, 6)
    assert out["input_ids"][0].tolist() == [101, bert.token_to_id("hi"), 102, 0, 0, 0]
    assert out["input_ids"][1].tolist() == [101] + [
        bert.token_to_id(w) for w in ["one", "two", "three", "four"]] + [102]
    assert out["attention_mask"].tolist() == [[1, 1, 1, 0, 0, 0], [1] * 6]
    # The call does not change the tokenizer's own settings.
    assert bert.truncation is None and bert.padding is None


def test_configured_padding_is_used(bert):
    bert.enable_padding(direction="left", length=5)
    out = bert.encode_batch_numpy(["hi"])
    assert out["input_ids"].tolist() == [[0, 0, 101, bert.token_to_id("hi"), 102]]
    assert out["attention_mask"].tolist() == [[0, 0, 1, 1, 1]]


def test_empty_batch(bert):
    out = bert.encode_batch_numpy([])
    assert out["input_ids"].shape == (0, 0)
