"""`tokenmill train sentencepiece`: spm_train's flags in, PREFIX.model + PREFIX.vocab out,
identical to what spm_train 0.1.97 wrote on the same slice (goldens in tests/data/spm_train)."""
import subprocess

import pytest

import tokenmill
from conftest import REPO_ROOT

CLI = REPO_ROOT / "build" / "tokenizers" / "tokenmill"
DATA = REPO_ROOT / "tests" / "data" / "spm_train"


def run(*args):
    if not CLI.exists():
        pytest.fail(f"{CLI} is not built")
    return subprocess.run([str(CLI), "train", "sentencepiece", *args], capture_output=True,
                          text=True, timeout=120)


@pytest.mark.parametrize("name", ["bpe_default", "bpe_bytefallback"])
def test_cli_writes_spm_train_model_and_vocab(name, tmp_path):
    prefix = tmp_path / name
    flags = (DATA / f"{name}.flags").read_text().split()
    proc = run(f"--input={DATA / 'train-slice.txt'}", f"--model_prefix={prefix}",
               "--model_type=bpe", "--num_threads=2", "--quiet", *flags)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / f"{name}.vocab").read_bytes() == (DATA / f"{name}.vocab").read_bytes()
    sp = tokenmill.SentencePieceProcessor(model_file=str(tmp_path / f"{name}.model"))
    texts = (DATA / "encode-lines.txt").read_text(encoding="utf-8").splitlines()
    want = [[int(i) for i in line.split()]
            for line in (DATA / f"{name}.ids").read_text().splitlines()]
    assert sp.encode(texts) == want


def test_cli_unknown_flag_is_a_clear_error_and_writes_nothing(tmp_path):
    prefix = tmp_path / "m"
    proc = run(f"--input={DATA / 'train-slice.txt'}", f"--model_prefix={prefix}",
               "--model_type=bpe", "--vocab-size=100")
    assert proc.returncode == 2
    assert "unknown flag --vocab-size" in proc.stderr
    proc = run(f"--input={DATA / 'train-slice.txt'}", f"--model_prefix={prefix}",
               "--model_type=bpe", "--vocab_size=100")
    assert proc.returncode == 1
    assert "vocab_size" in proc.stderr
    assert not list(tmp_path.iterdir())


def test_cli_max_memory_bound_prunes_with_a_warning(tmp_path):
    prefix = tmp_path / "m"
    proc = run(f"--input={DATA / 'train-slice.txt'}", f"--model_prefix={prefix}",
               "--model_type=bpe", "--vocab_size=1800", "--hard_vocab_limit=false",
               "--max_memory=48K")
    assert proc.returncode == 0, proc.stderr
    assert "reached the memory bound" in proc.stderr
    assert (tmp_path / "m.model").exists() and (tmp_path / "m.vocab").exists()
    # A generous bound changes nothing: the spm_train golden.
    proc = run(f"--input={DATA / 'train-slice.txt'}", f"--model_prefix={prefix}",
               "--model_type=bpe", "--vocab_size=2500", "--max-memory", "1G", "--quiet")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "m.vocab").read_bytes() == (DATA / "bpe_default.vocab").read_bytes()
    proc = run(f"--input={DATA / 'train-slice.txt'}", f"--model_prefix={prefix}",
               "--max_memory=lots")
    assert proc.returncode == 2 and "expected a size" in proc.stderr


def test_cli_unigram_seed_sample_notice_and_bad_budget(tmp_path):
    prefix = tmp_path / "m"
    proc = run(f"--input={DATA / 'train-slice.txt'}", f"--model_prefix={prefix}",
               "--model_type=unigram", "--vocab_size=2000", "--seed_sample_bytes=64K")
    assert proc.returncode == 0, proc.stderr
    assert "seed pieces mined from the word table, not the sentences" in proc.stderr
    assert "--seed_sample_bytes=65536" in proc.stderr
    sp = tokenmill.SentencePieceProcessor(model_file=str(tmp_path / "m.model"))
    assert sp.get_piece_size() == 2000
    # Within the budget: no notice.
    proc = run(f"--input={DATA / 'train-slice.txt'}", f"--model_prefix={prefix}",
               "--model_type=unigram", "--vocab_size=2000", "--seed-sample-bytes", "1M")
    assert proc.returncode == 0, proc.stderr
    assert "word table" not in proc.stderr
    proc = run(f"--input={DATA / 'train-slice.txt'}", f"--model_prefix={prefix}",
               "--model_type=unigram", "--seed_sample_bytes=lots")
    assert proc.returncode == 2 and "--seed_sample_bytes: expected a size" in proc.stderr
    proc = run(f"--input={DATA / 'train-slice.txt'}", f"--model_prefix={prefix}",
               "--model_type=unigram", "--vocab_size=2000", "--seed_sample_bytes=100")
    assert proc.returncode == 1 and "out of range" in proc.stderr
