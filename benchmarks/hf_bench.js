#!/usr/bin/env node
'use strict';
// Single-thread throughput of Hugging Face tokenizers (the real Rust crate through the
// N-API binding that ../shared/oracles installs) on any tokenizer.json, measured the way
// ../shared/oracles/bench_oracles.js does, so compare_hf.py can set it beside `tokenmill bench`:
//
//   node hf_bench.js --tokenizer T.json --input TEXT [--repeat 3] [--batch-size 1000] [--no-special-tokens]
//
// Run it with TOKENIZERS_PARALLELISM=false RAYON_NUM_THREADS=1 RAYON_RS_NUM_CPUS=1
// UV_THREADPOOL_SIZE=1 (compare_hf.py does) to keep HF on one thread. Modes: `line` (one
// await encode per non-empty line) and `batch` (encodeBatch of --batch-size lines: HF's
// fastest single-thread mode). Prints one JSON object.
const fs = require('fs');
const path = require('path');

// The oracle helpers (package lookup) live in the shared kit next to the project.
const ORACLES = process.env.TOKENMILL_ORACLES_SCRIPTS ||
  path.resolve(__dirname, '..', '..', 'shared', 'oracles');
const common = require(path.join(ORACLES, 'lib', 'common'));

function nowMs() { return Number(process.hrtime.bigint()) / 1e6; }

async function best(repeat, fn) {
  let result = null;
  for (let r = 0; r < repeat; r++) {
    if (global.gc) global.gc();
    const c0 = process.cpuUsage(); const t0 = nowMs();
    const tokens = await fn();
    const wall = nowMs() - t0; const c = process.cpuUsage(c0);
    if (!result || wall < result.wall_ms) result = { wall_ms: wall, cpu_ms: (c.user + c.system) / 1000, tokens };
  }
  return result;
}

function readLines(file) {
  const text = fs.readFileSync(file, 'utf8');
  let lines = text.split('\n').filter((l) => l.length);
  if (file.endsWith('.jsonl')) lines = lines.map((l) => JSON.parse(l).text).filter((t) => t && t.length);
  return lines;
}

async function main() {
  const a = common.parseArgs(process.argv.slice(2), {
    tokenizer: { type: 'str' }, input: { type: 'str' }, repeat: { type: 'int', default: 3 },
    batch_size: { type: 'int', default: 1000 }, special_tokens: { type: 'bool', default: true },
  });
  if (!a.tokenizer || !a.input) common.die('usage: hf_bench.js --tokenizer T.json --input TEXT');
  const lines = readLines(a.input);
  const bytes = lines.reduce((s, l) => s + Buffer.byteLength(l, 'utf8'), 0);
  const res = { tokenizer: a.tokenizer, input: a.input, lines: lines.length, bytes,
    add_special_tokens: a.special_tokens, modes: {} };
  let t0 = nowMs();
  const hf = common.oracleRequire('@anush008/tokenizers');
  res.require_ms = nowMs() - t0;
  t0 = nowMs();
  const tok = hf.Tokenizer.fromFile(a.tokenizer);
  res.load_ms = nowMs() - t0;
  const opts = { addSpecialTokens: a.special_tokens };
  for (const l of lines.slice(0, 2000)) await tok.encode(l, null, opts);  // warm-up
  res.modes.line = await best(a.repeat, async () => {
    let n = 0;
    for (const l of lines) n += (await tok.encode(l, null, opts)).getIds().length;
    return n;
  });
  res.modes.batch = await best(a.repeat, async () => {
    let n = 0;
    for (let i = 0; i < lines.length; i += a.batch_size) {
      for (const e of await tok.encodeBatch(lines.slice(i, i + a.batch_size), opts)) n += e.getIds().length;
    }
    return n;
  });
  for (const r of Object.values(res.modes)) {
    r.mb_per_s = bytes / 1e6 / (r.wall_ms / 1000);
    r.mb_per_cpu_s = bytes / 1e6 / (r.cpu_ms / 1000);
    r.tokens_per_s = r.tokens / (r.wall_ms / 1000);
    r.cpu_per_wall = r.cpu_ms / r.wall_ms;
  }
  res.max_rss_mb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(JSON.stringify(res) + '\n');
}

main().catch((e) => { process.stderr.write(`error: ${e.stack || e}\n`); process.exit(1); });
