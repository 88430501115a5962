#!/usr/bin/env node
'use strict';
// The anchors' side of benchmarks/compare: encoding throughput of Hugging Face tokenizers (the
// real Rust crate as a N-API addon) and of tiktoken (OpenAI's Rust core as WASM, and the
// tiktoken-rs native addon), installed by ../shared/oracles/install.sh, measured the way
// `tokenmill bench` measures tokenmill, and printing the same JSON fields:
//
//   node anchors_bench.js --impl hf --tokenizer T.json --input TEXT [--threads 1] [--batch-size 1000]
//        [--repeat 1] [--no-special-tokens]
//   node anchors_bench.js --impl tiktoken-wasm|tiktoken-native --encoding cl100k_base --input TEXT
//        [--threads 1] [--repeat 1]
//
// TEXT: plain lines or .jsonl {"text"}; empty texts are skipped (as tokenmill does). The text
// is read into memory first; then load, one untimed pass over every text in order (warm-up,
// token count and the ids digest — the same FNV-1a as tokenmill's, so equal digests mean
// equal ids text by text), then --repeat timed passes.
//   hf: encodeBatch of --batch-size texts (HF's fastest mode). Its threads come from the
//       environment: compare sets RAYON_RS_NUM_CPUS/RAYON_NUM_THREADS (and
//       TOKENIZERS_PARALLELISM, UV_THREADPOOL_SIZE); --threads is only reported.
//   tiktoken-*: one encode_ordinary call per text; with --threads N > 1, N worker threads, each
//       with its own encoder, take calls of --batch-size texts in turn (tiktoken's own
//       encode_batch is a thread pool over texts too).
const fs = require('fs');
const path = require('path');
const { Worker, isMainThread, parentPort, workerData } = require('worker_threads');

// The oracle helpers (package lookup) live in the shared kit next to the project.
const ORACLES = process.env.TOKENMILL_ORACLES_SCRIPTS ||
  path.resolve(__dirname, '..', '..', 'shared', 'oracles');
const common = require(path.join(ORACLES, 'lib', 'common'));

function nowMs() { return Number(process.hrtime.bigint()) / 1e6; }

function readTexts(file, jsonl) {
  const text = fs.readFileSync(file, 'utf8');
  let lines = text.split('\n').filter((l) => l.length);
  if (jsonl) lines = lines.map((l) => JSON.parse(l).text).filter((t) => typeof t === 'string' && t.length);
  return lines;
}

// FNV-1a over every id, then a separator per text (tokenizers/cli/bench_command.cc).
function digestText(h, ids) {
  for (let i = 0; i < ids.length; i++) h = Math.imul(h ^ ids[i], 16777619) >>> 0;
  return Math.imul(h ^ 0xFFFFFFFF, 16777619) >>> 0;
}

// A tiktoken encoder: text -> ids (Uint32Array), encode_ordinary semantics.
function tiktokenEncoder(impl, encoding) {
  if (impl === 'tiktoken-wasm') {
    const enc = common.oracleRequire('tiktoken').get_encoding(encoding);
    return (s) => enc.encode_ordinary(s);
  }
  if (impl === 'tiktoken-native') {
    // tiktoken-rs-node always encodes special-token text as special tokens; on a text with
    // "<|endoftext|>" etc. the digest then differs from encode_ordinary (compare reports it).
    const enc = common.oracleRequire('tiktoken-rs-node-linux-x64-gnu').getEncoding(encoding);
    return (s) => enc.encode(s);
  }
  throw new Error(`unknown tiktoken impl ${impl}`);
}

// Worker: loads its own encoder, then encodes calls w, w+N, w+2N, ... on each 'go'.
function workerMain() {
  const { impl, encoding, lines, batchSize, index, count } = workerData;
  const encode = tiktokenEncoder(impl, encoding);
  for (let i = 0; i < Math.min(200, lines.length); i++) encode(lines[i]);  // warm-up
  parentPort.on('message', (msg) => {
    if (msg === 'stop') { process.exit(0); }
    let tokens = 0;
    const calls = Math.ceil(lines.length / batchSize);
    for (let c = index; c < calls; c += count) {
      const end = Math.min(lines.length, (c + 1) * batchSize);
      for (let i = c * batchSize; i < end; i++) tokens += encode(lines[i]).length;
    }
    parentPort.postMessage(tokens);
  });
  parentPort.postMessage('ready');
}

async function startWorkers(a, lines) {
  const workers = [];
  for (let w = 0; w < a.threads; w++) {
    const worker = new Worker(__filename, { workerData: {
      impl: a.impl, encoding: a.encoding, lines, batchSize: a.batch_size, index: w, count: a.threads } });
    await new Promise((resolve, reject) => {
      worker.once('message', resolve); worker.once('error', reject);
    });
    workers.push(worker);
  }
  return workers;
}

