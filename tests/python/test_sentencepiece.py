"""tokenmill.SentencePieceProcessor against sentencepiece 0.1.97's goldens, and its API."""
import base64
import gzip
import json
import pickle

import pytest

import tokenmill
from conftest import SHARED_DIR, TEST_DATA, byte_to_char_offsets, read_json_lines

SLICE = TEST_DATA / "spm"
SHARED_SPM = SHARED_DIR / "vocab" / "spm"


def golden_texts(lines):
    return [l["text"] for l in lines]


@pytest.fixture(scope="module", params=["unigram_8k", "bpe_8k"])
def model_and_goldens(request):
    model = request.param
    return (tokenmill.SentencePieceProcessor(model_file=str(SLICE / f"{model}.model")),
            read_json_lines(SLICE / f"{model}.dev.jsonl.gz")
            + read_json_lines(SLICE / f"{model}.edge.jsonl.gz"))


def test_ids_and_pieces_match_the_bundled_goldens(model_and_goldens):
    sp, lines = model_and_goldens
    for line in lines:
        assert sp.encode(line["text"]) == line["ids"]
        assert sp.encode(line["text"], out_type=str) == line["pieces"]


def test_batches_equal_single_calls_on_threads(model_and_goldens):
    sp, lines = model_and_goldens
    texts = golden_texts(lines)
    assert sp.encode(texts, num_threads=4) == [l["ids"] for l in lines]
    assert sp.encode(texts, out_type=str, num_threads=2) == [l["pieces"] for l in lines]
    # Ids of a batch are packed per chunk of texts: bos/eos and empty texts stay per text.
    framed = ["", *texts[:40], ""]
    assert sp.encode(framed, add_bos=True, add_eos=True, num_threads=2) == [
        sp.encode(t, add_bos=True, add_eos=True) for t in framed]


def test_decode_matches_the_goldens(model_and_goldens):
    sp, lines = model_and_goldens
    for line in lines:
        assert sp.decode(line["ids"]) == line.get("decoded", line["text"])
    assert sp.decode([l["ids"] for l in lines[:5]]) == [l.get("decoded", l["text"]) for l in lines[:5]]


def test_unigram_nbest_matches_the_golden():
    sp = tokenmill.SentencePieceProcessor(model_file=str(SLICE / "unigram_8k.model"))
    for line in read_json_lines(SLICE / "unigram_8k.dev.jsonl.gz")[:40]:
        want = [n["ids"] for n in line["nbest"]]
        got = sp.nbest_encode(line["text"], nbest_size=5)
        scores = [n["score"] for n in line["nbest"]]
        if len(set(scores)) == len(scores):  # without ties the order is fixed
            assert got == want
        else:
            assert sorted(got) == sorted(want)


def test_tokenizer_from_model_file_gives_sentencepiece_offsets():
    tok = tokenmill.Tokenizer.from_file(SLICE / "unigram_8k.model")
    for line in read_json_lines(SLICE / "unigram_8k.dev.jsonl.gz")[:50]:
        enc = tok.encode(line["text"])
        assert enc.ids == line["ids"]
        assert [list(o) for o in enc.offsets] == byte_to_char_offsets(line["text"], line["offsets"])
        assert tok.decode(enc.ids) == line.get("decoded", line["text"])


def test_invalid_utf8_bytes_are_an_error():
    sp = tokenmill.SentencePieceProcessor(model_file=str(SLICE / "unigram_8k.model"))
    line = read_json_lines(SLICE / "unigram_8k.invalid_utf8.jsonl.gz")[0]
    with pytest.raises(ValueError):
        sp.encode(base64.b64decode(line["bytes_b64"]))


def test_sampling_is_seeded_and_valid():
    sp = tokenmill.SentencePieceProcessor(model_file=str(SLICE / "unigram_8k.model"))
    text = "Subword regularization samples segmentations."
    normalized = "".join(sp.encode(text, out_type=str))
    a = [sp.encode(text, out_type=str, enable_sampling=True, alpha=0.1, seed=s) for s in range(20)]
    b = [sp.encode(text, out_type=str, enable_sampling=True, alpha=0.1, seed=s) for s in range(20)]
    assert a == b
    assert len({tuple(x) for x in a}) > 1
    assert all("".join(x) == normalized for x in a)
    scored = sp.sample_encode_and_score(text, num_samples=4, alpha=0.5, wor=True, seed=7)
    assert len(scored) == 4 and all(isinstance(s, float) for _, s in scored)
    with pytest.raises(RuntimeError):
        sp.encode(text, enable_sampling=True, nbest_size=1)
    bpe = tokenmill.SentencePieceProcessor(model_file=str(SLICE / "bpe_8k.model"))
    dropped = bpe.encode(text, out_type=str, enable_sampling=True, alpha=0.5, seed=1)
    assert "".join(dropped) == "".join(bpe.encode(text, out_type=str))


