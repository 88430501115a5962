"""Training from Python: HF-shaped trainers, Tokenizer.train / train_from_iterator, tokenmill.train.

The exactness anchor is HF's own trainer output on ../shared/corpus/train-small.txt
(golden/train/); the C++ suite (tests/trainers) covers the trainer options in depth.
"""
import gzip
import json
import os
import random
import re

import pytest

import tokenmill
from conftest import REPO_ROOT
from tokenmill.trainers import BpeTrainer, WordPieceTrainer

def _corpus():
    """Lines of made-up words (fixed seed): enough distinct pairs for a few hundred merges."""
    rng = random.Random(7)
    syllables = ["ka", "lo", "mi", "nu", "ré", "sta", "tho", "vin", "东", "京", "über", "ñe", "42"]
    lines = []
    for _ in range(400):
        words = ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4)))
                 for _ in range(rng.randint(3, 12))]
        lines.append(" ".join(words) + rng.choice([".", "!", ",", ""]) + "\n")
    return lines


CORPUS = _corpus()


@pytest.fixture
def corpus_file(tmp_path):
    path = tmp_path / "corpus.txt"
    path.write_text("".join(CORPUS), encoding="utf-8")
    return path


def byte_level_bpe():
    return tokenmill.Tokenizer.from_str(json.dumps({
        "version": "1.0", "added_tokens": [], "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True,
                          "use_regex": True},
        "post_processor": None, "decoder": None,
        "model": {"type": "BPE", "vocab": {}, "merges": []}}))


@pytest.mark.parametrize("setup", ["bpe-bytelevel", "bpe-whitespace"])
def test_train_matches_hf_trainer_golden(shared_dir, setup):
    path = shared_dir / "golden" / "train" / f"hf.{setup}.train-small.json.gz"
    with gzip.open(path, "rt", encoding="utf-8") as f:
        golden = json.load(f)
    tok = tokenmill.Tokenizer.from_str(json.dumps(golden))
    tok.train([str(shared_dir / "corpus" / "train-small.txt")], BpeTrainer(show_progress=False))
    assert json.loads(tok.to_str()) == golden


def test_iterator_and_files_give_the_same_model(corpus_file):
    trainer = BpeTrainer(vocab_size=300, special_tokens=["<unk>", "<pad>"], show_progress=False)
    from_files = byte_level_bpe()
    from_files.train([str(corpus_file)], trainer)
    from_iter = byte_level_bpe()
    from_iter.train_from_iterator(iter(CORPUS), trainer)
    batched = byte_level_bpe()
    batched.train_from_iterator([CORPUS[i:i + 7] for i in range(0, len(CORPUS), 7)], trainer)
    assert from_files.to_str() == from_iter.to_str() == batched.to_str()
    assert from_files.get_vocab_size() == 300
    assert from_files.token_to_id("<unk>") == 0 and from_files.token_to_id("<pad>") == 1
    added = json.loads(from_files.to_str())["added_tokens"]
    assert [(t["content"], t["id"], t["special"], t["normalized"]) for t in added] == [
        ("<unk>", 0, True, False), ("<pad>", 1, True, False)]


def test_trainer_options_are_hf_shaped():
    trainer = BpeTrainer(vocab_size=1000, min_frequency=2, special_tokens=["[UNK]"],
                         limit_alphabet=50, initial_alphabet=["ab", "c"],
                         continuing_subword_prefix="##", end_of_word_suffix="</w>",
                         max_token_length=8, show_progress=False)
    assert (trainer.vocab_size, trainer.min_frequency, trainer.special_tokens) == (1000, 2, ["[UNK]"])
    assert trainer.limit_alphabet == 50 and trainer.initial_alphabet == ["a", "c"]
    assert trainer.continuing_subword_prefix == "##" and trainer.end_of_word_suffix == "</w>"
    assert trainer.max_token_length == 8
    trainer.vocab_size = 500
    assert trainer.vocab_size == 500
    assert WordPieceTrainer().continuing_subword_prefix == "##"
    assert len(tokenmill.trainers.byte_level_alphabet()) == 256
    assert tokenmill.BpeTrainer is BpeTrainer


