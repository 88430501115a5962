"""Pre-split input (encode(..., is_pretokenized=True)) and the Encoding position queries
(char_to_token, word_to_tokens, ...) against HF tokenizers 0.22: the goldens of
tests/parity/gen_encoding_api_goldens.js, in code points as HF's Python package reports them.
Bundled tokenizers only: runs without ../shared."""
import gzip
import json

import pytest

import tokenmill
from conftest import REPO_ROOT, TEST_DATA

GOLDENS = TEST_DATA / "golden" / "encoding_api"
CASES = {
    "bert-base-uncased": ("vocab/bert-base-uncased/tokenizer.json", 0),
    "bert-base-uncased-padded": ("vocab/bert-base-uncased/tokenizer.json", 96),
    "unigram_8k": ("tests/data/spm/unigram_8k.hf.tokenizer.json", 0),
    "unigram_8k-padded": ("tests/data/spm/unigram_8k.hf.tokenizer.json", 96),
    "clip": ("tests/data/golden/clip/tokenizer.json.gz", 0),
}
FIELDS = ("ids", "tokens", "type_ids", "special_tokens_mask", "attention_mask", "word_ids",
          "sequence_ids", "n_sequences")


def load(name):
    path, padding = CASES[name]
    path = REPO_ROOT / path
    if path.suffix == ".gz":
        tokenizer = tokenmill.Tokenizer.from_str(gzip.decompress(path.read_bytes()).decode())
    else:
        tokenizer = tokenmill.Tokenizer.from_file(str(path))
    if padding:
        tokenizer.enable_padding(length=padding)
    return tokenizer