async function parallelPass(workers) {
  const done = workers.map((w) => new Promise((resolve) => w.once('message', resolve)));
  for (const w of workers) w.postMessage('go');
  return (await Promise.all(done)).reduce((s, n) => s + n, 0);
}

async function main() {
  const a = common.parseArgs(process.argv.slice(2), {
    impl: { type: 'str', choices: ['hf', 'tiktoken-wasm', 'tiktoken-native'] },
    tokenizer: { type: 'str' }, encoding: { type: 'str' }, input: { type: 'str' },
    threads: { type: 'int', default: 1 }, batch_size: { type: 'int', default: 0 },
    repeat: { type: 'int', default: 1 }, jsonl: { type: 'bool', default: false },
    special_tokens: { type: 'bool', default: true },
  });
  if (!a.impl || !a.input || (a.impl === 'hf' ? !a.tokenizer : !a.encoding)) {
    common.die('usage: anchors_bench.js --impl hf --tokenizer T.json | --impl tiktoken-wasm|tiktoken-native ' +
               '--encoding NAME, --input TEXT [--threads N] [--batch-size N] [--repeat N]');
  }
  if (a.batch_size <= 0) a.batch_size = a.impl === 'hf' ? 1000 : 1;
  const lines = readTexts(a.input, a.jsonl || a.input.endsWith('.jsonl'));
  const bytes = lines.reduce((s, l) => s + Buffer.byteLength(l, 'utf8'), 0);

  let t0 = nowMs();
  let encodeOne;     // text -> ids, for the digest pass
  let timedPass;     // () -> Promise<tokens>
  let encoder = '';
  let workers = [];
  if (a.impl === 'hf') {
    const hf = common.oracleRequire('@anush008/tokenizers');
    const tok = hf.Tokenizer.fromFile(a.tokenizer);
    const opts = { addSpecialTokens: a.special_tokens };
    encoder = `HF tokenizers encodeBatch (${a.batch_size} texts per call)`;
    encodeOne = async (s) => (await tok.encode(s, null, opts)).getIds();
    timedPass = async () => {
      let n = 0;
      for (let i = 0; i < lines.length; i += a.batch_size) {
        for (const e of await tok.encodeBatch(lines.slice(i, i + a.batch_size), opts)) n += e.getIds().length;
      }
      return n;
    };
  } else {
    const encode = tiktokenEncoder(a.impl, a.encoding);
    encoder = `${a.impl} encode${a.impl === 'tiktoken-wasm' ? '_ordinary' : ''} per text`;
    encodeOne = async (s) => encode(s);
    timedPass = async () => {
      let n = 0;
      for (let i = 0; i < lines.length; i++) n += encode(lines[i]).length;
      return n;
    };
  }
  const loadMs = nowMs() - t0;

  // Untimed pass: warm-up, tokens and digest, one text at a time in order.
  let digest = 2166136261;
  let tokens = 0;
  for (const l of lines) {
    const ids = await encodeOne(l);
    tokens += ids.length;
    digest = digestText(digest, ids);
  }
  if (a.impl !== 'hf' && a.threads > 1) {
    workers = await startWorkers(a, lines);
    encoder += `, ${a.threads} worker threads`;
    timedPass = () => parallelPass(workers);
  }

  const passes = [];
  let cpuMs = 0, wallMs = 0;
  for (let r = 0; r < Math.max(1, a.repeat); r++) {
    if (global.gc) global.gc();
    const c0 = process.cpuUsage(); t0 = nowMs();
    const n = await timedPass();
    const wall = nowMs() - t0; const c = process.cpuUsage(c0);
    if (n !== tokens) throw new Error(`pass ${r + 1} gave ${n} tokens, the first pass ${tokens}`);
    passes.push(wall / 1000);
    wallMs += wall; cpuMs += (c.user + c.system) / 1000;
  }
  for (const w of workers) w.postMessage('stop');
  const sorted = [...passes].sort((x, y) => x - y);
  const best = sorted[0];
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2]
    : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  const out = {
    tokenizer: a.impl === 'hf' ? a.tokenizer : a.encoding, impl: a.impl, encoder, input: a.input,
    texts: lines.length, bytes, tokens, threads: a.threads, batch_size: a.batch_size,
    repeat: passes.length, add_special_tokens: a.impl === 'hf' ? a.special_tokens : false,
    seconds: best, seconds_median: median, mb_per_s: bytes / 1e6 / best,
    mb_per_s_median: bytes / 1e6 / median, tokens_per_s: tokens / best,
    cpu_per_wall: cpuMs / wallMs, mb_per_cpu_s: bytes / 1e6 * passes.length / (cpuMs / 1000),
    pass_seconds: passes, load_ms: loadMs,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    ids_digest: digest.toString(16).padStart(8, '0'),
  };
  process.stdout.write(JSON.stringify(out) + '\n');
  process.exit(0);
}

if (isMainThread) {
  main().catch((e) => { process.stderr.write(`error: ${e.stack || e}\n`); process.exit(1); });
} else {
  workerMain();
}
