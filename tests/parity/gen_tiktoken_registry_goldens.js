#!/usr/bin/env node
// Regenerates tests/data/golden/tiktoken_registry.jsonl.gz: OpenAI tiktoken (WASM, the oracle in
// ../shared/oracles) on the registry's encodings that share another's rank file: p50k_edit
// (the npm build's own) and o200k_harmony (gpt-oss's; the npm build predates it, so it is built
// here as tiktoken 0.14's openai_public.py builds it: o200k_base's ranks and pattern, its
// special tokens, then <|reserved_200013|> … <|reserved_201087|>).
//
// One record per encoding and text: {"encoding", "text", "ordinary", "all"}: encode_ordinary's
// ids and encode's with every special token allowed.
//
//   TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles node tests/parity/gen_tiktoken_registry_goldens.js
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '../..');
const shared = process.env.TOKENMILL_SHARED_DIR || path.join(root, '..', 'shared');
const common = require(path.join(shared, 'oracles/lib/common'));
const { Tiktoken, get_encoding } = common.oracleRequire('tiktoken');
const { corpusLines } = require('../testing/golden_helpers');

const O200K_PAT = [
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
  String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
  String.raw`\p{N}{1,3}`, String.raw` ?[^\s\p{L}\p{N}]+[\r\n/]*`, String.raw`\s*[\r\n]+`,
  String.raw`\s+(?!\S)`, String.raw`\s+`,
].join('|');
const HARMONY_SPECIALS = {
  '<|endoftext|>': 199999, '<|endofprompt|>': 200018, '<|startoftext|>': 199998,
  '<|reserved_200000|>': 200000, '<|reserved_200001|>': 200001, '<|return|>': 200002,
  '<|constrain|>': 200003, '<|reserved_200004|>': 200004, '<|channel|>': 200005,
  '<|start|>': 200006, '<|end|>': 200007, '<|message|>': 200008, '<|reserved_200009|>': 200009,
  '<|reserved_200010|>': 200010, '<|reserved_200011|>': 200011, '<|call|>': 200012,
};
for (let i = 200013; i < 201088; ++i) HARMONY_SPECIALS[`<|reserved_${i}|>`] = i;

const texts = [
  '<|start|>system<|message|>You are ChatGPT.<|end|><|start|>user<|message|>Hi<|end|>' +
    '<|start|>assistant<|channel|>final<|message|>Hello!<|return|>',
  '<|start|>assistant to=functions.get_weather<|channel|>commentary json<|message|>{"city":"Paris"}<|call|>',
  '<|startoftext|>x<|endoftext|> <|reserved_200500|><|reserved_201087|><|reserved_201088|>',
  '<|fim_prefix|>def f(<|fim_suffix|>):\n    return 1<|fim_middle|>x<|endoftext|>',
  '<|constrain|>json <|reserved_200000|>', "it's 2024, isn't it? 12345 ünïcödé 日本語", '',
  ...corpusLines('dev.jsonl', 37, 40), ...corpusLines('edge.jsonl', 9, 20),
];
const encodings = {
  p50k_edit: get_encoding('p50k_edit'),
  o200k_harmony: new Tiktoken(fs.readFileSync(path.join(shared, 'vocab/tiktoken/o200k_base.tiktoken'), 'utf8'),
                              HARMONY_SPECIALS, O200K_PAT),
};
const records = [];
for (const [name, enc] of Object.entries(encodings)) {
  for (const text of texts) {
    records.push({ encoding: name, text, ordinary: Array.from(enc.encode_ordinary(text)),
                   all: Array.from(enc.encode(text, 'all')) });
  }
  enc.free();
}
const out = path.join(root, 'tests/data/golden/tiktoken_registry.jsonl.gz');
fs.writeFileSync(out, zlib.gzipSync(records.map((r) => JSON.stringify(r)).join('\n') + '\n', { level: 9 }));
console.log(`${records.length} records`);