def goldens(name, kind):
    with gzip.open(GOLDENS / f"hf.{name}.jsonl.gz", "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    return [r for r in records if r["kind"] == kind]


def golden_cases(name, kind, at_least):
    """(where, record) for each golden of one kind; there must be at least `at_least`."""
    records = goldens(name, kind)
    assert len(records) >= at_least, f"{name}: {len(records)} {kind} goldens"
    return [(f"{name} {kind} {i}", want) for i, want in enumerate(records)]


def check_fields(encoding, want, where):
    for field in FIELDS:
        assert getattr(encoding, field) == want[field], f"{where}: {field}"
    assert [list(o) for o in encoding.offsets] == want["offsets"], f"{where}: offsets"


@pytest.mark.parametrize("name", CASES)
def test_pretokenized_input_matches_hf(name):
    tokenizer = load(name)
    for where, want in golden_cases(name, "words", 41):
        encoding = tokenizer.encode(want["words"], want["pair"], is_pretokenized=True,
                                    add_special_tokens=want["add_special_tokens"])
        check_fields(encoding, want, where)


@pytest.mark.parametrize("name", CASES)
def test_pretokenized_batch_matches_single_calls(name):
    tokenizer = load(name)
    records = [r for r in goldens(name, "words") if r["add_special_tokens"]]
    singles = [r for r in records if r["pair"] is None]
    pairs = [r for r in records if r["pair"] is not None]
    for group, inputs in ((singles, [r["words"] for r in singles]),
                          (pairs, [(r["words"], r["pair"]) for r in pairs])):
        for want, encoding in zip(group, tokenizer.encode_batch(inputs, is_pretokenized=True)):
            check_fields(encoding, want, f"{name} batch")


@pytest.mark.parametrize("name", CASES)
def test_position_queries_match_hf(name):
    tokenizer = load(name)
    for where, want in golden_cases(name, "positions", 41):
        encoding = tokenizer.encode(want["text"], want["pair"],
                                    add_special_tokens=want["add_special_tokens"])
        check_fields(encoding, want, where)
        q = want["queries"]
        tuple_or_none = lambda v: None if v is None else tuple(v)  # noqa: E731
        for t in range(len(encoding) + 1):
            assert encoding.token_to_sequence(t) == q["token_to_sequence"][t], f"{where} t{t}"
            assert encoding.token_to_chars(t) == tuple_or_none(q["token_to_chars"][t]), where
            assert encoding.token_to_word(t) == q["token_to_word"][t], f"{where} t{t}"
        for s, (to_token, to_word) in enumerate(zip(q["char_to_token"], q["char_to_word"])):
            for c, (token, word) in enumerate(zip(to_token, to_word)):
                assert encoding.char_to_token(c, s) == token, f"{where} seq {s} char {c}"
                assert encoding.char_to_word(c, sequence_index=s) == word, where
        for s, (to_tokens, to_chars) in enumerate(zip(q["word_to_tokens"], q["word_to_chars"])):
            for w, (tokens, chars) in enumerate(zip(to_tokens, to_chars)):
                assert encoding.word_to_tokens(w, s) == tuple_or_none(tokens), f"{where} w{w}"
                assert encoding.word_to_chars(w, s) == tuple_or_none(chars), f"{where} w{w}"


def test_position_queries_reject_negative_indices():
    encoding = load("bert-base-uncased").encode("hello world")
    assert encoding.char_to_token(0) == 1
    with pytest.raises(ValueError, match="char_pos"):
        encoding.char_to_token(-1)
    with pytest.raises(ValueError, match="sequence_index"):
        encoding.word_to_tokens(0, -1)
    assert encoding.token_to_chars(10**6) is None
    assert encoding.word_to_tokens(2**40) is None


def test_pretokenized_input_errors():
    tokenizer = load("bert-base-uncased")
    with pytest.raises(TypeError, match="list of words, not one text"):
        tokenizer.encode("hello world", is_pretokenized=True)
    with pytest.raises(TypeError, match="word 1"):
        tokenizer.encode(["hello", 3], is_pretokenized=True)
    with pytest.raises(ValueError, match="word 1"):
        tokenizer.encode(["hello", b"\xff"], is_pretokenized=True)
    with pytest.raises(TypeError, match="input 1"):
        tokenizer.encode_batch([["a"], "b c"], is_pretokenized=True)
    empty = tokenizer.encode([], is_pretokenized=True)
    assert empty.tokens == ["[CLS]", "[SEP]"]
    # A list of two words is one input, a pair of lists is a pair.
    one, two = tokenizer.encode_batch([["a", "b"], [["a"], ["b"]]][:1], is_pretokenized=True), \
        tokenizer.encode_batch([(["a"], ["b"])], is_pretokenized=True)
    assert one[0].n_sequences == 1 and two[0].n_sequences == 2


@pytest.mark.parametrize("name", CASES)
def test_added_tokens_match_hf(name):
    scenarios = goldens(name, "added")
    assert len(scenarios) == 3
    for scenario in scenarios:
        tokenizer = load(name)
        for step in scenario["steps"]:
            if step["call"] == "add_tokens":
                assert tokenizer.add_tokens(step["tokens"]) == step["returned"]
            else:
                tokenizer.add_special_tokens(step["tokens"])
            assert tokenizer.get_vocab_size() == step["vocab_size"]
        assert json.loads(tokenizer.to_str())["added_tokens"] == scenario["saved_added_tokens"]
        for want in scenario["encodings"]:
            encoding = tokenizer.encode(want["text"])
            check_fields(encoding, want, f"{name}: {want['text']}")
            assert tokenizer.decode(encoding.ids) == want["decoded"]
            assert tokenizer.decode(encoding.ids, skip_special_tokens=False) == want["decoded_all"]
        # What was added survives saving and loading.
        reloaded = tokenmill.Tokenizer.from_str(tokenizer.to_str())
        for want in scenario["encodings"]:
            assert reloaded.encode(want["text"]).ids == want["ids"]


def test_added_token_objects():
    tokenizer = load("bert-base-uncased")
    token = tokenmill.AddedToken("<sep2>", single_word=True, lstrip=True)
    assert (token.content, token.single_word, token.lstrip, token.rstrip) == ("<sep2>", True, True, False)
    assert token.normalized and not token.special
    assert not tokenmill.AddedToken("x", special=True).normalized  # HF: normalized = not special
    assert tokenizer.add_special_tokens([token, "<sep3>"]) == 2
    assert tokenizer.token_to_id("<sep2>") == 30522 and tokenizer.token_to_id("<sep3>") == 30523
    # single_word: not inside a word; lstrip: takes the spaces before it (into its text, as HF).
    assert tokenizer.encode("a <sep2> b", add_special_tokens=False).tokens == ["a", " <sep2>", "b"]
    assert tokenizer.encode("a <sep2> b", add_special_tokens=False).offsets == [(0, 1), (1, 8), (9, 10)]
    assert "<sep2>" not in tokenizer.encode("x<sep2>y", add_special_tokens=False).tokens
    assert tokenizer.decode(tokenizer.encode("a <sep3> b").ids) == "a b"
    with pytest.raises(TypeError, match="not one str"):
        tokenizer.add_tokens("<x>")
    with pytest.raises(TypeError, match="token 1"):
        tokenizer.add_tokens(["<x>", 5])
    assert tokenizer.add_tokens([]) == 0


def test_encode_special_tokens_and_added_tokens_decoder():
    tokenizer = load("bert-base-uncased")
    text = "[CLS] hello [SEP] world [MASK]"
    assert tokenizer.encode_special_tokens is False
    assert tokenizer.encode(text, add_special_tokens=False).tokens == \
        ["[CLS]", "hello", "[SEP]", "world", "[MASK]"]
    tokenizer.encode_special_tokens = True
    # Special tokens in the text are plain text now, as the vocabulary would split them.
    assert tokenizer.encode(text, add_special_tokens=False).tokens == \
        ["[", "cl", "##s", "]", "hello", "[", "sep", "]", "world", "[", "mask", "]"]
    assert tokenizer.encode("hi").tokens == ["[CLS]", "hi", "[SEP]"]  # the template still adds them
    tokenizer.pre_tokenizer = tokenizer.pre_tokenizer  # a rebuild keeps the setting
    assert tokenizer.encode_special_tokens is True
    decoder = tokenizer.get_added_tokens_decoder()
    assert list(decoder) == sorted(decoder) and decoder[101].content == "[CLS]"
    assert decoder[101].special and not decoder[101].normalized
    assert tokenizer.add_tokens(["hello world"]) == 1
    assert tokenizer.get_added_tokens_decoder()[30522].content == "hello world"


def bare(name):
    """The tokenizer without post-processor and padding (what encode gives before post_process)."""
    config = json.loads(load(name).to_str())
    config["post_processor"] = None
    config["padding"] = None
    return tokenmill.Tokenizer.from_str(json.dumps(config))


def check_ops_fields(encoding, want, where):
    check_fields(encoding, want, where)
    assert [o.ids for o in encoding.overflowing] == [o["ids"] for o in want.get("overflowing", [])], where


@pytest.mark.parametrize("name", CASES)
def test_post_process_pad_and_truncate_match_hf(name):
    tokenizer, plain = load(name), bare(name)
    for where, want in golden_cases(name, "ops", 20):
        first = plain.encode(want["text"], add_special_tokens=False)
        pair = None if want["pair"] is None else plain.encode(want["pair"], add_special_tokens=False)
        processed = tokenizer.post_process(first, pair, want["add_special_tokens"])
        check_fields(processed, want["post_processed"], where + " post_process")
        padded = plain.encode(want["text"], add_special_tokens=False)
        p = want["pad"]
        padded.pad(p["length"], direction=p["direction"], pad_id=7, pad_type_id=1, pad_token="<p>")
        check_fields(padded, p, where + " pad")
        cut = plain.encode(want["text"], add_special_tokens=False)
        t = want["truncate"]
        cut.truncate(t["max_length"], t["stride"], t["direction"])
        check_fields(cut, t, where + " truncate")
        assert len(cut.overflowing) == len(t["overflowing"]), where
        for part, part_want in zip(cut.overflowing, t["overflowing"]):
            check_fields(part, part_want, where + " overflowing")


def test_encoding_changes_check_their_arguments():
    encoding = load("bert-base-uncased").encode("hello world")
    with pytest.raises(ValueError, match="direction"):
        encoding.pad(10, direction="up")
    with pytest.raises(ValueError):
        encoding.truncate(2, stride=2)
    with pytest.raises(TypeError, match="tokenmill.Encoding"):
        load("bert-base-uncased").post_process("not an encoding")
    encoding.pad(2)  # longer already: unchanged
    assert len(encoding) == 4


def test_cli_encodes_pairs_and_pre_split_words_as_python():
    import subprocess
    from conftest import _module_dir
    cli = _module_dir().parent.parent / "tokenizers" / "tokenmill"
    if not cli.is_file():
        pytest.skip(f"{cli} not built (target tokenmill_cli)")
    tokenizer = load("bert-base-uncased")
    inputs = [{"text": "Hello world", "pair": "naïve café"}, {"words": ["New York", "is"], "pair_words": ["big"]},
              {"words": ["solo"]}, {"text": "plain"}]
    stdin = "\n".join(json.dumps(i) for i in inputs) + "\n"
    done = subprocess.run([str(cli), "encode", "--tokenizer", str(REPO_ROOT / CASES["bert-base-uncased"][0]),
                           "--extra"], input=stdin, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    for given, line in zip(inputs, done.stdout.splitlines()):
        got = json.loads(line)
        if "words" in given:
            want = tokenizer.encode(given["words"], given.get("pair_words"), is_pretokenized=True)
        else:
            want = tokenizer.encode(given["text"], given.get("pair"))
        assert (got["ids"], got["type_ids"], got["word_ids"]) == (want.ids, want.type_ids, want.word_ids)
    bad = subprocess.run([str(cli), "encode", "--encoding", "cl100k_base"],
                         input='{"text": "a", "pair": "b"}\n', capture_output=True, text=True)
    assert bad.returncode == 2 and "need a tokenizer.json" in bad.stderr


def merge_part(tokenizer, plain, spec):
    """One input of a "merge" golden, made as the generator made it."""
    if spec["processed"]:
        encoding = tokenizer.encode(spec["text"], spec["pair"],
                                    add_special_tokens=spec["add_special_tokens"])
    else:
        encoding = plain.encode(spec["text"], add_special_tokens=False)
    if spec["truncate"]:
        encoding.truncate(*spec["truncate"])
    return encoding


@pytest.mark.parametrize("name", CASES)
def test_merge_matches_hf(name):
    tokenizer, plain = load(name), bare(name)
    for where, want in golden_cases(name, "merge", 10):
        parts = [merge_part(tokenizer, plain, spec) for spec in want["parts"]]
        merged = tokenmill.Encoding.merge(parts, growing_offsets=want["growing_offsets"])
        check_fields(merged, want, where)
        assert len(merged.overflowing) == len(want["overflowing"]), where
        for k, (part, part_want) in enumerate(zip(merged.overflowing, want["overflowing"])):
            check_fields(part, part_want, f"{where} overflowing {k}")
        assert [merged.token_to_sequence(t) for t in range(len(merged) + 1)] == \
            want["token_to_sequence"], where
        for sequence, answers in enumerate(want["char_to_token"]):
            positions = []
            c = 0
            while len(positions) < len(answers):
                positions.append(c)
                c += 1 + c % 3
            assert [merged.char_to_token(c, sequence) for c in positions] == answers, where
        # The inputs are left as they were.
        assert [len(p) for p in parts] == [len(merge_part(tokenizer, plain, s)) for s in want["parts"]]


def test_merge_takes_encodings_only():
    encoding = load("bert-base-uncased").encode("hello world")
    assert tokenmill.Encoding.merge([]).ids == []
    assert tokenmill.Encoding.merge(iter([encoding, encoding])).ids == encoding.ids * 2
    with pytest.raises(TypeError, match="tokenmill.Encoding"):
        tokenmill.Encoding.merge([encoding, "hello"])
    with pytest.raises(TypeError):
        tokenmill.Encoding.merge(5)


def test_from_buffer_and_deprecated_words_as_hf():
    path = REPO_ROOT / "vocab" / "bert-base-uncased" / "tokenizer.json"
    tokenizer = tokenmill.Tokenizer.from_buffer(path.read_bytes())
    encoding = tokenizer.encode("Hello, tokenmill!")
    assert encoding.ids == tokenmill.Tokenizer.from_file(str(path)).encode("Hello, tokenmill!").ids
    with pytest.warns(DeprecationWarning, match="word_ids"):
        assert encoding.words == encoding.word_ids
    with pytest.raises(ValueError, match="<buffer>"):
        tokenmill.Tokenizer.from_buffer(b'{"model": ')


FAST_TEXTS = ["Hello, world! Tokenization is fun.", "日本語のテキストと English [MASK] mixed",
              "", "a " * 40]
FAST_PAIRS = [("The first text", "and its pair, longer than the first one"), ("", "x y")]


def assert_fast_matches(full, fast, processor_types, where):
    """fast is full without the input tokens' details (HF's OffsetType::None). processor_types:
    the post-processor set the type ids (else the input tokens' are 0)."""
    assert fast.ids == full.ids, where
    assert fast.attention_mask == full.attention_mask, where
    assert fast.special_tokens_mask == full.special_tokens_mask, where
    assert fast.sequence_ids == full.sequence_ids, where
    for i, sequence in enumerate(full.sequence_ids):
        if sequence is None or not full.attention_mask[i]:  # post-processing, padding: as usual
            assert (fast.tokens[i], fast.offsets[i], fast.word_ids[i], fast.type_ids[i]) == (
                full.tokens[i], full.offsets[i], full.word_ids[i], full.type_ids[i]), where
        else:
            assert (fast.tokens[i], fast.offsets[i], fast.word_ids[i]) == ("", (0, 0), None), where
            assert fast.type_ids[i] == (full.type_ids[i] if processor_types else 0), where
    assert len(fast.overflowing) == len(full.overflowing), where
    for k, (a, b) in enumerate(zip(full.overflowing, fast.overflowing)):
        assert_fast_matches(a, b, processor_types, f"{where} overflowing {k}")


@pytest.mark.parametrize("name", sorted(CASES) + ["bert-base-uncased-no-processor"])
def test_encode_batch_fast_is_encode_batch_without_token_details(name):
    """HF's encode_batch_fast (tokenizer/mod.rs encode_fast: into_encoding with OffsetType::None,
    then post_process; the oracle's node binding lacks it, so checked against encode_batch):
    the same ids, masks, truncation and special tokens; the input tokens have an empty string,
    offsets (0, 0), no word, and type id 0 unless the post-processor sets the type ids (HF's
    TemplateProcessing always does, Bert/RobertaProcessing only when adding special tokens)."""
    tokenizer = load(name.replace("-no-processor", ""))
    if name.endswith("-no-processor"):
        tokenizer.post_processor = None
    processor = json.loads(tokenizer.to_str())["post_processor"]
    kind = processor["type"] if processor else None
    tokenizer.enable_truncation(max_length=20, stride=3)
    for add_special_tokens in (True, False):
        processor_types = kind == "TemplateProcessing" or (
            kind in ("BertProcessing", "RobertaProcessing") and add_special_tokens)
        for batch in (FAST_TEXTS, FAST_PAIRS):
            full = tokenizer.encode_batch(batch, add_special_tokens=add_special_tokens)
            fast = tokenizer.encode_batch_fast(batch, add_special_tokens=add_special_tokens)
            assert len(fast) == len(full) == len(batch)
            for i, (a, b) in enumerate(zip(full, fast)):
                assert_fast_matches(a, b, processor_types, f"{name} {add_special_tokens} {i}")
    words = [(["a", "pair"], ["of", "word", "lists"])]
    full = tokenizer.encode_batch(words, is_pretokenized=True)
    fast = tokenizer.encode_batch_fast(words, is_pretokenized=True)
    assert_fast_matches(full[0], fast[0], kind is not None, f"{name} words")


def test_encode_batch_takes_lists_mixing_single_texts_and_pairs():
    """HF's encode_batch takes each item as a text or a (text, pair): a list may mix them, each
    encoded as encode() encodes it (padding, batch-wide, still applies to all)."""
    tokenizer = load("bert-base-uncased")
    items = ["one text", ("a text", "and its pair"), "", ("x", "")]
    singles = [tokenizer.encode(*item) if isinstance(item, tuple) else tokenizer.encode(item)
               for item in items]
    for encoding, want in zip(tokenizer.encode_batch(items), singles):
        assert (encoding.ids, encoding.type_ids, encoding.offsets, encoding.sequence_ids) == (
            want.ids, want.type_ids, want.offsets, want.sequence_ids)
    fast = tokenizer.encode_batch_fast(items)
    assert [e.ids for e in fast] == [e.ids for e in singles]
    tokenizer.enable_padding()
    padded = tokenizer.encode_batch(items)
    longest = max(len(e.ids) for e in singles)
    assert all(len(e.ids) == longest for e in padded)
    assert [e.ids[:len(s.ids)] for e, s in zip(padded, singles)] == [s.ids for s in singles]


def test_pre_split_batches_may_mix_single_word_lists_and_pairs():
    """HF takes each is_pretokenized item on its own (a word list, or a pair of them): mixed
    lists encode each item as encode(..., is_pretokenized=True) does, offsets and word ids too."""
    tokenizer = load("bert-base-uncased")
    items = [["one", "list"], (["a", "list"], ["and", "its", "pair"]), ["日本語"], (["x"], [])]
    singles = [tokenizer.encode(*item, is_pretokenized=True) if isinstance(item, tuple)
               else tokenizer.encode(item, is_pretokenized=True) for item in items]
    for encoding, want in zip(tokenizer.encode_batch(items, is_pretokenized=True), singles):
        assert (encoding.ids, encoding.type_ids, encoding.offsets, encoding.word_ids,
                encoding.sequence_ids) == (want.ids, want.type_ids, want.offsets, want.word_ids,
                                           want.sequence_ids)
    fast = tokenizer.encode_batch_fast(items, is_pretokenized=True)
    assert [e.ids for e in fast] == [e.ids for e in singles]


def test_async_methods_await_the_sync_results():
    """HF 0.22's async_encode / async_encode_batch / async_encode_batch_fast / async_decode_batch:
    awaitables with the sync methods' results; the input list is taken at the call."""
    import asyncio

    tokenizer = load("bert-base-uncased")
    texts = ["Hello there", ("a pair", "of texts"), "日本語"]

    async def run():
        batch_input = list(texts)
        pending = tokenizer.async_encode_batch(batch_input, add_special_tokens=True)
        batch_input.clear()  # after the call: the copy taken at the call is encoded
        single, batch, fast = await asyncio.gather(
            tokenizer.async_encode("Hello there", "and a pair"), pending,
            tokenizer.async_encode_batch_fast(texts))
        decoded = await tokenizer.async_decode_batch([e.ids for e in batch])
        return single, batch, fast, decoded

    single, batch, fast, decoded = asyncio.run(run())
    assert single.ids == tokenizer.encode("Hello there", "and a pair").ids
    assert [e.ids for e in batch] == [e.ids for e in tokenizer.encode_batch(texts)]
    assert [e.ids for e in fast] == [e.ids for e in batch] and fast[0].offsets[1] == (0, 0)
    assert decoded == tokenizer.decode_batch([e.ids for e in batch])


def test_from_pretrained_reads_the_local_hub_cache(tmp_path, monkeypatch):
    """HF's from_pretrained without the network: the Hub cache's layout (refs/<revision> names a
    commit, snapshots/<commit>/tokenizer.json), found through HF_HUB_CACHE or HF_HOME."""
    source = REPO_ROOT / "vocab" / "bert-base-uncased" / "tokenizer.json"
    repo = tmp_path / "hub" / "models--google-bert--bert-base-uncased"
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text("86b5e0934494bd15c9632b12f734a8a67f723594")
    snapshot = repo / "snapshots" / "86b5e0934494bd15c9632b12f734a8a67f723594"
    snapshot.mkdir(parents=True)
    (snapshot / "tokenizer.json").write_bytes(source.read_bytes())
    want = tokenmill.Tokenizer.from_file(str(source)).encode("Hello, world!").ids
    monkeypatch.delenv("HF_HUB_CACHE", raising=False)
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    assert tokenmill.Tokenizer.from_pretrained("google-bert/bert-base-uncased").encode(
        "Hello, world!").ids == want
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    monkeypatch.setenv("HF_HOME", str(tmp_path / "elsewhere"))
    by_commit = tokenmill.Tokenizer.from_pretrained(
        "google-bert/bert-base-uncased", revision="86b5e0934494bd15c9632b12f734a8a67f723594")
    assert by_commit.encode("Hello, world!").ids == want
    with pytest.raises(FileNotFoundError, match="not in the local Hugging Face cache.*downloads nothing"):
        tokenmill.Tokenizer.from_pretrained("google-bert/bert-base-uncased", revision="v2")
    with pytest.raises(FileNotFoundError, match="roberta-base"):
        tokenmill.Tokenizer.from_pretrained("roberta-base")
    with pytest.raises(ValueError, match="invalid characters"):
        tokenmill.Tokenizer.from_pretrained("bert base")
    with pytest.raises(ValueError, match="not a valid name"):
        tokenmill.Tokenizer.from_pretrained("../etc")
    # The command line takes the same ids for --tokenizer.
    import subprocess
    from conftest import _module_dir
    cli = _module_dir().parent.parent / "tokenizers" / "tokenmill"
    if cli.is_file():
        done = subprocess.run([str(cli), "encode", "--tokenizer", "google-bert/bert-base-uncased", "--text"],
                              input="Hello, world!\n", capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["ids"] == want
        missing = subprocess.run([str(cli), "encode", "--tokenizer", "org/none", "--text"],
                                 input="x\n", capture_output=True, text=True)
        assert missing.returncode != 0 and "nor a model in the local Hugging Face cache" in missing.stderr
