"""The benchmark tools run and report what they promise (tiny inputs, no time limits).

Run by ctest (tests/CMakeLists.txt: `benchmark_tools`), which passes the built tools:
  TOKENMILL_CLI          the tokenmill command (`tokenmill bench`)
  TOKENMILL_BENCHMARKS   the Google Benchmark binary (not built in the sanitizer build)
  TOKENMILL_PYTHON_PATH  the folder of the Python module (for benchmarks/python_overhead.py)
A test whose tool was not built says so and is skipped; nothing here measures speed.
"""
import csv
import importlib.machinery
import importlib.util
import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BERT = ROOT / "vocab" / "bert-base-uncased" / "tokenizer.json"
SPM = ROOT / "tests" / "data" / "spm" / "bpe_8k.model"
CLI = os.environ.get("TOKENMILL_CLI")
BENCHMARKS = os.environ.get("TOKENMILL_BENCHMARKS")
PYTHON_PATH = os.environ.get("TOKENMILL_PYTHON_PATH")

TEXTS = ["Hello, world! Tokenizers split text.", "", "Grüße aus Köln — naïve café.",
         "你好，世界。", "digits 1234567890 and base64 SGVsbG8gd29ybGQ=", "a" * 300]

needs_cli = pytest.mark.skipif(not CLI, reason="TOKENMILL_CLI not set (run through ctest)")


def run(*args, check=True, **kwargs):
    r = subprocess.run([str(a) for a in args], capture_output=True, text=True, **kwargs)
    if check and r.returncode != 0:
        raise AssertionError(f"{args} failed ({r.returncode}):\n{r.stderr}")
    return r


def fnv_digest(id_lists):
    """The digest `tokenmill bench` documents: FNV-1a over ids, a separator after each text."""
    h = 2166136261
    for ids in id_lists:
        for i in ids:
            h = ((h ^ i) * 16777619) & 0xFFFFFFFF
        h = ((h ^ 0xFFFFFFFF) * 16777619) & 0xFFFFFFFF
    return f"{h:08x}"


def encode_ids(source_args, text_file):
    """`tokenmill encode` ids of the non-empty texts (bench skips empty lines)."""
    out = run(CLI, "encode", *source_args, "--input", text_file, "--text").stdout
    ids = [json.loads(l)["ids"] for l in out.splitlines()]
    assert len(ids) == len(TEXTS)
    return [i for i, text in zip(ids, TEXTS) if text]


@pytest.fixture
def text_file(tmp_path):
    p = tmp_path / "texts.txt"
    p.write_text("\n".join(TEXTS) + "\n", encoding="utf-8")
    return p


@needs_cli
@pytest.mark.parametrize("source", [["--tokenizer", str(BERT)], ["--encoding", "cl100k_base"],
                                    ["--tokenizer", str(SPM)]],
                         ids=["tokenizer.json", "tiktoken", "sentencepiece"])
@pytest.mark.parametrize("threads,batch", [(1, 1), (2, 2)])
def test_bench_json_fields_agree_with_encode(source, threads, batch, text_file):
    r = json.loads(run(CLI, "bench", *source, "--input", text_file, "--threads", threads,
                       "--batch-size", batch, "--repeat", 3, "--json").stdout)
    for field in ("bytes", "tokens", "seconds", "mb_per_s", "tokens_per_s", "peak_rss_mb", "threads",
                  "seconds_median", "mb_per_s_median", "latency_us", "load_ms", "ids_digest"):
        assert field in r, field
    non_empty = [t for t in TEXTS if t]
    assert r["texts"] == len(non_empty)
    assert r["bytes"] == sum(len(t.encode("utf-8")) for t in non_empty)
    assert r["threads"] == threads and r["batch_size"] == batch and r["repeat"] == 3
    # The tokens and the digest are those of `tokenmill encode` on the same texts.
    ids = encode_ids(source, text_file)
    assert r["tokens"] == sum(len(i) for i in ids)
    assert r["ids_digest"] == fnv_digest(ids)
    # Rates are what the seconds say; best is not slower than the median.
    assert r["seconds"] > 0 and r["seconds"] <= r["seconds_median"]
    assert math.isclose(r["mb_per_s"], r["bytes"] / 1e6 / r["seconds"], rel_tol=1e-6)
    assert math.isclose(r["tokens_per_s"], r["tokens"] / r["seconds"], rel_tol=1e-6)
    assert len(r["pass_seconds"]) == 3 and min(r["pass_seconds"]) == r["seconds"]
    lat = r["latency_us"]
    assert lat["calls"] == math.ceil(len(non_empty) / batch)  # one more pass times each call
    assert 0 <= lat["p50"] <= lat["p90"] <= lat["p99"] <= lat["p999"] <= lat["max"]
    assert r["peak_rss_mb"] > 1


