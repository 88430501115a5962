"""tokenmill's tiktoken-shaped API (get_encoding, encoding_for_model, TiktokenEncoding).

Parity: ids identical to OpenAI's tiktoken (encode_ordinary) on the goldens in
../shared/golden/tiktoken.<encoding>.<set>.jsonl.gz and on the committed edge slices in
tests/data/golden. Special-token behaviour and messages follow tiktoken/core.py.
"""
import base64
import json
import threading

import pytest

import tokenmill
from conftest import TEST_DATA, read_json_lines

EOT = "<|endoftext|>"


@pytest.fixture(scope="module")
def cl100k():
    return tokenmill.get_encoding("cl100k_base")


@pytest.fixture(scope="module")
def o200k():
    return tokenmill.get_encoding("o200k_base")


def assert_matches_golden(encoding, texts, rows):
    assert len(texts) == len(rows)
    for line, (text, row) in enumerate(zip(texts, rows), start=1):
        ids = encoding.encode_ordinary(text)
        assert ids == row["ids"], f"line {line}: {text!r}"
        assert [base64.b64encode(encoding.decode_single_token_bytes(i)).decode() for i in ids] \
            == row["tokens"], f"line {line}"
        assert encoding.decode(ids) == text, f"line {line}"
    assert encoding.encode_ordinary_batch(texts) == [r["ids"] for r in rows]


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base"])
def test_matches_tiktoken_on_committed_edge_slice(name):
    rows = read_json_lines(TEST_DATA / "golden" / f"tiktoken.{name}.edge-slice.jsonl.gz")
    assert len(rows) >= 100
    assert_matches_golden(tokenmill.get_encoding(name), [r["text"] for r in rows], rows)


@pytest.mark.parametrize("name", ["cl100k_base", "o200k_base", "r50k_base", "p50k_base"])
@pytest.mark.parametrize("subset", ["edge", "dev"])
def test_matches_tiktoken_on_shared_goldens(shared_dir, name, subset):
    path = shared_dir / "golden" / f"tiktoken.{name}.{subset}.jsonl.gz"
    if not path.is_file():
        pytest.skip(f"{path} is not in the shared reference kit")
    # The shared goldens hold no text: line i is line i of corpus/<subset>.jsonl.
    texts = [r["text"] for r in read_json_lines(shared_dir / "corpus" / f"{subset}.jsonl")]
    rows = read_json_lines(path)
    assert rows
    assert_matches_golden(tokenmill.get_encoding(name), texts, rows)


def test_get_encoding_is_cached_and_described(cl100k):
    assert tokenmill.get_encoding("cl100k_base") is cl100k
    assert cl100k.name == "cl100k_base"
    assert repr(cl100k) == "<TiktokenEncoding 'cl100k_base'>"
    assert tokenmill.get_encoding("gpt2").name == "gpt2"


def test_vocabulary_facts_like_tiktoken(cl100k, o200k):
    # tiktoken: cl100k_base n_vocab 100277, eot 100257; o200k_base 200019 / 199999;
    # r50k_base 50257 / 50256; p50k_base 50281 / 50256.
    assert (cl100k.n_vocab, cl100k.eot_token) == (100277, 100257)
    assert (o200k.n_vocab, o200k.eot_token) == (200019, 199999)
    assert cl100k.max_token_value == 100276
    r50k = tokenmill.get_encoding("r50k_base")
    assert (r50k.n_vocab, r50k.eot_token) == (50257, 50256)
    assert r50k.special_tokens_set == {EOT}
    p50k = tokenmill.get_encoding("p50k_base")
    assert (p50k.n_vocab, p50k.eot_token) == (50281, 50256)
    assert cl100k.special_tokens_set == {
        EOT, "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>", "<|endofprompt|>"}
    assert o200k.special_tokens_set == {EOT, "<|endofprompt|>"}


def test_unknown_encoding_is_value_error():
    with pytest.raises(ValueError, match="Unknown encoding nope"):
        tokenmill.get_encoding("nope")