def test_wordpiece_trainer_gives_a_wordpiece_model(corpus_file):
    tok = tokenmill.train([str(corpus_file)], kind="wordpiece", vocab_size=200,
                          show_progress=False)
    model = json.loads(tok.to_str())["model"]
    assert model["type"] == "WordPiece" and len(model["vocab"]) == 200
    assert [tok.token_to_id(t) for t in ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]] == [0, 1, 2, 3, 4]
    enc = tok.encode("kalo mivin")
    assert enc.tokens[0] == "[CLS]" and enc.tokens[-1] == "[SEP]"
    assert enc.ids[0] == 2 and enc.ids[-1] == 3


def test_tokenmill_train_writes_output_and_round_trips(corpus_file, tmp_path):
    out = tmp_path / "tok.json"
    tok = tokenmill.train([str(corpus_file)], kind="byte-bpe", vocab_size=400, output=str(out),
                          show_progress=False)
    loaded = tokenmill.Tokenizer.from_file(out)
    text = "Kalo tokenizers, naïve über café 東京!"
    assert loaded.encode(text).ids == tok.encode(text).ids
    assert loaded.decode(loaded.encode(text).ids) == text
    assert not list(tmp_path.glob("*.tmp-*"))


def test_errors(corpus_file, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="corpus is empty"):
        tokenmill.train([str(empty)], kind="bpe", show_progress=False)
    with pytest.raises(FileNotFoundError, match="missing.txt"):
        tokenmill.train([str(tmp_path / "missing.txt")], show_progress=False)
    with pytest.raises(FileNotFoundError, match="no file matches"):
        tokenmill.train([str(tmp_path / "*.nothing")], show_progress=False)
    with pytest.raises(ValueError, match="smaller than the initial vocabulary"):
        tokenmill.train([str(corpus_file)], kind="byte-bpe", vocab_size=100, show_progress=False)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"fine line\nstill fine\nbad \xff byte\n")
    with pytest.raises(ValueError, match=r"bad.txt: line 3: .*UTF-8"):
        tokenmill.train([str(bad)], kind="bpe", show_progress=False)
    with pytest.raises(ValueError, match="unknown model kind"):
        tokenmill.train([str(corpus_file)], kind="unigramx", show_progress=False)
    with pytest.raises(TypeError, match="item 2 is int"):
        byte_level_bpe().train_from_iterator(["ok", 5], BpeTrainer(show_progress=False))


def test_memory_bound_prunes_rare_words_with_a_warning(tmp_path, capfd):
    path = tmp_path / "many.txt"
    rng = random.Random(3)
    rare = {f"w{rng.randrange(10**9)}x" for _ in range(40000)}
    with open(path, "w", encoding="utf-8") as f:
        for word in sorted(rare):
            f.write(f"common words again {word}\n")
    # Which rare words survive depends on where the prunes fall between batches (so on the
    # thread count); that every distinct word is either kept or reported as dropped does not.
    for threads in (1, 2):
        tok = tokenmill.train([str(path)], kind="bpe", vocab_size=200, max_memory=1 << 20,
                              threads=threads, show_progress=True)
        err = capfd.readouterr().err
        assert "reached the memory bound" in err and "raise --max-memory" in err
        kept = int(re.search(r"counted (\d+) distinct words", err).group(1))
        dropped = int(re.search(r"bound: (\d+) distinct words seen at most 1 times", err).group(1))
        assert dropped > 0 and kept + dropped == len(rare) + 3
        # The frequent words were counted exactly and merged.
        assert tok.token_to_id("common") is not None and tok.token_to_id("again") is not None
    unbounded = tokenmill.train([str(path)], kind="bpe", vocab_size=200, show_progress=True)
    err = capfd.readouterr().err
    assert "memory bound" not in err
    assert f"counted {len(rare) + 3} distinct words" in err
    assert unbounded.get_vocab_size() == 200


