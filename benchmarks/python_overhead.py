#!/usr/bin/python3
"""Per-call cost of encoding short texts from Python, and encode_batch scaling with threads.

    /usr/bin/python3 benchmarks/python_overhead.py [--module-path build/bindings/python]
        [--quick] [--json out.json] [--no-node] [--corpus FILE] [--rounds N]

Per call: the median over --repeats timeit runs (each the mean of many calls) of one encode
of a 10-, 100- and 1000-character text (English prose; also a multilingual 100-char text), for
  * tokenmill: TiktokenEncoding.encode_ordinary / encode (list of ids, like tiktoken),
    Tokenizer.encode for BERT and GPT-2 (an Encoding, like HF; .ids read separately) and
    SentencePieceProcessor.encode (list of ids, like sentencepiece);
  * the anchors that run here from Python: sentencepiece (Debian's python3-sentencepiece).
    HF `tokenizers` and `tiktoken` have no Debian package and PyPI is unreachable, so their
    Python per-call cost cannot be measured on this machine; with node available, the same
    calls through their Node bindings (../shared/oracles) are measured as the nearest figure
    (a different host language: not a like-for-like Python comparison).
Batch scaling: each batch call on the texts of --corpus (plain text, one text per non-empty
line, or JSONL {"text"}; default the dev corpus) with num_threads=1 and 2, interleaved
(every round runs every call at both thread counts, alternating which goes first); wall
time of the call including dropping its result (a user pays for freeing the objects too);
the speed-up is the median 1-thread time over the median 2-thread time.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
import timeit

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SHARED = os.environ.get("TOKENMILL_SHARED_DIR") or os.path.normpath(os.path.join(ROOT, "..", "shared"))

PROSE = ("The quick brown fox jumps over the lazy dog while the tokenizer counts every word, "
         "comma and full stop; short calls like these are what chat applications make all day. ")
MULTILINGUAL = "Grüße aus Köln! Привет, мир. 你好，世界。こんにちは世界。مرحبا بالعالم. नमस्ते दुनिया. "


def text_of(n, base=PROSE):
    return (base * (n // len(base) + 1))[:n]


def vocab(rel):
    for d in (os.path.join(SHARED, "vocab"), os.path.join(ROOT, "vocab")):
        p = os.path.join(d, rel)
        if os.path.exists(p):
            return p
    return None


def per_call_us(fn, repeats, min_seconds):
    """Median over `repeats` runs of the mean seconds per call, in µs."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()  # enough calls for ~0.2 s
    number = max(1, int(number * min_seconds / 0.2))
    return statistics.median(t / number for t in timer.repeat(repeats, number)) * 1e6


def corpus_texts(path):
    """Non-empty lines of a plain-text file, or the "text" of each JSONL line."""
    if path is None:
        path = os.path.join(SHARED, "corpus", "dev.jsonl")
        if not os.path.exists(path):
            path = os.path.join(ROOT, "tests", "data", "corpus", "dev.jsonl")
    with open(path, encoding="utf-8") as f:
        if path.endswith(".jsonl"):
            return [json.loads(l)["text"] for l in f if l.strip()]
        return [l.rstrip("\n") for l in f if l.strip()]


def node_per_call(sizes, repeats):
    """HF tokenizers and tiktoken per-call µs through their Node bindings (nearest figure)."""
    script = r"""
const path = require('path');
const common = require(path.join(process.env.ORACLES_SCRIPTS, 'lib', 'common'));
const texts = JSON.parse(process.env.TEXTS);
const out = {};
function time(fn, n) { const t0 = process.hrtime.bigint(); for (let i = 0; i < n; i++) fn(); return Number(process.hrtime.bigint() - t0) / 1e3 / n; }
async function timeAsync(fn, n) { const t0 = process.hrtime.bigint(); for (let i = 0; i < n; i++) await fn(); return Number(process.hrtime.bigint() - t0) / 1e3 / n; }
function median(xs) { xs.sort((a, b) => a - b); return xs[Math.floor(xs.length / 2)]; }
(async () => {
  const wasm = common.oracleRequire('tiktoken').get_encoding('cl100k_base');
  const native = common.oracleRequire('tiktoken-rs-node-linux-x64-gnu').getEncoding('cl100k_base');
  const hf = common.oracleRequire('@anush008/tokenizers').Tokenizer.fromFile(process.env.BERT);
  for (const [n, s] of Object.entries(texts)) {
    const calls = Math.max(200, Math.floor(200000 / s.length));
    const r = {};
    r['tiktoken WASM encode_ordinary (node)'] = median([...Array(REPEATS)].map(() => time(() => wasm.encode_ordinary(s), calls)));
    r['tiktoken-rs native encode (node)'] = median([...Array(REPEATS)].map(() => time(() => native.encode(s), calls)));
    const hfCalls = Math.max(100, Math.floor(calls / 10));
    const hfTimes = [];
    for (let k = 0; k < REPEATS; k++) hfTimes.push(await timeAsync(async () => (await hf.encode(s)).getIds(), hfCalls));
    r['HF tokenizers bert encode + getIds (node, async)'] = median(hfTimes);
    out[n] = r;
  }
  process.stdout.write(JSON.stringify(out));
})().catch((e) => { process.stderr.write(String(e)); process.exit(1); });
""".replace("REPEATS", str(repeats))
    env = {**os.environ, "TEXTS": json.dumps({str(n): text_of(n) for n in sizes}),
           "ORACLES_SCRIPTS": os.path.join(SHARED, "oracles"), "BERT": vocab("bert-base-uncased/tokenizer.json") or "",
           "TOKENIZERS_PARALLELISM": "false", "RAYON_RS_NUM_CPUS": "1", "UV_THREADPOOL_SIZE": "1",
           "TOKENMILL_ORACLES_DIR": os.environ.get("TOKENMILL_ORACLES_DIR",
                                                   os.path.expanduser("~/.cache/tokenmill-oracles"))}
    try:
        r = subprocess.run(["node", "-e", script], capture_output=True, text=True, env=env, timeout=600)
    except OSError as e:
        return None, str(e)
    if r.returncode != 0:
        return None, r.stderr.strip()[-300:]
    return json.loads(r.stdout), None