@pytest.mark.parametrize("model, name", [
    ("gpt-4o", "o200k_base"), ("gpt-4o-mini", "o200k_base"), ("gpt-4o-2024-05-13", "o200k_base"),
    ("o1", "o200k_base"), ("o3", "o200k_base"), ("o1-preview", "o200k_base"),
    ("gpt-4", "cl100k_base"), ("gpt-4-0314", "cl100k_base"), ("gpt-4-32k", "cl100k_base"),
    ("gpt-3.5-turbo", "cl100k_base"), ("gpt-3.5-turbo-0301", "cl100k_base"),
    ("text-embedding-ada-002", "cl100k_base"), ("text-embedding-3-small", "cl100k_base"),
    ("text-embedding-3-large", "cl100k_base"),
    ("text-davinci-003", "p50k_base"), ("text-davinci-002", "p50k_base"),
    ("code-davinci-002", "p50k_base"),
    ("davinci", "r50k_base"), ("text-davinci-001", "r50k_base"), ("gpt2", "gpt2"),
])
def test_encoding_for_model_maps_like_tiktoken(model, name):
    assert tokenmill.encoding_for_model(model).name == name


def test_encoding_for_unknown_model_is_key_error():
    with pytest.raises(KeyError, match="Could not automatically map llama-3 to a tokeniser"):
        tokenmill.encoding_for_model("llama-3")


def test_hello_world(cl100k, o200k):
    # tiktoken: cl100k "hello world" -> [15339, 1917]; o200k -> [24912, 2375].
    assert cl100k.encode("hello world") == [15339, 1917]
    assert o200k.encode("hello world") == [24912, 2375]


def test_disallowed_special_text_raises_tiktokens_message(cl100k):
    with pytest.raises(ValueError) as error:
        cl100k.encode(EOT)
    message = str(error.value)
    assert message.startswith(
        "Encountered text corresponding to disallowed special token '<|endoftext|>'.\n")
    assert "allowed_special={'<|endoftext|>', ...}" in message
    assert "disallowed_special=(enc.special_tokens_set - {'<|endoftext|>'})" in message
    # The leftmost disallowed token is the one named.
    with pytest.raises(ValueError, match="'<\\|fim_prefix\\|>'"):
        cl100k.encode("a <|fim_prefix|> b <|endoftext|>")


def test_allowed_special_gives_special_ids(cl100k):
    assert cl100k.encode(EOT, allowed_special="all") == [100257]
    assert cl100k.encode(EOT, allowed_special={EOT}) == [100257]
    assert cl100k.encode("hello" + EOT + " world", allowed_special="all") == [
        *cl100k.encode_ordinary("hello"), 100257, *cl100k.encode_ordinary(" world")]
    # Allowed: EOT; still disallowed by default: the others.
    with pytest.raises(ValueError, match="fim_prefix"):
        cl100k.encode(EOT + "<|fim_prefix|>", allowed_special={EOT})


def test_not_disallowed_special_text_is_ordinary_text(cl100k):
    ordinary = cl100k.encode_ordinary(EOT)
    assert len(ordinary) > 1 and 100257 not in ordinary
    assert cl100k.encode(EOT, disallowed_special=()) == ordinary
    assert cl100k.encode(EOT, disallowed_special=set()) == ordinary
    assert cl100k.encode(EOT, disallowed_special=cl100k.special_tokens_set - {EOT}) == ordinary
    assert cl100k.decode(ordinary) == EOT
    # Only the listed tokens are checked.
    assert cl100k.encode("<|fim_prefix|>", disallowed_special=[EOT]) == \
        cl100k.encode_ordinary("<|fim_prefix|>")


def test_special_argument_errors(cl100k):
    with pytest.raises(TypeError, match="allowed_special"):
        cl100k.encode("x", allowed_special="some")
    with pytest.raises(TypeError, match="disallowed_special"):
        cl100k.encode("x", disallowed_special=[1])


