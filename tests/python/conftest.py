"""pytest set-up for the tokenmill Python module.

Run from the repository root, after building the module (target tokenmill_python):

    cmake -S . -B build -G Ninja -DPython3_EXECUTABLE=/usr/bin/python3 -DTOKENMILL_BUILD_PYTHON=ON
    ninja -C build tokenmill_python
    PYTHONPATH=build/bindings/python /usr/bin/python3 -m pytest tests/python

The module is looked up in $TOKENMILL_PYTHON_PATH if set, else in <repo>/build/bindings/python
(computed from this file's location), else wherever `import tokenmill` finds it (installed).
Golden parity tests read ../shared (next to the repository) and skip when it is missing; the
bundled vocabulary in <repo>/vocab and the golden slice in <repo>/tests/data always run.
"""
import gzip
import json
import os
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_DIR = REPO_ROOT.parent / "shared"
BUNDLED_VOCAB = REPO_ROOT / "vocab" / "bert-base-uncased"
TEST_DATA = REPO_ROOT / "tests" / "data"


def _module_dir():
    configured = os.environ.get("TOKENMILL_PYTHON_PATH")
    return Path(configured) if configured else REPO_ROOT / "build" / "bindings" / "python"


sys.path.insert(0, str(_module_dir()))
try:
    import tokenmill  # noqa: E402,F401
except ImportError as error:  # make the cause obvious instead of 100 failing tests
    raise ImportError(
        f"cannot import tokenmill from {_module_dir()} ({error}); build the target "
        "tokenmill_python or set TOKENMILL_PYTHON_PATH to the folder holding the module"
    ) from error


def read_json_lines(path):
    """Every line of a .jsonl or .jsonl.gz file, parsed."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def byte_to_char_offsets(text, offsets):
    """UTF-8 byte offsets into `text` as code-point offsets."""
    data = text.encode("utf-8")
    return [[len(data[:s].decode("utf-8")), len(data[:e].decode("utf-8"))] for s, e in offsets]


@pytest.fixture(scope="session")
def shared_dir():
    if not SHARED_DIR.is_dir():
        pytest.skip(f"{SHARED_DIR} (the shared reference kit) is not available")
    return SHARED_DIR


@pytest.fixture(scope="session")
def bundled_vocab_dir():
    if not (BUNDLED_VOCAB / "tokenizer.json").is_file():
        pytest.skip(f"{BUNDLED_VOCAB} (bundled bert-base-uncased) is not in the repository")
    return BUNDLED_VOCAB


@pytest.fixture
def bert(bundled_vocab_dir):
    """A fresh bert-base-uncased tokenizer (tests may change its truncation/padding)."""
    return tokenmill.Tokenizer.from_file(bundled_vocab_dir / "tokenizer.json")


@pytest.fixture(scope="session")
def bundled_texts():
    """The 300-paragraph slice of ../shared/corpus/dev.jsonl kept in the repository."""
    return [r["text"] for r in read_json_lines(TEST_DATA / "corpus" / "dev.jsonl")]
