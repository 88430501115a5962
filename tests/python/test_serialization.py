"""tokenizer.json round trips: save / from_file and to_str / from_str."""
import json

import tokenmill


def test_save_then_from_file_encodes_the_same(bert, bundled_texts, tmp_path):
    path = tmp_path / "saved.json"
    bert.save(str(path))
    reloaded = tokenmill.Tokenizer.from_file(path)
    for text in bundled_texts[:100]:
        a, b = bert.encode(text), reloaded.encode(text)
        assert (a.ids, a.tokens, a.offsets) == (b.ids, b.tokens, b.offsets)
    assert reloaded.to_str() == bert.to_str()


def test_save_keeps_truncation_and_padding(bert, tmp_path):
    bert.enable_truncation(16, stride=2, strategy="only_first", direction="left")
    bert.enable_padding(length=16, pad_id=0, pad_token="[PAD]")
    path = tmp_path / "configured.json"
    bert.save(path)
    reloaded = tokenmill.Tokenizer.from_file(path)
    assert reloaded.truncation == bert.truncation
    assert reloaded.padding == bert.padding


def test_to_str_from_str_round_trip(bert):
    text = bert.to_str()
    parsed = json.loads(text)
    assert parsed["model"]["type"] == "WordPiece"
    assert "\n" not in text  # compact by default, as in HF
    assert "\n" in bert.to_str(pretty=True)
    again = tokenmill.Tokenizer.from_str(text)
    assert again.encode("round trip").ids == bert.encode("round trip").ids


def test_save_compact(bert, tmp_path):
    path = tmp_path / "compact.json"
    bert.save(path, pretty=False)
    assert path.read_text(encoding="utf-8") == bert.to_str()
