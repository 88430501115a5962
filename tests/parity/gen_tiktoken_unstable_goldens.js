#!/usr/bin/env node
// Regenerates tests/data/golden/tiktoken_unstable.jsonl.gz: OpenAI tiktoken's
// encode_with_unstable (WASM, the oracle in ../shared/oracles) on the four bundled encodings.
// Texts are dev and edge lines cut inside a word, after a space or newline, inside CJK and
// emoji runs, plus special tokens (allowed, so a special token can end the text).
//
// One record per encoding and text: {"encoding", "text", "stable", "count", "digest",
// "head"}: the stable ids, how many completions, a digest of all of them (FNV-1a 64 over
// their JSON, sorted by ids: the same text tokenmill's test builds) and the first 8.
//
//   TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles node tests/parity/gen_tiktoken_unstable_goldens.js
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '../..');
const shared = process.env.TOKENMILL_SHARED_DIR || path.join(root, '..', 'shared');
const common = require(path.join(shared, 'oracles/lib/common'));
const { get_encoding } = common.oracleRequire('tiktoken');
const { corpusLines } = require('../testing/golden_helpers');

// FNV-1a 64 of the UTF-8 bytes of `text`, as 16 hex digits.
function fnv1a64(text) {
  let h = 0xcbf29ce484222325n;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= BigInt(b);
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

function compareIds(a, b) {
  for (let i = 0; i < Math.min(a.length, b.length); ++i) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

// Prefixes of a line: cut after `fraction` of its code points.
function cut(text, fraction) {
  const chars = Array.from(text);
  return chars.slice(0, Math.max(1, Math.round(chars.length * fraction))).join('');
}

const lines = [...corpusLines('dev.jsonl', 97, 16, 400), ...corpusLines('edge.jsonl', 7, 8, 200)];
const texts = [
  'hello fanta', 'hello fanta ', 'x\n', 'x\n\n', 'x  ', 'a\t', 'word\u3000', 'code(\n    ', '',
  "it's", "it'", '12345', '日本語のテキスト', '🙂🙃', 'naïve café',
  'a<|endoftext|>', 'a<|endoftext|>b', '<|endoftext|>',
];
for (const line of lines) for (const f of [0.37, 0.81]) texts.push(cut(line, f));

const records = [];
for (const name of ['cl100k_base', 'o200k_base', 'r50k_base', 'p50k_base']) {
  const enc = get_encoding(name);
  for (const text of texts) {
    const [stable, completions] = enc.encode_with_unstable(text, 'all', []);
    const sorted = completions.map((c) => Array.from(c)).sort(compareIds);
    records.push({ encoding: name, text, stable: Array.from(stable), count: sorted.length,
                   digest: fnv1a64(JSON.stringify(sorted)), head: sorted.slice(0, 8) });
  }
  enc.free();
}
const out = path.join(root, 'tests/data/golden/tiktoken_unstable.jsonl.gz');
fs.writeFileSync(out, zlib.gzipSync(records.map((r) => JSON.stringify(r)).join('\n') + '\n', { level: 9 }));
console.log(`${records.length} records`);
