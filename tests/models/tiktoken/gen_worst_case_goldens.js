#!/usr/bin/env node
// Worst-case inputs for BPE (one repeated letter, random digits, CJK without spaces, a base64
// blob, a run of spaces) encoded by OpenAI's tiktoken (the oracle in ../shared/oracles).
// The inputs come from a tiny LCG that tests/models/tiktoken/worst_case_test.cc repeats
// byte for byte; the golden keeps each id sequence's length and FNV-1a 64 hash.
//   node tests/models/tiktoken/gen_worst_case_goldens.js BYTES > tests/models/tiktoken/data/worst_case.jsonl
'use strict';
const path = require('path');
const oracles = process.env.TOKENMILL_SHARED_DIR
  ? path.join(process.env.TOKENMILL_SHARED_DIR, 'oracles')
  : path.join(__dirname, '../../../../shared/oracles');
const { TiktokenOracle } = require(path.join(oracles, 'lib/tiktoken_oracle'));

function lcg(seed) {
  let x = seed >>> 0;
  return () => { x = (Math.imul(x, 1103515245) + 12345) >>> 0; return (x >>> 16) & 0x7fff; };
}

function makeInput(kind, n) {
  const next = lcg(12345);
  switch (kind) {
    case 'letter': return 'a'.repeat(n);
    case 'spaces': return ' '.repeat(n);
    case 'digits': { let s = ''; for (let i = 0; i < n; i++) s += String.fromCharCode(48 + next() % 10); return s; }
    case 'cjk': { let s = ''; for (let i = 0; i < Math.floor(n / 3); i++) s += String.fromCodePoint(0x4E00 + next() % 20902); return s; }
    case 'base64': { const b = Buffer.alloc(Math.floor(n / 4) * 3); for (let i = 0; i < b.length; i++) b[i] = next() & 0xff; return b.toString('base64'); }
  }
  throw new Error(kind);
}

function fnv1a64(ids) {
  let h = 0xcbf29ce484222325n;
  for (const id of ids) {
    for (let k = 0; k < 4; k++) { h ^= BigInt((id >>> (8 * k)) & 0xff); h = (h * 0x100000001b3n) & 0xffffffffffffffffn; }
  }
  return h.toString();
}

async function main() {
  const n = parseInt(process.argv[2] || '65536', 10);
  for (const encoding of ['cl100k_base', 'o200k_base', 'r50k_base']) {
    const oracle = new TiktokenOracle(encoding, 'native');
    for (const kind of ['letter', 'spaces', 'digits', 'cjk', 'base64']) {
      const text = makeInput(kind, n);
      const t0 = process.hrtime.bigint();
      const ids = Array.from(oracle.encode(text));
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      process.stderr.write(`${encoding} ${kind} ${n} bytes: ${ids.length} ids in ${ms.toFixed(0)} ms\n`);
      console.log(JSON.stringify({ encoding, kind, bytes: n, count: ids.length, fnv1a64: fnv1a64(ids) }));
    }
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