@needs_cli
def test_bench_reads_jsonl_and_prints_a_report(tmp_path, text_file):
    jsonl = tmp_path / "texts.jsonl"
    jsonl.write_text("".join(json.dumps({"text": t, "id": i}) + "\n" for i, t in enumerate(TEXTS)),
                     encoding="utf-8")
    from_jsonl = json.loads(run(CLI, "bench", "-t", BERT, "-i", jsonl, "-n", 1, "--json").stdout)
    from_text = json.loads(run(CLI, "bench", "-t", BERT, "-i", text_file, "-n", 1, "--json").stdout)
    assert from_jsonl["ids_digest"] == from_text["ids_digest"]
    assert from_jsonl["bytes"] == from_text["bytes"]
    report = run(CLI, "bench", "-t", BERT, "-i", text_file, "-n", 2).stdout
    for word in ("throughput", "MB/s", "tokens/s", "latency", "p99", "peak RSS"):
        assert word in report


@needs_cli
def test_bench_errors_name_the_problem(tmp_path):
    missing = run(CLI, "bench", "-t", BERT, "-i", tmp_path / "nope.txt", check=False)
    assert missing.returncode != 0 and "nope.txt" in missing.stderr
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"no_text": 1}\n')
    r = run(CLI, "bench", "-t", BERT, "-i", bad, check=False)
    assert r.returncode != 0 and "line 2" in r.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n")
    r = run(CLI, "bench", "-t", BERT, "-i", empty, check=False)
    assert r.returncode != 0 and "no text" in r.stderr
    good = tmp_path / "good.txt"
    good.write_text("some text\n")
    r = run(CLI, "bench", "-i", good, check=False)  # no tokenizer given
    assert r.returncode != 0 and "--encoding" in r.stderr


@pytest.mark.skipif(not BENCHMARKS, reason="TOKENMILL_BENCHMARKS not set (benchmarks not built)")
def test_google_benchmarks_run_every_stage():
    # The smallest size of every sized benchmark, every per-line and load benchmark, once each.
    r = run(BENCHMARKS, "--benchmark_min_time=0", "--benchmark_format=json",
            "--benchmark_filter=/1024$|^BM_[A-Za-z]+/[^/]+$", timeout=900)
    results = json.loads(r.stdout)["benchmarks"]
    names = {b["name"] for b in results}
    errors = {b["name"]: b.get("error_message", "") for b in results if b.get("error_occurred")}
    # Only tokenizer files missing from a fresh clone (no ../shared) may skip.
    assert all("not found" in e for e in errors.values()), errors
    stages = {n.split("/")[0] + "/" + n.split("/")[1] for n in names}
    for expected in ("BM_Normalize/BertNormalizer_uncased", "BM_Normalize/NFKC", "BM_Normalize/Replace_regex",
                     "BM_PreTokenize/BertPreTokenizer", "BM_PreTokenize/ByteLevel_gpt2", "BM_Scan/gpt2",
                     "BM_Scan/cl100k", "BM_Scan/o200k", "BM_Model/bert-base-uncased",
                     "BM_EncodeText/bert-base-uncased", "BM_Decode/bert-base-uncased",
                     "BM_TiktokenEncode/cl100k_base", "BM_TiktokenEncode/o200k_base",
                     "BM_TiktokenDecode/cl100k_base", "BM_TiktokenLoad/cl100k_base",
                     "BM_LoadTokenizerJson/bert-base-uncased", "BM_Encode/bert-base-uncased"):
        assert expected in stages, expected
    for kind in ("text", "letter", "spaces", "digits", "cjk", "base64"):
        assert f"BM_Scan/o200k/{kind}/1024" in names
    ran = [b for b in results if not b.get("error_occurred")]
    assert all(b["iterations"] >= 1 for b in ran)
    assert any(b.get("bytes_per_second", 0) > 0 for b in ran)


