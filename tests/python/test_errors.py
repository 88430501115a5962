"""Status → exception translation: the right Python exception, with a useful message."""
import pytest
import tokenmill


def test_missing_file_is_file_not_found_naming_the_path(tmp_path):
    missing = tmp_path / "nowhere" / "tokenizer.json"
    with pytest.raises(FileNotFoundError) as error:
        tokenmill.Tokenizer.from_file(missing)
    assert str(missing) in str(error.value)
    assert "no such file" in str(error.value)


def test_missing_vocab_txt_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="vocab.txt"):
        tokenmill.Tokenizer.from_bert_vocab(tmp_path / "vocab.txt")


def test_malformed_json_is_value_error_naming_the_file(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"model": {"type": "WordPiece", ', encoding="utf-8")
    with pytest.raises(ValueError) as error:
        tokenmill.Tokenizer.from_file(path)
    assert str(path) in str(error.value)


def test_unsupported_component_type_is_not_implemented_error(bundled_vocab_dir):
    import json
    config = json.loads((bundled_vocab_dir / "tokenizer.json").read_text(encoding="utf-8"))
    config["normalizer"] = {"type": "NoSuchNormalizer"}
    with pytest.raises(NotImplementedError, match="NoSuchNormalizer"):
        tokenmill.Tokenizer.from_str(json.dumps(config))


def test_invalid_utf8_bytes_are_value_error(bert):
    with pytest.raises(ValueError, match="UTF-8"):
        bert.encode(b"abc \xff\xfe def")
    with pytest.raises(ValueError):
        bert.encode("fine", b"\xc3")  # truncated sequence in the pair


def test_invalid_utf8_in_a_batch_names_the_input(bert):
    with pytest.raises(ValueError, match="input 1"):
        bert.encode_batch(["ok", b"\x80 bad", "ok"])


def test_lone_surrogates_are_value_error(bert):
    with pytest.raises(ValueError, match="sequence"):
        bert.encode("a \ud800 b")
    with pytest.raises(ValueError, match="input 2"):
        bert.encode_batch(["a", "b", "\udfff"])
    with pytest.raises(ValueError):
        bert.encode_batch_numpy(["a", "\ud83d"])


def test_every_line_of_the_invalid_utf8_corpus_is_a_value_error(bert):
    from conftest import TEST_DATA
    lines = (TEST_DATA / "corpus" / "invalid_utf8.bin").read_bytes().split(b"\n")
    bad = [line for line in lines if not _is_utf8(line)]
    assert bad, "the corpus should hold invalid lines"
    for line in bad:
        with pytest.raises(ValueError):
            bert.encode(line)


def _is_utf8(data):
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def test_wrong_argument_types_are_type_errors(bert):
    with pytest.raises(TypeError):
        bert.encode(42)
    with pytest.raises(TypeError):
        bert.encode_batch("a single string")
    with pytest.raises(TypeError):
        bert.encode_batch([3])
    with pytest.raises(ValueError, match="exactly 2"):
        bert.encode_batch([("a", "b", "c")])


def test_pairs_given_twice_or_of_another_length_are_errors(bert):
    with pytest.raises(ValueError, match="pairs given twice"):
        bert.encode_batch_numpy([("text", "pair")], pairs=["other"])
    with pytest.raises(ValueError, match="got 2 texts but 1 pairs"):
        bert.encode_batch_numpy(["a", "b"], pairs=["c"])


def test_unknown_id_in_decode_is_value_error(bert):
    with pytest.raises(ValueError, match="123456789"):
        bert.decode([101, 123456789])


def test_tokenizer_has_no_public_constructor():
    with pytest.raises(TypeError):
        tokenmill.Tokenizer()