CLI = REPO_ROOT / "build" / "tokenizers" / "tokenmill"


@pytest.mark.skipif(not CLI.exists(), reason=f"{CLI} is not built")
def test_interrupted_cli_training_leaves_the_old_output(tmp_path):
    import signal
    import subprocess
    import time
    # The corpus is a FIFO: the run is surely mid-way (waiting for more text) when interrupted.
    corpus = tmp_path / "corpus.fifo"
    os.mkfifo(corpus)
    out = tmp_path / "tokenizer.json"
    out.write_text("old content")
    # Ctrl-C as a terminal delivers it: with SIGINT's default action in the child (a test run
    # started in the background by a non-interactive shell inherits SIGINT ignored).
    proc = subprocess.Popen([str(CLI), "train", "bpe", "-q", "-o", str(out), str(corpus)],
                            stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    with open(corpus, "w", encoding="utf-8") as f:
        f.writelines(CORPUS)
        f.flush()
        time.sleep(0.3)
        assert proc.poll() is None
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)
    assert proc.returncode != 0
    assert out.read_text() == "old content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.fifo", "tokenizer.json"]


@pytest.mark.skipif(not CLI.exists(), reason=f"{CLI} is not built")
def test_cli_writes_every_format(corpus_file, tmp_path):
    import subprocess
    out = {name: tmp_path / name for name in ["t.json", "vocab.json", "merges.txt", "r.tiktoken"]}
    subprocess.run([str(CLI), "train", "byte-bpe", "--vocab-size", "300", "--special-tokens",
                    "<s>,</s>", "--special-tokens", "<pad>", str(corpus_file), "-o", str(out["t.json"]),
                    "--vocab-json", str(out["vocab.json"]), "--merges-txt", str(out["merges.txt"]),
                    "--tiktoken", str(out["r.tiktoken"]), "-q"], check=True)
    tok = json.loads(out["t.json"].read_text())
    assert [t["content"] for t in tok["added_tokens"]] == ["<s>", "</s>", "<pad>"]
    assert json.loads(out["vocab.json"].read_text()) == tok["model"]["vocab"]
    merges = out["merges.txt"].read_text().splitlines()
    assert merges[0] == "#version: 0.2" and [m.split(" ") for m in merges[1:]] == tok["model"]["merges"]
    assert len(out["r.tiktoken"].read_text().splitlines()) == 300 - 3
    vocab_txt = tmp_path / "vocab.txt"
    subprocess.run([str(CLI), "train", "wordpiece", "--vocab-size", "120", str(corpus_file),
                    "--vocab-txt", str(vocab_txt), "-q"], check=True)
    assert vocab_txt.read_text().splitlines()[:5] == ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
    bad = subprocess.run([str(CLI), "train", "bpe", str(corpus_file)], capture_output=True, text=True)
    assert bad.returncode == 2 and "--output" in bad.stderr