def test_piece_lookups_and_errors():
    sp = tokenmill.SentencePieceProcessor(model_file=str(SLICE / "bpe_8k.model"))
    assert len(sp) == sp.get_piece_size() == 8000
    assert (sp.unk_id(), sp.bos_id(), sp.eos_id(), sp.pad_id()) == (0, 1, 2, -1)
    assert sp.id_to_piece(sp.piece_to_id("▁t")) == "▁t"
    assert sp.piece_to_id("no such piece") == 0
    assert sp.is_unknown(0) and sp.is_control(1) and not sp.is_byte(5)
    with pytest.raises(IndexError):
        sp.id_to_piece(8000)
    with pytest.raises(IndexError):
        sp.decode([5, 8000])
    assert sp.encode("Hello", add_bos=True, add_eos=True)[0] == 1
    with pytest.raises(RuntimeError):
        sp.nbest_encode("Hello", nbest_size=2)  # BPE has no n-best


def test_model_round_trips_through_bytes_and_files(tmp_path):
    sp = tokenmill.SentencePieceProcessor(model_file=str(SLICE / "unigram_8k.model"))
    proto = sp.serialized_model_proto()
    assert proto == (SLICE / "unigram_8k.model").read_bytes()
    again = tokenmill.SentencePieceProcessor(model_proto=proto)
    sp.save(tmp_path / "copy.model")
    copy = tokenmill.SentencePieceProcessor(model_file=str(tmp_path / "copy.model"))
    assert again.encode("Hello world") == copy.encode("Hello world") == sp.encode("Hello world")