def load_compare():
    loader = importlib.machinery.SourceFileLoader("compare", str(ROOT / "benchmarks" / "compare"))
    spec = importlib.util.spec_from_loader("compare", loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def fake_run(family, label, threads, rnd, mb, digest):
    return {"family": family, "label": label, "kind": "x", "threads": threads, "round": rnd, "error": None,
            "result": {"mb_per_s": mb, "mb_per_cpu_s": mb, "tokens_per_s": mb * 3e5, "cpu_per_wall": 1.0, "load_ms": 1.0,
                       "peak_rss_mb": 10.0, "texts": 5, "bytes": 100, "tokens": 30, "ids_digest": digest,
                       "encoder": "e", "batch_size": 1}}


def test_compare_reports_a_fast_wrong_answer_as_a_failure():
    compare = load_compare()
    fam = {"key": "f", "name": "F", "active_anchors": [("ref", "hf", []), ("other", "hf", [])]}
    runs = []
    for rnd in (1, 2, 3):
        runs.append(fake_run("f", "tokenmill", 1, rnd, 30.0 + rnd, "aaaa0000"))
        runs.append(fake_run("f", "ref", 1, rnd, 3.0, "aaaa0000"))
        runs.append(fake_run("f", "other", 1, rnd, 100.0, "bbbb1111"))  # fast and wrong
    rows, failures = compare.summarize([fam], runs, [1])
    by = {r["implementation"]: r for r in rows}
    assert by["ref"]["identity"] == "reference"
    assert by["tokenmill"]["identity"] == "identical"
    assert by["other"]["identity"] == "MISMATCH"
    assert len(failures) == 1 and "other" in failures[0]
    # Ratios pair runs of the same round: 31/3, 32/3, 33/3.
    assert math.isclose(by["ref"]["tokenmill_ratio_median"], 32 / 3)
    assert math.isclose(by["ref"]["tokenmill_ratio_min"], 31 / 3)
    assert by["tokenmill"]["mb_per_s_median"] == 32.0 and by["tokenmill"]["mb_per_s_max"] == 33.0


@needs_cli
def test_compare_runs_end_to_end_with_tokenmill_alone(tmp_path, text_file):
    out = tmp_path / "results"
    r = run(sys.executable, ROOT / "benchmarks" / "compare", text_file, "--tokenmill", CLI, "--no-anchors",
            "--families", "bert,cl100k", "--rounds", 2, "--threads", "1,2", "--out", out)
    assert "tokenmill" in r.stdout
    with open(out / "compare.csv") as f:
        rows = list(csv.DictReader(f))
    assert {(r["family"], r["threads"]) for r in rows} == {("bert", "1"), ("bert", "2"), ("cl100k", "1"),
                                                         ("cl100k", "2")}
    assert all(r["runs"] == "2" and float(r["mb_per_s_median"]) > 0 for r in rows)
    assert (out / "compare.png").stat().st_size > 1000
    record = json.loads((out / "compare.json").read_text())
    assert record["machine"]["cores"] >= 1 and not record["failures"]
    (out / "compare.png").unlink()
    run(sys.executable, ROOT / "benchmarks" / "compare", "--replot", "--out", out)
    assert (out / "compare.png").stat().st_size > 1000


@pytest.mark.skipif(not PYTHON_PATH, reason="TOKENMILL_PYTHON_PATH not set (Python module not built)")
def test_python_overhead_script_runs(tmp_path):
    out = tmp_path / "overhead.json"
    run(sys.executable, ROOT / "benchmarks" / "python_overhead.py", "--module-path", PYTHON_PATH, "--quick",
        "--no-node", "--json", out, timeout=600)
    record = json.loads(out.read_text())
    calls = {r["call"]: r for r in record["per_call_us"]}
    assert all(calls["tokenmill tiktoken encode_ordinary"][k] > 0 for k in ("10", "100", "1000"))
    assert {s["call"] for s in record["batch_scaling"]} >= {"tokenmill cl100k encode_ordinary_batch"}
