"""enable_truncation / enable_padding and friends, with HF's argument names and dict shapes."""
import pytest


def test_truncation_settings_round_trip(bert):
    assert bert.truncation is None
    bert.enable_truncation(128)
    assert bert.truncation == {"max_length": 128, "stride": 0, "strategy": "longest_first",
                               "direction": "right"}
    bert.enable_truncation(32, stride=4, strategy="only_second", direction="left")
    assert bert.truncation == {"max_length": 32, "stride": 4, "strategy": "only_second",
                               "direction": "left"}
    bert.no_truncation()
    assert bert.truncation is None


def test_padding_settings_round_trip(bert):
    assert bert.padding is None
    bert.enable_padding()
    assert bert.padding == {"length": None, "pad_to_multiple_of": None, "pad_id": 0,
                            "pad_token": "[PAD]", "pad_type_id": 0, "direction": "right"}
    bert.enable_padding(direction="left", pad_id=3, pad_type_id=1, pad_token="<pad>", length=20,
                        pad_to_multiple_of=8)
    assert bert.padding == {"length": 20, "pad_to_multiple_of": 8, "pad_id": 3,
                            "pad_token": "<pad>", "pad_type_id": 1, "direction": "left"}
    bert.no_padding()
    assert bert.padding is None


@pytest.mark.parametrize("bad", [dict(strategy="shortest"), dict(direction="up")])
def test_truncation_rejects_unknown_names(bert, bad):
    with pytest.raises(ValueError):
        bert.enable_truncation(8, **bad)


def test_padding_rejects_unknown_direction(bert):
    with pytest.raises(ValueError):
        bert.enable_padding(direction="middle")


def test_truncation_cuts_and_keeps_overflow(bert):
    bert.enable_truncation(5)
    e = bert.encode("one two three four five six")
    assert e.tokens == ["[CLS]", "one", "two", "three", "[SEP]"]
    assert e.offsets[1:4] == [(0, 3), (4, 7), (8, 13)]
    assert [o.tokens for o in e.overflowing] == [["[CLS]", "four", "five", "six", "[SEP]"]]
    assert e.overflowing[0].offsets[1:4] == [(14, 18), (19, 23), (24, 27)]


def test_truncation_left(bert):
    bert.enable_truncation(4, direction="left")
    assert bert.encode("one two three four").tokens == ["[CLS]", "three", "four", "[SEP]"]


def test_padding_to_the_longest_of_a_batch(bert):
    bert.enable_padding(pad_token="[PAD]")
    short, long = bert.encode_batch(["hi", "hello there world"])
    assert len(short) == len(long) == 5
    assert short.tokens == ["[CLS]", "hi", "[SEP]", "[PAD]", "[PAD]"]
    assert short.attention_mask == [1, 1, 1, 0, 0]
    assert short.offsets[-2:] == [(0, 0), (0, 0)]
    assert short.special_tokens_mask == [1, 0, 1, 1, 1]


def test_padding_left_to_fixed_length(bert):
    bert.enable_padding(direction="left", length=6)
    e = bert.encode("hi")
    assert e.ids == [0, 0, 0, 101, bert.token_to_id("hi"), 102]
    assert e.attention_mask == [0, 0, 0, 1, 1, 1]


def test_pad_to_multiple_of(bert):
    bert.enable_padding(pad_to_multiple_of=8)
    assert len(bert.encode("hi")) == 8


def test_max_length_smaller_than_special_tokens_is_a_value_error(bert):
    bert.enable_truncation(1)
    with pytest.raises(ValueError):
        bert.encode("hello", "world")