def test_decode_round_trip_and_bytes(cl100k, o200k):
    text = "Héllo wörld 👋🏽 — 日本語のテキスト\n\tcode = f(x) + 1;"
    for encoding in (cl100k, o200k):
        ids = encoding.encode(text)
        assert encoding.decode(ids) == text
        assert encoding.decode_bytes(ids) == text.encode("utf-8")
        assert b"".join(encoding.decode_tokens_bytes(ids)) == text.encode("utf-8")


def test_decode_is_lossy_like_tiktoken(cl100k):
    ids = cl100k.encode("👋")
    assert len(ids) > 1  # the emoji spans several tokens
    partial = ids[:-1]
    assert cl100k.decode(partial) == cl100k.decode_bytes(partial).decode("utf-8", "replace")
    assert "\ufffd" in cl100k.decode(partial)
    assert cl100k.decode(partial, errors="ignore") == ""
    with pytest.raises(UnicodeDecodeError):
        cl100k.decode(partial, errors="strict")


def test_decode_single_token_bytes(cl100k):
    assert cl100k.decode_single_token_bytes(15339) == b"hello"
    assert cl100k.decode_single_token_bytes(1917) == b" world"
    assert cl100k.decode_single_token_bytes(100257) == EOT.encode()
    # A token holding part of a character.
    emoji_ids = cl100k.encode("👋")
    assert b"".join(cl100k.decode_single_token_bytes(i) for i in emoji_ids) == "👋".encode()


def test_unknown_ids_are_errors(cl100k):
    with pytest.raises((ValueError, KeyError, RuntimeError, FileNotFoundError)):
        cl100k.decode_single_token_bytes(cl100k.n_vocab + 10)
    with pytest.raises((ValueError, KeyError, RuntimeError, FileNotFoundError)):
        cl100k.decode([15339, 10**9])


def test_lone_surrogates_become_replacement_characters_as_in_tiktoken(cl100k):
    # tiktoken retries with text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").
    assert cl100k.encode("a\ud800b") == cl100k.encode("a\ufffdb")
    assert cl100k.encode_ordinary("\udfff") == cl100k.encode_ordinary("\ufffd")
    assert cl100k.encode_batch(["fine", "bad \ud800"]) == [cl100k.encode("fine"),
                                                           cl100k.encode("bad \ufffd")]
    assert cl100k.encode("\ufffd") != cl100k.encode("")


def test_wrong_argument_types(cl100k):
    with pytest.raises(TypeError):
        cl100k.encode(123)
    with pytest.raises(TypeError, match="list of texts"):
        cl100k.encode_batch("one text")


def test_encode_batch_equals_one_by_one(cl100k, o200k):
    texts = [f"line {i}: some text, ünïcödé {i * 7} 🎉 " * (i % 5 + 1) for i in range(200)]
    texts += ["", " ", EOT + " after"]
    for encoding in (cl100k, o200k):
        assert encoding.encode_ordinary_batch(texts) == [encoding.encode_ordinary(t) for t in texts]
        assert encoding.encode_batch(texts, allowed_special="all") == [
            encoding.encode(t, allowed_special="all") for t in texts]
        assert encoding.encode_batch(texts, num_threads=1, disallowed_special=()) == [
            encoding.encode(t, disallowed_special=()) for t in texts]
    with pytest.raises(ValueError, match="text 202: Encountered text corresponding to disallowed"):
        cl100k.encode_batch(texts)


@pytest.mark.parametrize("num_threads", [1, 2, 3, 0])
def test_encode_batch_threads_and_first_error(cl100k, num_threads):
    # Lists are built while other threads still encode: any thread count gives the same lists,
    # and the first failing text (by index) is the one named, wherever it sits.
    texts = [f"text {i} " * (i % 40) for i in range(1000)]
    assert cl100k.encode_ordinary_batch(texts, num_threads=num_threads) == [
        cl100k.encode_ordinary(t) for t in texts]
    for bad in (0, 17, 999):
        with pytest.raises(ValueError, match=f"text {bad}: Encountered"):
            cl100k.encode_batch(texts[:bad] + [EOT] + texts[bad:] + [EOT], num_threads=num_threads)
    assert cl100k.encode_batch([], num_threads=num_threads) == []