def test_bad_model_files_raise(tmp_path):
    with pytest.raises(FileNotFoundError):
        tokenmill.SentencePieceProcessor(model_file=str(tmp_path / "missing.model"))
    data = (SLICE / "bpe_8k.model").read_bytes()
    (tmp_path / "cut.model").write_bytes(data[: len(data) // 2])
    with pytest.raises(ValueError, match="cut.model"):
        tokenmill.SentencePieceProcessor(model_file=str(tmp_path / "cut.model"))


def test_sentencepiece_s_other_names_call_the_same_methods():
    sp = tokenmill.SentencePieceProcessor(model_file=str(TEST_DATA / "spm" / "unigram_8k.model"))
    texts = ["Hello world", "naïve café"]
    pieces, ids = sp.encode(texts, out_type=str), sp.encode(texts)
    for name in ("EncodeAsPieces", "encode_as_pieces"):
        assert getattr(sp, name)(texts) == pieces
        assert getattr(sp, name)(texts[0], add_bos=True) == sp.encode(texts[0], out_type=str, add_bos=True)
    for name in ("EncodeAsIds", "encode_as_ids", "Encode", "Tokenize", "tokenize"):
        assert getattr(sp, name)(texts) == ids
    for name in ("Decode", "Detokenize", "detokenize", "DecodeIds"):
        assert getattr(sp, name)(ids) == sp.decode(ids)
    assert sp.DecodePieces(pieces[0]) == sp.decode(pieces[0])
    assert sp.NBestEncodeAsPieces(texts[0], 3) == sp.nbest_encode(texts[0], out_type=str, nbest_size=3)
    assert sp.nbest_encode_as_ids(texts[0], nbest_size=2) == sp.nbest_encode(texts[0], nbest_size=2)
    assert sp.SampleEncodeAsPieces(texts[0], -1, 0.1, seed=5) == \
        sp.encode(texts[0], out_type=str, enable_sampling=True, nbest_size=-1, alpha=0.1, seed=5)
    assert sp.sample_encode_as_ids(texts[0], None, None, seed=5) == sp.encode(texts[0], enable_sampling=True, seed=5)
    assert sp.SampleEncodeAndScoreAsIds(texts[0], 2, 0.5, seed=1) == \
        sp.sample_encode_and_score(texts[0], num_samples=2, alpha=0.5, seed=1)
    assert sp.GetPieceSize() == sp.piece_size() == len(sp)
    assert sp["▁the"] == sp.PieceToId("▁the") == sp.piece_to_id("▁the")
    assert sp.IdToPiece(5) == sp.id_to_piece(5) and sp.GetScore(5) == sp.get_score(5)
    assert sp.IsUnknown(sp.unk_id()) and sp.IsControl(sp.bos_id())
    assert sp.CalculateEntropy(texts[0], 0.5) == sp.calculate_entropy(texts[0], 0.5)
    # A list is sentencepiece's _CalculateEntropyBatch: each text's entropy, on threads.
    assert sp.calculate_entropy(texts[:5], 0.5, num_threads=2) == \
        [sp.calculate_entropy(t, 0.5) for t in texts[:5]]
    other = tokenmill.SentencePieceProcessor()
    other.Load(str(TEST_DATA / "spm" / "unigram_8k.model"))
    assert other.EncodeAsIds(texts) == ids
    other.LoadFromSerializedProto(sp.serialized_model_proto())
    assert other.encode(texts) == ids
    with pytest.raises(TypeError, match="too many positional"):
        sp.EncodeAsPieces("x", 1)
    with pytest.raises(TypeError, match="given twice"):
        sp.NBestEncodeAsIds("x", 2, nbest_size=3)


def test_list_rewrites_and_extra_options_match_sentencepiece():
    """reverse / emit_unk_piece / add_bos / add_eos and set_{encode,decode}_extra_options,
    against sentencepiece 0.1.97 (spm/make_extra_option_goldens.py)."""
    records = read_json_lines(SLICE / "extra_options.jsonl.gz")
    assert len(records) > 4000
    processors = {m: tokenmill.SentencePieceProcessor(model_file=str(SLICE / f"{m}.model"))
                  for m in ("unigram_8k", "bpe_8k")}
    for i, r in enumerate(records):
        sp = processors[r["model"]]
        sp.set_encode_extra_options(r.get("encode_extra", ""))
        sp.set_decode_extra_options(r.get("decode_extra", ""))
        if r["call"] == "decode":
            got = sp.decode(r["input"])
        else:
            out_type = int if r["out_type"] == "int" else str
            if r["call"] == "encode":
                got = sp.encode(r["text"], out_type=out_type, **r["kwargs"])
            else:
                got = sp.nbest_encode(r["text"], out_type=out_type, nbest_size=2, **r["kwargs"])
        assert got == r["result"], f"record {i}: {r}"


def test_extra_options_reject_unknown_names_and_survive_pickling():
    import pickle

    sp = tokenmill.SentencePieceProcessor(model_file=str(SLICE / "unigram_8k.model"),
                                          reverse=True, emit_unk_piece=True)
    with pytest.raises(RuntimeError, match='option "foo" is not available'):
        sp.set_encode_extra_options("bos:foo")
    sp.SetEncodeExtraOptions("eos")
    sp.set_decode_extra_options("reverse")
    text = "Hello 漢 ok"
    copy = pickle.loads(pickle.dumps(sp))
    assert copy.encode(text, out_type=str) == sp.encode(text, out_type=str)
    # eos appended by the extra option, then everything reversed by the wrapper's reverse.
    assert copy.encode(text, out_type=str)[:3] == ["</s>", "▁ok", "<unk>"]
    assert copy.decode(sp.encode(text)) == sp.decode(sp.encode(text))
    # A batch goes through the same rewrite as single calls.
    assert sp.encode([text, "a b"], num_threads=2) == [sp.encode(text), sp.encode("a b")]


def vocabulary_goldens(model):
    with gzip.open(SLICE / f"vocabulary.{model}.jsonl.gz", "rt", encoding="utf-8") as f:
        header, *scenarios = [json.loads(line) for line in f]
    return header, scenarios


@pytest.mark.parametrize("model", ["unigram_8k", "bpe_8k", "unigram_16k_bytefallback"])
def test_vocabulary_restriction_matches_sentencepiece(model, tmp_path):
    """set_vocabulary / load_vocabulary / reset_vocabulary against sentencepiece 0.1.97
    (spm/make_vocabulary_goldens.py): sentencepiece only retypes pieces, keeping what it built
    at load (the matched pieces, the unknown piece's score)."""
    model_file = SLICE / f"{model}.model"
    if not model_file.exists():
        model_file = SHARED_SPM / f"{model}.model"
        if not model_file.exists():
            pytest.skip(f"{model}.model is in ../shared only (not bundled)")
    header, scenarios = vocabulary_goldens(model)
    vocab_file = tmp_path / "vocab.tsv"
    vocab_file.write_text("".join(f"{p}\t{c}\n" for p, c in header["frequencies"].items()),
                          encoding="utf-8")
    restrict = {
        "seen": lambda sp: sp.set_vocabulary(header["seen"]),
        "none": lambda sp: sp.set_vocabulary([]),
        "file_threshold_3": lambda sp: sp.load_vocabulary(str(vocab_file), 3),
        "seen_then_reset": lambda sp: (sp.SetVocabulary(header["seen"]), sp.ResetVocabulary()),
    }
    for scenario in scenarios:
        sp = tokenmill.SentencePieceProcessor(model_file=str(model_file))
        restrict[scenario["scenario"]](sp)
        for copy in (sp, pickle.loads(pickle.dumps(sp))):
            where = f"{model} {scenario['scenario']}"
            assert [i for i in range(copy.get_piece_size()) if copy.is_unused(i)] == scenario["unused"], where
            for r in scenario["results"]:
                assert copy.encode(r["text"]) == r["ids"], f"{where}: {r['text']!r}"
                assert copy.encode(r["text"], out_type=str) == r["pieces"], where
                assert copy.decode(r["ids"]) == r["decoded"], where
                if "nbest" in r:
                    assert copy.nbest_encode(r["text"], nbest_size=3) == r["nbest"], where


def test_vocabulary_files_are_checked(tmp_path):
    sp = tokenmill.SentencePieceProcessor(model_file=str(SLICE / "unigram_8k.model"))
    bad = tmp_path / "bad.tsv"
    bad.write_text("▁the\t12\n▁a\tmany\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"bad.tsv:2: could not parse the frequency"):
        sp.load_vocabulary(str(bad), 1)
    bad.write_text("▁the\t12\n\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"bad.tsv:2:"):
        sp.load_vocabulary(str(bad), 1)
    with pytest.raises(RuntimeError, match="missing.tsv"):
        sp.load_vocabulary(str(tmp_path / "missing.tsv"), 1)
    char = SHARED_SPM / "char.model"
    if char.exists():
        with pytest.raises(RuntimeError, match="only enabled in subword units"):
            tokenmill.SentencePieceProcessor(model_file=str(char)).set_vocabulary(["a"])


def test_cli_encodes_with_a_restricted_vocabulary_as_sentencepiece(tmp_path):
    """`tokenmill encode --vocabulary F --vocabulary-threshold 3`: spm_encode's flags, with
    the answers of the file_threshold_3 golden."""
    import subprocess
    from conftest import _module_dir
    cli = _module_dir().parent.parent / "tokenizers" / "tokenmill"
    if not cli.is_file():
        pytest.skip(f"{cli} not built (target tokenmill_cli)")
    header, scenarios = vocabulary_goldens("unigram_8k")
    (scenario,) = [s for s in scenarios if s["scenario"] == "file_threshold_3"]
    vocab_file = tmp_path / "vocab.tsv"
    vocab_file.write_text("".join(f"{p}\t{c}\n" for p, c in header["frequencies"].items()),
                          encoding="utf-8")
    stdin = "".join(json.dumps({"text": r["text"]}) + "\n" for r in scenario["results"])
    done = subprocess.run([str(cli), "encode", "--tokenizer", str(SLICE / "unigram_8k.model"),
                           "--vocabulary", str(vocab_file), "--vocabulary-threshold", "3"],
                          input=stdin, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.rstrip("\n").split("\n")  # not splitlines: texts hold U+2028 and the like
    assert [json.loads(l)["ids"] for l in lines] == [r["ids"] for r in scenario["results"]]
    bad = subprocess.run([str(cli), "encode", "--tokenizer", str(SLICE / "unigram_8k.model"),
                          "--vocabulary", str(tmp_path / "missing.tsv")],
                         input=stdin, capture_output=True, text=True)
    assert bad.returncode == 1 and "missing.tsv" in bad.stderr


def proto_processor(model):
    path = SLICE / f"{model}.model"
    if not path.exists():
        path = SHARED_SPM / f"{model}.model"
    return tokenmill.SentencePieceProcessor(model_file=str(path))


def test_protos_match_sentencepiece():
    """encode / nbest_encode / decode as serialized SentencePieceText bytes and as
    ImmutableSentencePieceText (printed: code-point spans), with extra options, against
    sentencepiece 0.1.97 (spm/make_proto_goldens.py)."""
    records = read_json_lines(SLICE / "protos.jsonl.gz")
    models = {r["model"] for r in records}
    assert {"unigram_8k", "bpe_8k"} <= models
    processors = {}
    checked = 0
    for i, r in enumerate(records):
        if r["model"] not in processors:
            if not (SLICE / f"{r['model']}.model").exists() and \
                    not (SHARED_SPM / f"{r['model']}.model").exists():
                continue
            processors[r["model"]] = proto_processor(r["model"])
        sp = processors[r["model"]]
        sp.set_encode_extra_options(r.get("encode_extra", ""))
        sp.set_decode_extra_options(r.get("decode_extra", ""))
        if r["call"] == "encode":
            serialized = sp.encode_as_serialized_proto(r["text"])
            immutable = sp.encode(r["text"], out_type="immutable_proto")
        elif r["call"] == "nbest_encode":
            serialized = sp.NBestEncodeAsSerializedProto(r["text"], 3)
            immutable = sp.nbest_encode_as_immutable_proto(r["text"], nbest_size=3)
        else:
            ids = isinstance(r["input"][0], int)
            serialized = (sp.decode_ids_as_serialized_proto if ids
                          else sp.DecodePiecesAsSerializedProto)(r["input"])
            immutable = sp.decode(r["input"], out_type="immutable_proto")
        assert base64.b64encode(serialized).decode() == r["serialized"], f"record {i}: {r}"
        assert str(immutable) == r["immutable"], f"record {i}: {r}"
        checked += 1
    # The byte-fallback model (decode of byte pieces, valid and not) is in ../shared only.
    assert checked >= 190
    print(f"{checked} of {len(records)} proto records checked"
          + ("" if checked == len(records) else " (unigram_16k_bytefallback: ../shared absent)"))


def test_immutable_proto_objects_behave_as_sentencepiece():
    sp = tokenmill.SentencePieceProcessor(model_file=str(SLICE / "unigram_8k.model"))
    text = "Hello wörld"
    proto = sp.encode_as_immutable_proto(text)
    assert proto.text == text and proto.score == 0.0
    pieces = proto.pieces
    assert len(pieces) == len(sp.encode(text))
    assert [p.piece for p in pieces] == sp.encode(text, out_type=str)
    assert [p.id for p in pieces] == sp.encode(text)
    # Code-point spans covering the text, surfaces from the original text.
    assert "".join(p.surface for p in pieces) == text.replace(" ", " ")
    assert pieces[0].begin == 0 and pieces[-1].end == len(text)
    assert pieces[-1] == pieces[len(pieces) - 1] and pieces[1:3] == [pieces[1], pieces[2]]
    with pytest.raises(IndexError, match="piece index is out of range"):
        pieces[len(pieces)]
    assert proto == sp.encode(text, out_type="immutable_proto") and hash(proto) == hash(
        sp.encode_as_immutable_proto(text))
    assert proto != sp.encode_as_immutable_proto("other")
    nbest = sp.nbest_encode_as_immutable_proto(text, 2)
    assert len(nbest.nbests) == 2 and nbest.nbests[-1].score < nbest.nbests[0].score
    with pytest.raises(IndexError, match="nbests index is out of range"):
        nbest.nbests[2]
    # Lists give one proto per text.
    assert sp.encode([text, "a"], out_type="serialized_proto") == [
        sp.encode_as_serialized_proto(text), sp.encode_as_serialized_proto("a")]
    # The proto API takes none of the list rewrites, as sentencepiece.
    with pytest.raises(RuntimeError, match="not supported in proto API"):
        sp.encode(text, out_type="serialized_proto", add_bos=True)
    with pytest.raises(ValueError, match="out_type"):
        sp.encode(text, out_type="json")
    # The constructor's out_type is every encode's default, and survives pickling.
    by_default = tokenmill.SentencePieceProcessor(model_file=str(SLICE / "unigram_8k.model"),
                                                  out_type="serialized_proto")
    for copy in (by_default, pickle.loads(pickle.dumps(by_default))):
        assert copy.encode(text) == sp.encode_as_serialized_proto(text)
        assert copy.encode(text, out_type=int) == sp.encode(text)
    # sentencepiece's wrapper answers '' for a false input, whatever the out_type.
    assert sp.decode([], out_type="serialized_proto") == "" and sp.decode(0) == ""


def test_sampled_protos_hold_the_sampled_segmentations():
    """Sampling draws the same segmentations for a seed whatever the out_type: the proto's
    pieces and scores are those of the lists."""
    sp = tokenmill.SentencePieceProcessor(model_file=str(SLICE / "unigram_8k.model"))
    text = "Subword regularization samples segmentations."
    for seed in range(5):
        lists = sp.sample_encode_and_score(text, num_samples=4, alpha=0.5, wor=True, seed=seed)
        protos = sp.sample_encode_and_score(text, out_type="immutable_proto", num_samples=4,
                                            alpha=0.5, wor=True, seed=seed)
        assert [[p.id for p in t.pieces] for t in protos.nbests] == [ids for ids, _ in lists]
        assert [t.score for t in protos.nbests] == pytest.approx([s for _, s in lists])
        sampled = sp.encode(text, enable_sampling=True, alpha=0.1, nbest_size=-1, seed=seed)
        proto = sp.SampleEncodeAsImmutableProto(text, -1, 0.1, seed=seed)
        assert [p.id for p in proto.pieces] == sampled
        assert "".join(p.surface for p in proto.pieces) == text


def test_init_and_the_global_random_generator_seed():
    """sentencepiece's Init (the constructor again, in place) and set_random_generator_seed
    (sampling calls without a seed become reproducible from it)."""
    sp = tokenmill.SentencePieceProcessor()
    sp.Init(model_file=str(SLICE / "unigram_8k.model"), out_type=str, add_bos=True)
    assert sp.encode("Hello") == ["<s>"] + sp.encode("Hello", add_bos=False)
    assert sp.encode("Hello", add_bos=False) == ["▁H", "ell", "o"]
    sp.init(model_file=str(SLICE / "bpe_8k.model"))
    assert isinstance(sp.encode("Hello")[0], int) and sp.get_piece_size() == 8000
    text = "Subword regularization samples segmentations."

    def draws():
        return [sp.encode(text, enable_sampling=True, alpha=0.1, nbest_size=-1) for _ in range(8)]

    tokenmill.set_random_generator_seed(7)
    first = draws()
    tokenmill.SetRandomGeneratorSeed(7)
    assert draws() == first
    assert len({tuple(d) for d in first}) > 1  # the draws still vary from call to call


def test_normalize_matches_goldens_and_sentencepiece_02s_own_cases(model_and_goldens):
    """sentencepiece 0.2's Normalize: the golden `normalized` text of every line (sentencepiece
    0.1.97's, the one its encode segments), and its own NormalizationTest's offsets."""
    sp, lines = model_and_goldens
    assert sp.normalize([l["text"] for l in lines]) == [l["normalized"] for l in lines]
    nfkc = tokenmill.SentencePieceProcessor(model_file=str(SLICE / "unigram_8k.model"))
    text = "ＫＡＤＯＫＡＷＡ   ABC "
    assert nfkc.Normalize(text) == "▁KADOKAWA▁ABC"
    assert nfkc.normalize(text, with_offsets=True) == (
        "▁KADOKAWA▁ABC", [0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14])
    assert nfkc.normalize(text.encode(), with_offsets=True) == (
        "▁KADOKAWA▁ABC".encode(), [0, 0, 0, 0, 3, 6, 9, 12, 15, 18, 21, 24, 24, 24, 27, 28, 29, 30])
    assert nfkc.normalize(["㍻元年", "ｶﾞｲﾀﾞﾝｽ"], with_offsets=True) == [
        ("▁平成元年", [0, 0, 0, 1, 2, 3]), ("▁ガイダンス", [0, 0, 2, 3, 5, 6, 7])]
    assert nfkc.normalize("", with_offsets=True) == ("", [0])
    assert nfkc.normalize("   ") == ""
    with pytest.raises(TypeError, match="str or bytes"):
        nfkc.normalize(3)


def test_sentencepiece_normalizer_on_its_own():
    """sentencepiece 0.2's SentencePieceNormalizer: a built-in rule or a model's normalizer,
    with the constructor's whitespace options (all off by default)."""
    lines = read_json_lines(SLICE / "unigram_8k.dev.jsonl.gz") + read_json_lines(SLICE / "unigram_8k.edge.jsonl.gz")
    texts = [l["text"] for l in lines]
    sp = tokenmill.SentencePieceProcessor(model_file=str(SLICE / "unigram_8k.model"))
    on = dict(add_dummy_prefix=True, escape_whitespaces=True, remove_extra_whitespaces=True)
    # With the model's own options, the model's normalizer (nmt_nfkc) gives the goldens' text.
    for normalizer in [tokenmill.SentencePieceNormalizer(model_file=str(SLICE / "unigram_8k.model"), **on),
                       tokenmill.SentencePieceNormalizer(rule_name="nmt_nfkc", **on),
                       tokenmill.SentencePieceNormalizer(model_proto=sp.serialized_model_proto(), **on)]:
        assert normalizer.normalize(texts) == [l["normalized"] for l in lines]
        assert normalizer.normalize(texts[0], with_offsets=True) == sp.normalize(texts[0], with_offsets=True)
    plain = tokenmill.SentencePieceNormalizer(rule_name="nfkc")
    assert plain.normalize("ＡＢＣ  x ") == "ABC  x "
    assert plain.Normalize("ＡＢＣ  x ", with_offsets=True) == ("ABC  x ", [0, 1, 2, 3, 4, 5, 6, 7])
    assert tokenmill.SentencePieceNormalizer(rule_name="identity").normalize("ＡＢＣ ") == "ＡＢＣ "
    cased = tokenmill.SentencePieceNormalizer(rule_name="nmt_nfkc_cf", escape_whitespaces=True)
    assert cased.normalize("ＡＢＣ Déjà") == "abc▁déjà"
    assert b"nmt_nfkc_cf" in cased.serialized_model_proto()
    with pytest.raises(RuntimeError, match="no model is specified"):
        tokenmill.SentencePieceNormalizer()
    with pytest.raises(ValueError, match="rule_tsv is not supported"):
        tokenmill.SentencePieceNormalizer(rule_tsv="rules.tsv")
    with pytest.raises(ValueError, match="nope"):
        tokenmill.SentencePieceNormalizer(rule_name="nope")
    with pytest.raises(OSError, match="missing.model"):
        tokenmill.SentencePieceNormalizer(model_file="missing.model")


def test_override_normalizer_spec_changes_the_whitespace_options():
    """sentencepiece 0.2's OverrideNormalizerSpec: the whitespace options act at once (values
    parsed as sentencepiece parses them); the piece types (a set vocabulary) stay."""
    path = str(SLICE / "unigram_8k.model")
    sp = tokenmill.SentencePieceProcessor(model_file=path)
    text = "  Hello   world  "
    assert sp.encode(text, out_type=str)[0].startswith("▁")
    assert sp.OverrideNormalizerSpec(add_dummy_prefix=False) is True
    same = tokenmill.SentencePieceNormalizer(model_file=path, add_dummy_prefix=False,
                                             escape_whitespaces=True, remove_extra_whitespaces=True)
    assert sp.normalize(text) == same.normalize(text) == "Hello▁world"
    assert "".join(sp.encode(text, out_type=str)) == "Hello▁world"
    sp.override_normalizer_spec(remove_extra_whitespaces="no", escape_whitespaces=0)
    assert sp.normalize(text) == text
    # Pickling keeps the options (the model is serialized with them), as sentencepiece's does.
    again = pickle.loads(pickle.dumps(sp))
    assert again.normalize(text) == text and again.encode(text) == sp.encode(text)
    restricted = tokenmill.SentencePieceProcessor(model_file=path)
    restricted.set_vocabulary(["▁the"])
    before = restricted.encode("the other", out_type=str)
    restricted.OverrideNormalizerSpec(add_dummy_prefix="t")
    assert restricted.encode("the other", out_type=str) == before
    with pytest.raises(OSError, match='unknown field name "foo" in NormalizerSpec'):
        sp.OverrideNormalizerSpec(foo=1)
    with pytest.raises(ValueError, match='cannot parse "maybe" as bool'):
        sp.OverrideNormalizerSpec(add_dummy_prefix="maybe")
    with pytest.raises(ValueError, match="does not act on a loaded model"):
        sp.OverrideNormalizerSpec(name="nfkc")
