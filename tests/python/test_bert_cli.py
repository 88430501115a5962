"""`tokenmill embed` and `tokenmill fill-mask` (the CLI next to the module's build folder)."""
import json
import subprocess

import numpy as np
import pytest

from tokenmill.bert import BertModel
from conftest import REPO_ROOT, _module_dir

MICRO = REPO_ROOT / "tests" / "data" / "bert" / "micro"


@pytest.fixture(scope="module")
def cli():
    path = _module_dir().parent.parent / "tokenizers" / "tokenmill"
    if not path.is_file():
        pytest.skip(f"{path} not built (target tokenmill_cli)")
    return str(path)


def run(cli, *args, stdin=""):
    done = subprocess.run([cli, *args], input=stdin, capture_output=True, text=True)
    return done.returncode, done.stdout, done.stderr


def test_fill_mask_agrees_with_python(cli):
    text = "the capital of france is [MASK]."
    code, out, _ = run(cli, "fill-mask", "-m", str(MICRO), "--top-k", "4", text)
    assert code == 0
    line = json.loads(out)
    want = BertModel.from_pretrained(MICRO).fill_mask(text, top_k=4)
    assert [p["token"] for p in line["masks"][0]] == [p["token"] for p in want]


def test_embed_features_and_pooling(cli):
    model = BertModel.from_pretrained(MICRO)
    code, out, _ = run(cli, "embed", "-m", str(MICRO), "--layers", "-1,0",
                       stdin=json.dumps({"text": "the end of it", "text_b": "and more"}) + "\n")
    assert code == 0
    line = json.loads(out)
    (want,) = model.extract_features([("the end of it", "and more")], layers=[-1, 0])
    assert line["tokens"] == want["tokens"]
    assert [l["index"] for l in line["layers"]] == [-1, 0]
    np.testing.assert_allclose(np.array(line["layers"][0]["values"]), want["features"][0], atol=1e-5)
    np.testing.assert_allclose(np.array(line["layers"][1]["values"]), want["features"][1], atol=1e-5)
    code, out, _ = run(cli, "embed", "-m", str(MICRO), "--text", "--pool", "cls", stdin="the end of it\n")
    assert code == 0
    (want,) = model.extract_features(["the end of it"])
    np.testing.assert_allclose(json.loads(out)["vector"], want["features"][0][0], atol=1e-5)


def test_errors_exit_non_zero(cli):
    code, _, err = run(cli, "embed", "-m", str(MICRO / "missing"), stdin="x\n")
    assert code != 0 and "config.json" in err
    code, _, err = run(cli, "fill-mask", "-m", str(MICRO), "no mask here")
    assert code != 0 and "no [MASK] token" in err