def test_encode_from_python_threads(cl100k):
    texts = [f"thread text {i} " * 50 for i in range(64)]
    expected = [cl100k.encode(t) for t in texts]
    results = {}

    def run(k):
        results[k] = cl100k.encode_batch(texts, num_threads=2)

    threads = [threading.Thread(target=run, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(results[k] == expected for k in range(4))


def test_stub_describes_the_tiktoken_classes():
    from test_stub import stub_names
    stubbed = set(stub_names())
    for cls in ("TiktokenEncoding", "StreamDecoder"):
        public = {n for n in dir(getattr(tokenmill, cls)) if not n.startswith("_")}
        assert public == {n for c, n in stubbed if c == cls}, f"{cls}: stub and module differ"


def test_bytes_items_are_checked_as_utf8_str_items_are_trusted(cl100k):
    # A str's UTF-8 form is valid by construction, so it skips the check; bytes do not.
    texts = ["héllo wörld", "日本語のテキスト", "plain"]
    as_bytes = [t.encode() for t in texts]
    expected = [cl100k.encode_ordinary(t) for t in texts]
    assert cl100k.encode_ordinary_batch(as_bytes) == expected
    assert cl100k.encode_ordinary_batch(texts + as_bytes, num_threads=2) == expected + expected
    for bad in (b"\xff", b"ok \xc3", b"\xed\xa0\x80"):  # stray byte, truncated, encoded surrogate
        with pytest.raises(ValueError, match="text 1: .*UTF-8"):
            cl100k.encode_ordinary_batch(["fine", bad, "fine"])
        with pytest.raises(ValueError, match="UTF-8"):
            cl100k.encode_ordinary(bad)


# tiktoken's own expectations (tests/test_offsets.py in openai/tiktoken 0.14).
@pytest.mark.parametrize("prompt,allowed,offsets", [
    ("hello world", set(), [0, 5]),
    ("hello world<|endoftext|> green cow", "all", [0, 5, 11, 24, 30]),
    ("我非常渴望与人工智能一起工作", set(), [0, 1, 2, 3, 3, 4, 4, 5, 6, 7, 8, 8, 9, 10, 11, 12, 13]),
    ("நடிகர் சூர்யா", set(), [0, 0, 1, 1, 2, 3, 4, 4, 5, 6, 7, 8, 8, 9, 9, 10, 11, 12, 12]),
    (" Ġ除", set(), [0, 1]),
])
def test_decode_with_offsets_as_tiktoken(cl100k, prompt, allowed, offsets):
    assert cl100k.decode_with_offsets(cl100k.encode(prompt, allowed_special=allowed)) == (prompt, offsets)


def test_decode_with_offsets_follows_its_definition(cl100k, o200k):
    # tiktoken's reference: a token starts where the text decoded so far (invalid bytes
    # dropped) stops agreeing with the whole text.
    lines = [r["text"] for r in read_json_lines(TEST_DATA / "corpus" / "edge.jsonl")][:120]
    for encoding in (cl100k, o200k):
        for text in lines:
            tokens = encoding.encode_ordinary(text)[:60]
            tokens = encoding.encode(encoding.decode(tokens, errors="ignore"), allowed_special="all")
            whole = encoding.decode(tokens, errors="strict")
            want = []
            for i in range(len(tokens)):
                prefix = encoding.decode(tokens[:i], errors="ignore")
                common = 0
                while common < min(len(whole), len(prefix)) and whole[common] == prefix[common]:
                    common += 1
                want.append(common)
            assert encoding.decode_with_offsets(tokens) == (whole, want), text
    with pytest.raises(UnicodeDecodeError):
        cl100k.decode_with_offsets([cl100k.encode_single_token(b"\xe6")])


def test_encode_single_token(cl100k, o200k):
    assert cl100k.encode_single_token("hello") == cl100k.encode_ordinary("hello")[0]
    assert cl100k.encode_single_token(b" world") == cl100k.encode_ordinary(" world")[0]
    assert cl100k.encode_single_token(EOT) == cl100k.eot_token  # special tokens too
    for encoding in (cl100k, o200k):
        for token in list(range(0, encoding.n_vocab, 997)) + [encoding.max_token_value]:
            try:
                token_bytes = encoding.decode_single_token_bytes(token)
            except ValueError:  # an unused id
                continue
            assert encoding.encode_single_token(token_bytes) == token
    with pytest.raises(KeyError, match="hello world"):
        cl100k.encode_single_token("hello world")
    with pytest.raises(TypeError):
        cl100k.encode_single_token(5)


def test_token_byte_values_and_special_tokens(cl100k):
    values = cl100k.token_byte_values()
    assert values == sorted(values) and len(set(values)) == len(values)
    assert len(values) == 100256  # cl100k's mergeable ranks (its specials sit above, with gaps)
    assert all(cl100k.decode_single_token_bytes(cl100k.encode_single_token(v)) == v for v in values[::500])
    assert EOT.encode() not in set(values)
    assert cl100k.is_special_token(cl100k.eot_token)
    assert not cl100k.is_special_token(cl100k.encode_single_token("hello"))


def test_encode_to_numpy_and_decode_batches(cl100k):
    import numpy as np

    text = "hello <|endoftext|> world"
    array = cl100k.encode_to_numpy(text, allowed_special="all")
    assert array.dtype == np.uint32 and array.tolist() == cl100k.encode(text, allowed_special="all")
    with pytest.raises(ValueError, match="disallowed special token"):
        cl100k.encode_to_numpy(text)
    batch = [cl100k.encode_ordinary(t) for t in ["one", "two words", "", "ünïcode"]] + [[cl100k.encode_single_token(b"\xe6")]]
    assert cl100k.decode_batch(batch) == [cl100k.decode(b) for b in batch]
    assert cl100k.decode_batch(batch, errors="ignore")[-1] == ""
    assert cl100k.decode_bytes_batch(batch, num_threads=2) == [cl100k.decode_bytes(b) for b in batch]
    with pytest.raises(ValueError, match="not a token"):
        cl100k.decode_bytes_batch([[1], [10**7]])


def test_custom_encodings_match_tiktoken():
    """TiktokenEncoding(name, pat_str=, mergeable_ranks=, special_tokens=) against OpenAI
    tiktoken's own constructor (tests/parity/gen_tiktoken_custom_goldens.js): added chat special
    tokens, every spelling of OpenAI's patterns, and patterns run on RE2 (only the text they
    match is encoded, as tiktoken's find_iter does)."""
    header, *records = read_json_lines(TEST_DATA / "golden" / "tiktoken_custom.jsonl.gz")
    cases = header["cases"]
    encodings = {name: tokenmill.TiktokenEncoding(
        name, pat_str=case["pat_str"],
        mergeable_ranks=tokenmill.get_encoding(case["base"])._mergeable_ranks,
        special_tokens=case["special_tokens"]) for name, case in cases.items()}
    assert len(records) >= 300
    for i, r in enumerate(records):
        encoding = encodings[r["case"]]
        assert encoding.encode_ordinary(r["text"]) == r["ordinary"], f"record {i}: {r['case']}"
        assert encoding.encode(r["text"], allowed_special="all") == r["all"], f"record {i}: {r['case']}"
        if r["case"] != "r50k_letters_digits":  # its pattern leaves text out
            assert encoding.decode_bytes(r["all"]) == r["text"].encode(), f"record {i}"
    # Not vacuous: the pattern that leaves text out gives other ids than its base encoding.
    texts = [r["text"] for r in records if r["case"] == "r50k_letters_digits" and " " in r["text"]]
    assert all(encodings["r50k_letters_digits"].encode_ordinary(t) !=
               tokenmill.get_encoding("r50k_base").encode_ordinary(t) for t in texts[:20])


def test_custom_encoding_parts_pickling_and_errors(cl100k):
    assert cl100k._pat_str.startswith("'(?i:[sdmt]|ll|ve|re)")
    assert cl100k._special_tokens["<|endoftext|>"] == 100257
    ranks = cl100k._mergeable_ranks
    assert len(ranks) == 100256 and ranks[b"hello"] == cl100k.encode_single_token("hello")
    im = tokenmill.TiktokenEncoding(
        "cl100k_im", pat_str=cl100k._pat_str, mergeable_ranks=ranks,
        special_tokens={**cl100k._special_tokens, "<|im_start|>": 100264, "<|im_end|>": 100265})
    chat = "<|im_start|>user\nHi<|im_end|>"
    assert im.encode(chat, allowed_special="all")[0] == 100264 and im.n_vocab == 100277
    with pytest.raises(ValueError, match="disallowed special token"):
        im.encode(chat)
    import pickle

    copy = pickle.loads(pickle.dumps(im))
    assert copy.name == "cl100k_im" and copy.encode(chat, allowed_special="all") == im.encode(
        chat, allowed_special="all")
    assert pickle.loads(pickle.dumps(cl100k)).name == "cl100k_base"
    # tiktoken's own checks, and the ones it leaves to a panic.
    with pytest.raises(ValueError, match="explicit_n_vocab"):
        tokenmill.TiktokenEncoding("x", pat_str=r"\S+", mergeable_ranks=ranks, special_tokens={},
                                   explicit_n_vocab=5)
    with pytest.raises(ValueError, match="is a mergeable rank"):
        tokenmill.TiktokenEncoding("x", pat_str=r"\S+", mergeable_ranks=ranks,
                                   special_tokens={"<x>": 7})
    with pytest.raises(ValueError, match="has no rank"):
        tokenmill.TiktokenEncoding("x", pat_str=r"\S+", mergeable_ranks={b"a": 0}, special_tokens={})
    with pytest.raises(ValueError, match="pat_str"):
        tokenmill.TiktokenEncoding("x", pat_str=r"(?<=a)b", mergeable_ranks=ranks, special_tokens={})
    with pytest.raises(TypeError, match="not bytes"):
        tokenmill.TiktokenEncoding("x", pat_str=r"\S+", mergeable_ranks={"a": 0}, special_tokens={})


def test_load_tiktoken_bpe(tmp_path, cl100k):
    lines = [f"{base64.b64encode(bytes([b])).decode()} {b}" for b in range(256)]
    path = tmp_path / "bytes.tiktoken"
    path.write_text("\n".join(lines) + "\n")
    ranks = tokenmill.load_tiktoken_bpe(str(path))
    assert ranks == {bytes([b]): b for b in range(256)}
    byte_level = tokenmill.TiktokenEncoding("bytes", pat_str=cl100k._pat_str,
                                            mergeable_ranks=ranks, special_tokens={})
    assert byte_level.encode("hé") == list("hé".encode())
    with pytest.raises(ValueError, match="only local files"):
        tokenmill.load_tiktoken_bpe("https://openaipublic.blob.core.windows.net/x.tiktoken")
    (tmp_path / "bad.tiktoken").write_text("not base64! 0\n")
    with pytest.raises(ValueError, match="bad.tiktoken"):
        tokenmill.load_tiktoken_bpe(str(tmp_path / "bad.tiktoken"))


def _fnv1a64(text):
    h = 0xcbf29ce484222325
    for b in text.encode():
        h = ((h ^ b) * 0x100000001b3) & 0xffffffffffffffff
    return f"{h:016x}"


def test_encode_with_unstable_matches_tiktoken():
    """encode_with_unstable against OpenAI tiktoken's (WASM build;
    tests/parity/gen_tiktoken_unstable_goldens.js): stable ids, and the whole completion set
    (its size, a digest of its JSON sorted by ids, its first members)."""
    records = read_json_lines(TEST_DATA / "golden" / "tiktoken_unstable.jsonl.gz")
    assert len(records) >= 160
    for r in records:
        encoding = tokenmill.get_encoding(r["encoding"])
        stable, completions = encoding.encode_with_unstable(r["text"], allowed_special="all",
                                                            disallowed_special=())
        where = f"{r['encoding']} {r['text']!r}"
        assert stable == r["stable"], where
        assert len(completions) == r["count"], where
        assert completions[:len(r["head"])] == r["head"], where
        assert _fnv1a64(json.dumps(completions, separators=(",", ":"))) == r["digest"], where


def test_encode_with_unstable_contract_and_errors(cl100k):
    text = "hello fanta"
    stable, completions = cl100k.encode_with_unstable(text)
    assert text.encode().startswith(cl100k.decode_bytes(stable))
    assert completions and all(cl100k.decode_bytes(stable + seq).startswith(text.encode())
                               for seq in completions)
    assert cl100k.encode_with_unstable("") == ([], [])
    with pytest.raises(ValueError, match="disallowed special token '<\\|endoftext\\|>'"):
        cl100k.encode_with_unstable("x" + EOT)
    assert cl100k.encode_with_unstable("x" + EOT, allowed_special={EOT}) == \
        (cl100k.encode("x" + EOT, allowed_special={EOT}), [])


def test_registry_encodings_sharing_rank_files_match_tiktoken():
    """p50k_edit and o200k_harmony (gpt-oss) against tiktoken's WASM build
    (tests/parity/gen_tiktoken_registry_goldens.js), and the registry's names and model map."""
    records = read_json_lines(TEST_DATA / "golden" / "tiktoken_registry.jsonl.gz")
    assert len(records) >= 60
    for r in records:
        encoding = tokenmill.get_encoding(r["encoding"])
        assert encoding.encode_ordinary(r["text"]) == r["ordinary"], r["text"]
        assert encoding.encode(r["text"], allowed_special="all") == r["all"], r["text"]
    assert tokenmill.list_encoding_names() == [
        "gpt2", "r50k_base", "p50k_base", "p50k_edit", "cl100k_base", "o200k_base", "o200k_harmony"]
    harmony = tokenmill.encoding_for_model("gpt-oss-120b")
    assert harmony.name == "o200k_harmony" and harmony.n_vocab == 201088
    assert harmony.encode("<|start|>user<|message|>", allowed_special="all")[0] == 200006
    assert harmony._special_tokens["<|reserved_201087|>"] == 201087
    assert tokenmill.encoding_name_for_model("text-davinci-edit-001") == "p50k_edit"
    assert tokenmill.encoding_name_for_model("gpt-5.1-mini") == "o200k_base"
    with pytest.raises(KeyError, match="Could not automatically map llama to a tokeniser"):
        tokenmill.encoding_name_for_model("llama")


def test_private_helpers_other_libraries_call(cl100k):
    """tiktoken's _encode_single_piece, _encode_only_native_bpe and _encode_bytes."""
    text = "hello world, it's 12345 ünïcödé 日本語"
    assert cl100k._encode_only_native_bpe(text) == cl100k.encode_ordinary(text)
    assert cl100k._encode_bytes(text.encode()) == cl100k.encode_ordinary(text)
    # One piece of the pattern encodes alone as within the text; a token is its own id.
    for piece in [" world", " ünïcödé", " 日本語", "hello"]:
        assert cl100k._encode_single_piece(piece) == cl100k.encode_ordinary(piece)
        assert cl100k._encode_single_piece(piece.encode()) == cl100k.encode_ordinary(piece)
    assert cl100k._encode_single_piece(b"hello") == [cl100k.encode_single_token("hello")]
    # Not split: the merges run over the whole bytes, across what the pattern would split.
    assert cl100k.decode_bytes(cl100k._encode_single_piece("a  b!!")) == b"a  b!!"
    # Invalid UTF-8 at the end merges with the last piece, as tiktoken's _encode_bytes.
    ids = cl100k._encode_bytes(b"hello \xe2\x82")
    assert ids[0] == cl100k.encode_single_token("hello")
    assert cl100k.decode_bytes(ids) == b"hello \xe2\x82"
    with pytest.raises(TypeError, match="str or bytes"):
        cl100k._encode_single_piece(3)
