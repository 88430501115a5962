"""HF-shaped components built in Python (tokenmill.normalizers, pre_tokenizers, models,
processors, decoders), Tokenizer(model) and the Tokenizer's component properties.

The JSON each constructor writes is the form HF tokenizers 0.22 writes for the same
construction (checked against the oracle when this test was written: the expected sections
below are HF's own output for the same calls).
"""
import json

import pytest

import tokenmill
from conftest import REPO_ROOT
from tokenmill import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

HF_SECTIONS = {
    "post_processor": {
        "type": "TemplateProcessing",
        "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                   {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
        "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                 {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                 {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
        "special_tokens": {"[CLS]": {"id": "[CLS]", "ids": [1], "tokens": ["[CLS]"]},
                           "[SEP]": {"id": "[SEP]", "ids": [2], "tokens": ["[SEP]"]}}},
    "pre_tokenizer": {"type": "Split", "pattern": {"String": "\\s+"}, "behavior": "MergedWithPrevious",
                      "invert": False},
    "decoder": {"type": "Strip", "content": " ", "start": 1, "stop": 0},
    "normalizer": {"type": "Strip", "strip_left": True, "strip_right": False},
}


def small_wordpiece():
    return Tokenizer(models.WordPiece({"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "a": 3, "##b": 4},
                                      unk_token="[UNK]"))


def test_constructors_write_hf_forms():
    tok = small_wordpiece()
    tok.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS]:0 $0 [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", 1), ("[SEP]", 2)])
    tok.pre_tokenizer = pre_tokenizers.Split(r"\s+", "merged_with_previous", False)
    tok.decoder = decoders.Strip(" ", 1, 0)
    tok.normalizer = normalizers.Strip(True, False)
    written = json.loads(tok.to_str())
    for section, expected in HF_SECTIONS.items():
        assert written[section] == expected, section
    # The properties read the sections back.
    assert json.loads(repr(tok.decoder)[len("Decoder("):-1]) == HF_SECTIONS["decoder"]
    tok.decoder = None
    assert tok.decoder is None and json.loads(tok.to_str())["decoder"] is None
    # Without a pair template, HF's default "$A $B:1".
    tok.post_processor = processors.TemplateProcessing("[CLS] $A [SEP]", None, [("[CLS]", 1), ("[SEP]", 2)])
    assert json.loads(tok.to_str())["post_processor"]["pair"] == [
        {"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}]


def test_built_pipeline_trains_and_encodes_like_the_same_json():
    tok = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tok.normalizer = normalizers.Sequence([normalizers.NFD(), normalizers.Lowercase(),
                                           normalizers.StripAccents()])
    tok.pre_tokenizer = pre_tokenizers.Sequence([pre_tokenizers.Whitespace(),
                                                 pre_tokenizers.Digits(individual_digits=True)])
    tok.decoder = decoders.WordPiece()
    lines = ["Héllo wörld number 42, how are you?", "Fine thanks, and you 7?"] * 50
    tok.train_from_iterator(lines, trainers.WordPieceTrainer(
        vocab_size=200, special_tokens=["[UNK]", "[CLS]", "[SEP]"], show_progress=False))
    tok.post_processor = processors.BertProcessing(("[SEP]", tok.token_to_id("[SEP]")),
                                                   ("[CLS]", tok.token_to_id("[CLS]")))
    same = Tokenizer.from_str(tok.to_str())
    for text, pair in [("Hello world 42", None), ("how are you", "fine 7")]:
        a, b = tok.encode(text, pair), same.encode(text, pair)
        assert a.ids == b.ids and a.offsets == b.offsets and a.type_ids == b.type_ids
    enc = tok.encode("Héllo 42")
    assert enc.tokens[0] == "[CLS]" and enc.tokens[-1] == "[SEP]"
    assert "4" in enc.tokens and "2" in enc.tokens  # individual digits
    assert tok.decode(enc.ids) == "hello 4 2"


def test_bpe_with_vocab_and_merges_and_regex_split():
    tok = Tokenizer(models.BPE({"a": 0, "b": 1, "ab": 2, " ": 3}, [("a", "b")]))
    tok.pre_tokenizer = pre_tokenizers.Split(tokenmill.Regex(r"\s+(?!\S)|\s+|\S+"), "isolated")
    assert json.loads(tok.to_str())["pre_tokenizer"]["pattern"] == {"Regex": r"\s+(?!\S)|\s+|\S+"}
    assert tok.encode("ab  ab").tokens == ["ab", " ", " ", "ab"]
    assert json.loads(tok.to_str())["model"]["merges"] == [["a", "b"]]


def test_bad_arguments_are_clear_errors():
    with pytest.raises(TypeError, match="unexpected argument 'bogus'"):
        normalizers.Strip(bogus=1)
    with pytest.raises(TypeError, match="missing argument 'pattern'"):
        pre_tokenizers.Split()
    with pytest.raises(ValueError, match="expected \\$A or \\$B"):
        processors.TemplateProcessing(single="$C")
    tok = small_wordpiece()
    with pytest.raises(ValueError, match="unknown split behavior"):
        tok.pre_tokenizer = pre_tokenizers.Split("x", "sideways")
    assert tok.pre_tokenizer is None  # a refused section leaves the tokenizer as it was
    with pytest.raises(ValueError, match="model"):
        tok.model = None
    with pytest.raises(TypeError):
        normalizers.Prepend(object())


def test_a_sentencepiece_model_keeps_its_pipeline():
    sp = Tokenizer.from_file(str(REPO_ROOT / "tests" / "data" / "spm" / "bpe_8k.model"))
    with pytest.raises(ValueError, match="SentencePiece .model"):
        sp.decoder = decoders.Fuse()


def component_method_goldens():
    import gzip

    path = REPO_ROOT / "tests" / "data" / "golden" / "components" / "hf_component_methods.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        header, *records = [json.loads(line) for line in f]
    return header["configs"], records


def standalone(section, config):
    """A component as HF's Python would hold it: a tokenizer's section (WordLevel otherwise)."""
    tokenizer = Tokenizer.from_str(json.dumps({
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": [],
        "normalizer": None, "pre_tokenizer": None, "post_processor": None, "decoder": None,
        "model": {"type": "WordLevel", "vocab": {"[UNK]": 0}, "unk_token": "[UNK]"},
        section: config}))
    return getattr(tokenizer, section)


def test_component_methods_match_hf():
    """normalize_str, pre_tokenize_str (code-point spans) and Decoder.decode on every normalizer,
    pre-tokenizer and decoder type with its options, against HF tokenizers 0.22
    (tests/parity/gen_component_method_goldens.js)."""
    configs, records = component_method_goldens()
    assert len(configs) >= 50 and len(records) > 6000
    components = {name: standalone(*next(iter(config.items()))) for name, config in configs.items()}
    for i, r in enumerate(records):
        component = components[r["config"]]
        if "normalized" in r:
            assert component.normalize_str(r["text"]) == r["normalized"], f"record {i}: {r}"
        elif "splits" in r:
            got = [[piece, list(span)] for piece, span in component.pre_tokenize_str(r["text"])]
            assert got == r["splits"], f"record {i}: {r}"
        else:
            assert component.decode(r["tokens"]) == r["decoded"], f"record {i}: {r}"


def test_constructed_components_run_on_their_own():
    assert normalizers.Sequence([normalizers.NFD(), normalizers.StripAccents(),
                                 normalizers.Lowercase()]).normalize_str("Héllo") == "hello"
    assert pre_tokenizers.Whitespace().pre_tokenize_str("Hi, 世界!") == [
        ("Hi", (0, 2)), (",", (2, 3)), ("世界", (4, 6)), ("!", (6, 7))]
    assert decoders.WordPiece().decode(["un", "##aff", "##able", "."]) == "unaffable."
    assert processors.BertProcessing(("[SEP]", 102), ("[CLS]", 101)).num_special_tokens_to_add(True) == 3
    tokenizer = Tokenizer.from_file(str(REPO_ROOT / "vocab" / "bert-base-uncased" / "tokenizer.json"))
    model = tokenizer.model
    assert model.token_to_id("hello") == tokenizer.token_to_id("hello")
    assert model.id_to_token(7592) == "hello" and model.token_to_id("not a token") is None
    assert model.id_to_token(10**9) is None
    word = "unaffable"
    assert [t[0] for t in model.tokenize(word)] == tokenizer.encode(word, add_special_tokens=False).ids
    encoded = tokenizer.encode(word, add_special_tokens=False)
    assert [(t[1], t[2]) for t in model.tokenize(word)] == list(zip(encoded.tokens, encoded.offsets))
    assert len(encoded.ids) > 1
    with pytest.raises(NotImplementedError, match="unsupported normalizer type"):
        standalone("normalizer", {"type": "NoSuchNormalizer"})
