"""tokenmill.SentencePieceTrainer: sentencepiece's Python trainer shape (keywords, one flag
string, sentence_iterator=, model_writer=), giving what spm_train 0.1.97 wrote on the same
slice (goldens in tests/data/spm_train)."""
import io
import threading
import time

import pytest

import tokenmill
from conftest import REPO_ROOT

DATA = REPO_ROOT / "tests" / "data" / "spm_train"
SLICE = DATA / "train-slice.txt"


def golden_ids(name):
    return [[int(i) for i in line.split()]
            for line in (DATA / f"{name}.ids").read_text().splitlines()]


def encode_lines():
    return (DATA / "encode-lines.txt").read_text(encoding="utf-8").splitlines()


def slice_sentences():
    lines = SLICE.read_text(encoding="utf-8").split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def test_keywords_write_spm_train_files(tmp_path):
    prefix = tmp_path / "m"
    tokenmill.SentencePieceTrainer.train(input=str(SLICE), model_prefix=str(prefix),
                                         vocab_size=2500, model_type="bpe", num_threads=2,
                                         minloglevel=1)
    assert (tmp_path / "m.vocab").read_bytes() == (DATA / "bpe_default.vocab").read_bytes()
    sp = tokenmill.SentencePieceProcessor(model_file=str(tmp_path / "m.model"))
    assert sp.encode(encode_lines()) == golden_ids("bpe_default")


def test_python_values_are_spelled_as_sentencepiece_does(tmp_path):
    # bool → true/false, list → comma-joined (bpe_symbols_suffix.flags).
    prefix = tmp_path / "m"
    tokenmill.SentencePieceTrainer.Train(
        input=[str(SLICE)], model_prefix=prefix, vocab_size=2500, model_type="bpe",
        user_defined_symbols=["foo", "<sep>", "▁the"], control_symbols=["<cls>"],
        treat_whitespace_as_suffix=True, max_sentencepiece_length=6, minloglevel=1)
    assert (tmp_path / "m.vocab").read_bytes() == (DATA / "bpe_symbols_suffix.vocab").read_bytes()


def test_single_flag_string(tmp_path):
    prefix = tmp_path / "m"
    tokenmill.SentencePieceTrainer.train(
        f"--input={SLICE} --model_prefix={prefix} --vocab_size=2500 --model_type=bpe "
        "--minloglevel=1")
    assert (tmp_path / "m.vocab").read_bytes() == (DATA / "bpe_default.vocab").read_bytes()


def test_sentence_iterator_and_model_writer(tmp_path):
    out = io.BytesIO()
    tokenmill.SentencePieceTrainer.train(sentence_iterator=iter(slice_sentences()),
                                         model_writer=out, vocab_size=2500, model_type="bpe",
                                         minloglevel=1)
    sp = tokenmill.SentencePieceProcessor(model_proto=out.getvalue())
    assert sp.encode(encode_lines()) == golden_ids("bpe_default")
    assert sp.get_piece_size() == 2500
    prefix = tmp_path / "it"
    tokenmill.SentencePieceTrainer.train(sentence_iterator=(s for s in slice_sentences()),
                                         model_prefix=str(prefix), vocab_size=2500,
                                         model_type="bpe", minloglevel=1)
    assert (tmp_path / "it.vocab").read_bytes() == (DATA / "bpe_default.vocab").read_bytes()
    assert not list(tmp_path.glob("tokenmill-sentences-*"))


def test_training_releases_the_gil(tmp_path):
    ticks = []
    done = threading.Event()

    def tick():
        while not done.is_set():
            ticks.append(1)
            time.sleep(0.001)

    ticker = threading.Thread(target=tick)
    ticker.start()
    try:
        start = len(ticks)
        tokenmill.SentencePieceTrainer.train(input=str(SLICE), model_prefix=str(tmp_path / "m"),
                                             vocab_size=2500, model_type="bpe", minloglevel=1)
        during = len(ticks) - start
    finally:
        done.set()
        ticker.join()
    assert during > 10  # the other thread ran while the model trained


def test_errors_are_python_exceptions_naming_the_cause(tmp_path):
    prefix = str(tmp_path / "m")
    missing = tmp_path / "missing.txt"
    with pytest.raises(FileNotFoundError, match="missing.txt: cannot open"):
        tokenmill.SentencePieceTrainer.train(input=str(missing), model_prefix=prefix,
                                             vocab_size=100, model_type="bpe")
    with pytest.raises(ValueError, match="unknown flag --vocab_sise"):
        tokenmill.SentencePieceTrainer.train(input=str(SLICE), model_prefix=prefix,
                                             vocab_sise=100)
    with pytest.raises(ValueError, match="vocab_size=100 is smaller than the required"):
        tokenmill.SentencePieceTrainer.train(input=str(SLICE), model_prefix=prefix,
                                             vocab_size=100, model_type="bpe", minloglevel=1)
    with pytest.raises(TypeError, match="item 2 is int"):
        tokenmill.SentencePieceTrainer.train(sentence_iterator=iter(["a b", 3]),
                                             model_prefix=prefix)
    with pytest.raises(ValueError, match="no usable line"):
        tokenmill.SentencePieceTrainer.train(sentence_iterator=iter([]), model_prefix=prefix,
                                             model_type="bpe", minloglevel=1)
    with pytest.raises(ValueError, match="not both"):
        tokenmill.SentencePieceTrainer.train(input=str(SLICE), sentence_iterator=iter(["a"]),
                                             model_prefix=prefix)
    with pytest.raises(ValueError, match="model_prefix is required"):
        tokenmill.SentencePieceTrainer.train(input=str(SLICE), vocab_size=2500)
    tiny = tmp_path / "tiny.txt"
    tiny.write_text("a b c\n", encoding="utf-8")
    with pytest.raises(ValueError, match="vocabulary size too high"):
        tokenmill.SentencePieceTrainer.train(input=str(tiny), model_prefix=prefix,
                                             vocab_size=50, model_type="bpe", minloglevel=1)
    assert not (tmp_path / "m.model").exists()


def test_max_memory_prunes_rare_words_with_a_warning(tmp_path, capfd):
    prefix = tmp_path / "m"
    tokenmill.SentencePieceTrainer.train(input=str(SLICE), model_prefix=str(prefix),
                                         vocab_size=1800, hard_vocab_limit=False,
                                         model_type="bpe", max_memory=48 << 10)
    err = capfd.readouterr().err
    assert "reached the memory bound" in err and "raise --max_memory" in err
    sp = tokenmill.SentencePieceProcessor(model_file=str(tmp_path / "m.model"))
    assert 0 < sp.get_piece_size() <= 1800
    with pytest.raises(ValueError, match="expected a size"):
        tokenmill.SentencePieceTrainer.train(input=str(SLICE), model_prefix=str(prefix),
                                             max_memory="lots")