def batch_scaling(calls, texts, rounds):
    """Interleaved rounds of every call at 1 and 2 threads; medians and min-max per setting."""
    times = {(label, n): [] for label in calls for n in (1, 2)}
    for label, fn in calls.items():
        fn(texts[:200], 1)  # warm-up
    for r in range(rounds):
        for label, fn in calls.items():
            for n in ((1, 2) if r % 2 == 0 else (2, 1)):
                start = time.perf_counter()
                result = fn(texts, n)
                # A call that times itself (the C++ reference) returns its own seconds.
                own_seconds = result if isinstance(result, float) else None
                del result  # the result is dropped inside the timed region
                elapsed = time.perf_counter() - start
                times[label, n].append(own_seconds if own_seconds is not None else elapsed)
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    out = []
    for label in calls:
        t1, t2 = times[label, 1], times[label, 2]
        m1, m2 = statistics.median(t1), statistics.median(t2)
        out.append({"call": label, "seconds_1": m1, "seconds_2": m2, "mb_per_s_1": mb / m1,
                    "mb_per_s_2": mb / m2, "speedup": m1 / m2,
                    "speedup_min": min(t1) / max(t2), "speedup_max": max(t1) / min(t2),
                    "runs": rounds})
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--module-path", default=os.path.join(ROOT, "build", "bindings", "python"))
    ap.add_argument("--repeats", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="few, short runs (checks that it works)")
    ap.add_argument("--no-node", action="store_true", help="skip the Node figures for HF/tiktoken")
    ap.add_argument("--json", help="also write the results here")
    ap.add_argument("--corpus", help="texts for the batch scaling (plain lines or JSONL {\"text\"}); "
                    "default ../shared/corpus/dev.jsonl")
    ap.add_argument("--rounds", type=int, default=7, help="interleaved rounds for the batch scaling")
    ap.add_argument("--no-per-call", action="store_true", help="only the batch scaling")
    a = ap.parse_args()
    sys.path.insert(0, a.module_path)
    import tokenmill

    repeats = 2 if a.quick else a.repeats
    min_seconds = 0.01 if a.quick else 0.2
    sizes = (10, 100, 1000)
    calls = {}  # label -> function of text
    cl100k = tokenmill.get_encoding("cl100k_base")
    calls["tokenmill tiktoken encode_ordinary"] = cl100k.encode_ordinary
    calls["tokenmill tiktoken encode"] = cl100k.encode
    for name in ("bert-base-uncased", "gpt2"):
        path = vocab(f"{name}/tokenizer.json")
        if path:
            tok = tokenmill.Tokenizer.from_file(path)
            calls[f"tokenmill {name} encode (Encoding)"] = tok.encode
            calls[f"tokenmill {name} encode(...).ids"] = lambda s, tok=tok: tok.encode(s).ids
    unavailable = []
    sp = None
    spm_model = vocab("spm/unigram_8k.model")
    if spm_model:
        tm_sp = tokenmill.SentencePieceProcessor(model_file=spm_model)
        calls["tokenmill SentencePieceProcessor unigram_8k encode (ids)"] = tm_sp.encode
    try:
        import sentencepiece
        if spm_model:
            sp = sentencepiece.SentencePieceProcessor(model_file=spm_model)
            calls["sentencepiece unigram_8k encode (ids)"] = sp.encode
    except ImportError:
        unavailable.append("sentencepiece (python3-sentencepiece not installed)")
    for module, why in (("tokenizers", "HF tokenizers"), ("tiktoken", "tiktoken")):
        try:
            __import__(module)
            unavailable.append(f"{why}: importable but not wired in (add it here)")
        except ImportError:
            unavailable.append(f"{why} Python package: not installed (no Debian package; PyPI unreachable)")

    rows = []
    if a.no_per_call:
        calls = {}
    for label, fn in calls.items():
        row = {"call": label}
        for n in sizes:
            s = text_of(n)
            row[str(n)] = per_call_us(lambda: fn(s), repeats, min_seconds)
        s = text_of(100, MULTILINGUAL)
        row["100 multilingual"] = per_call_us(lambda: fn(s), repeats, min_seconds)
        rows.append(row)
    node, node_error = (None, "skipped (--no-node)") if a.no_node or a.no_per_call \
        else node_per_call(sizes, repeats)

    load_before = os.getloadavg()
    texts = corpus_texts(a.corpus)
    if a.quick:
        texts = texts[:400]
    pairs = list(zip(texts[0::2], texts[1::2]))
    batch_calls = {"tokenmill cl100k encode_ordinary_batch":
                   lambda t, n: cl100k.encode_ordinary_batch(t, num_threads=n)}
    bert_path = vocab("bert-base-uncased/tokenizer.json")
    if bert_path:
        bert = tokenmill.Tokenizer.from_file(bert_path)
        batch_calls["tokenmill bert-base-uncased encode_batch"] = \
            lambda t, n: bert.encode_batch(t, num_threads=n)
        batch_calls["tokenmill bert-base-uncased encode_batch (pairs)"] = \
            lambda t, n: bert.encode_batch(pairs if t is texts else list(zip(t[0::2], t[1::2])),
                                           num_threads=n)
    if spm_model:
        batch_calls["tokenmill SentencePieceProcessor unigram_8k encode(list)"] = \
            lambda t, n: tm_sp.encode(t, num_threads=n)
    if sp is not None:
        batch_calls["sentencepiece unigram_8k encode(list)"] = lambda t, n: sp.encode(t, num_threads=n)
    cli = os.path.join(ROOT, "build", "tokenizers", "tokenmill")
    if bert_path and a.corpus and os.access(cli, os.X_OK) and not a.quick:
        # The C++ encoder's own 1 -> 2 thread ratio in the same rounds: what the machine gives
        # at that moment (a shared VM's varies between runs), for the Python rows to be read against.
        def cxx_bench(source):
            def run(_texts, n):
                out = subprocess.run([cli, "bench", *source, "--input", a.corpus, "--threads", str(n),
                                      "--batch-size", "16", "-n", "1", "--json"]
                                     + (["--jsonl"] if a.corpus.endswith(".jsonl") else []),
                                     capture_output=True, text=True, check=True).stdout
                return float(json.loads(out)["seconds"])
            return run
        batch_calls["C++ reference: tokenmill bench bert-base-uncased (same rounds)"] = \
            cxx_bench(["--tokenizer", bert_path])
        batch_calls["C++ reference: tokenmill bench cl100k_base (same rounds)"] = \
            cxx_bench(["--encoding", "cl100k_base"])
    scaling = batch_scaling(batch_calls, texts, 2 if a.quick else a.rounds)

    load = os.getloadavg()
    if rows:
        print(f"per call, µs (median of {repeats} runs); load average {load_before[0]:.1f} "
              f"{load_before[1]:.1f}")
        head = ["call", *map(str, sizes), "100 multilingual"]
        print("| " + " | ".join(head) + " |\n|---|" + "---:|" * (len(head) - 1))
        for row in rows:
            print("| " + " | ".join([row["call"]] + [f"{row[h]:.2f}" for h in head[1:]]) + " |")
        if node:
            for label in next(iter(node.values())):
                print("| " + " | ".join([label] + [f"{node[str(n)][label]:.2f}" for n in sizes] + ["–"]) + " |")
        else:
            print(f"(node figures: {node_error})")
        for u in unavailable:
            print(f"not measured: {u}")
    mb = sum(len(t.encode()) for t in texts) / 1e6
    print(f"\nbatch scaling on {len(texts)} texts ({mb:.2f} MB; pairs: {len(pairs)} of consecutive texts), "
          f"median of {scaling[0]['runs']} interleaved rounds; load average "
          f"{load_before[0]:.1f} before, {load[0]:.1f} after:")
    print("| call | 1 thread MB/s | 2 threads MB/s | speed-up (min–max) |\n|---|---:|---:|---:|")
    for s in scaling:
        print(f"| {s['call']} | {s['mb_per_s_1']:.1f} | {s['mb_per_s_2']:.1f} | "
              f"{s['speedup']:.2f}× ({s['speedup_min']:.2f}–{s['speedup_max']:.2f}) |")
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"per_call_us": rows, "node_per_call_us": node, "node_error": node_error,
                       "unavailable": unavailable, "batch_scaling": scaling, "loadavg": load,
                       "loadavg_before_batches": load_before}, f, indent=1)


if __name__ == "__main__":
    main()