@pytest.mark.skipif(not CLI.exists(), reason=f"{CLI} is not built")
def test_cli_max_memory_prunes_with_a_warning_and_rejects_bad_sizes(tmp_path):
    import subprocess
    path = tmp_path / "many.txt"
    rng = random.Random(5)
    with open(path, "w", encoding="utf-8") as f:
        for i in range(40000):
            f.write(f"common words again w{rng.randrange(10**9)}x\n")
    out = tmp_path / "t.json"
    proc = subprocess.run([str(CLI), "train", "bpe", "--vocab-size", "200", "--max-memory", "1M",
                           "-o", str(out), str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "reached the memory bound" in proc.stderr and "raise --max-memory" in proc.stderr
    tok = tokenmill.Tokenizer.from_file(str(out))
    assert tok.token_to_id("common") is not None
    proc = subprocess.run([str(CLI), "train", "bpe", "--max-memory", "lots", "-o", str(out),
                           str(path)], capture_output=True, text=True)
    assert proc.returncode == 1 and "expected a size" in proc.stderr


def metaspace_unigram():
    return tokenmill.Tokenizer.from_str(json.dumps({
        "version": "1.0", "added_tokens": [], "normalizer": None,
        "pre_tokenizer": {"type": "Metaspace", "replacement": "\u2581",
                          "prepend_scheme": "always", "split": True},
        "post_processor": None,
        "decoder": {"type": "Metaspace", "replacement": "\u2581",
                    "prepend_scheme": "always", "split": True},
        "model": {"type": "Unigram", "unk_id": None, "vocab": []}}))


def test_unigram_trainer_is_hf_shaped_and_trains_from_files_or_iterator(corpus_file):
    from tokenmill.trainers import UnigramTrainer
    trainer = UnigramTrainer(vocab_size=300, special_tokens=["<pad>"], unk_token="<unk>",
                             show_progress=False)
    assert (trainer.vocab_size, trainer.shrinking_factor, trainer.n_sub_iterations) == (300, 0.75, 2)
    assert trainer.max_piece_length == 16 and trainer.unk_token == "<unk>"
    assert UnigramTrainer().vocab_size == 8000 and tokenmill.UnigramTrainer is UnigramTrainer
    from_files = metaspace_unigram()
    from_files.train([str(corpus_file)], trainer)
    from_iter = metaspace_unigram()
    from_iter.train_from_iterator(iter(CORPUS), trainer)
    assert from_files.to_str() == from_iter.to_str()
    model = json.loads(from_files.to_str())["model"]
    assert model["type"] == "Unigram" and model["unk_id"] == 0
    assert [p for p, _ in model["vocab"][:2]] == ["<unk>", "<pad>"]
    assert len(model["vocab"]) == 300
    scores = [s for _, s in model["vocab"][2:]]
    assert scores == sorted(scores, reverse=True)
    text = "kalo mivin über"
    assert from_files.decode(from_files.encode(text).ids) == text
    # A Unigram tokenizer trains with its own default trainer.
    default = metaspace_unigram()
    default.train_from_iterator(iter(CORPUS))
    assert json.loads(default.to_str())["model"]["type"] == "Unigram"


def test_tokenmill_train_unigram_kind(corpus_file):
    tok = tokenmill.train([str(corpus_file)], kind="unigram", vocab_size=200, show_progress=False)
    model = json.loads(tok.to_str())
    assert model["model"]["type"] == "Unigram" and len(model["model"]["vocab"]) == 200
    assert model["pre_tokenizer"]["type"] == "Metaspace"
    with pytest.raises(ValueError, match="not large enough"):
        tokenmill.train([str(corpus_file)], kind="unigram", vocab_size=10, show_progress=False)


def test_wordlevel_kind_and_trainer(corpus_file):
    tok = tokenmill.train([str(corpus_file)], kind="wordlevel", vocab_size=50, show_progress=False)
    model = json.loads(tok.to_str())["model"]
    assert model["type"] == "WordLevel" and len(model["vocab"]) == 50
    assert model["vocab"]["[UNK]"] == 0  # the kind's special token comes first
    # Words by count: the most frequent word of the corpus gets id 1.
    counts = {}
    for line in CORPUS:
        for word in re.findall(r"\w+|[^\w\s]+", line.lower()):
            counts[word] = counts.get(word, 0) + 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0].encode()))[0][0]
    assert model["vocab"][top] == 1
    assert tok.encode("zzzz qqqq").tokens == ["[UNK]", "[UNK]"]

    from tokenmill.trainers import WordLevelTrainer
    fresh = tokenmill.Tokenizer.from_str(tok.to_str())
    fresh.train([str(corpus_file)], WordLevelTrainer(vocab_size=10, min_frequency=1,
                                                     special_tokens=["<pad>"],
                                                     show_progress=False))
    vocab = json.loads(fresh.to_str())["model"]["vocab"]
    assert len(vocab) == 10 and vocab["<pad>"] == 0 and vocab[top] == 1
