#!/usr/bin/env node
// Regenerates tests/data/golden/tiktoken_custom.jsonl.gz: OpenAI tiktoken (WASM, the oracle in
// ../shared/oracles) on encodings made from their parts, as tiktoken's
// Encoding(name, pat_str, mergeable_ranks, special_tokens) makes them (its Tiktoken constructor
// here): a base encoding's ranks with other special tokens or another split pattern.
//
// The first record holds the cases ({"cases": {name: {"base", "pat_str", "special_tokens"}}}:
// the base encoding gives the ranks); then per case and text {"case", "text", "ordinary",
// "all"}: encode_ordinary's ids and encode's with every special token allowed.
//
//   TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles node tests/parity/gen_tiktoken_custom_goldens.js
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '../..');
const shared = process.env.TOKENMILL_SHARED_DIR || path.join(root, '..', 'shared');
const common = require(path.join(shared, 'oracles/lib/common'));
const { Tiktoken } = common.oracleRequire('tiktoken');
const { corpusLines } = require('../testing/golden_helpers');

const CL100K_PY = String.raw`'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`;
const CL100K_NPM = String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`;
const R50K_PY = String.raw`'(?:[sdmt]|ll|ve|re)| ?\p{L}++| ?\p{N}++| ?[^\s\p{L}\p{N}]++|\s++$|\s+(?!\S)|\s`;
const CL100K_SPECIALS = { '<|endoftext|>': 100257, '<|fim_prefix|>': 100258, '<|fim_middle|>': 100259,
  '<|fim_suffix|>': 100260, '<|endofprompt|>': 100276 };
const CASES = {
  // The OpenAI cookbook's chat encoding: cl100k with <|im_start|> and <|im_end|>.
  cl100k_im: { base: 'cl100k_base', pat_str: CL100K_PY,
               special_tokens: { ...CL100K_SPECIALS, '<|im_start|>': 100264, '<|im_end|>': 100265 } },
  cl100k_npm_pattern: { base: 'cl100k_base', pat_str: CL100K_NPM, special_tokens: CL100K_SPECIALS },
  r50k_python_pattern: { base: 'r50k_base', pat_str: R50K_PY, special_tokens: { '<|endoftext|>': 50256 } },
  // Patterns without a scanner: only the text they match is encoded.
  r50k_letters_digits: { base: 'r50k_base', pat_str: String.raw`\p{L}+|\p{N}+`, special_tokens: {} },
  r50k_lookahead: { base: 'r50k_base', pat_str: String.raw`'s|'t| ?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
                    special_tokens: { '<|endoftext|>': 50256, '<sep>': 50300 } },
  o200k_no_specials: { base: 'o200k_base',
    pat_str: String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
    special_tokens: {} },
};


const texts = [
  '<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi!<|im_end|>',
  'a<|endoftext|>b <sep> c<|endofprompt|>', 'trailing spaces   ', '  \n\n  x  \t', '',
  "it's 2024, isn't it? 12345 ünïcödé 日本語",
  ...corpusLines('dev.jsonl', 25, 60), ...corpusLines('edge.jsonl', 6, 50),
];
const records = [];
for (const [name, c] of Object.entries(CASES)) {
  const bpe = fs.readFileSync(path.join(shared, 'vocab/tiktoken', `${c.base}.tiktoken`), 'utf8');
  const enc = new Tiktoken(bpe, c.special_tokens, c.pat_str);
  for (const text of texts) {
    records.push({ case: name, text, ordinary: Array.from(enc.encode_ordinary(text)),
                   all: Array.from(enc.encode(text, 'all')) });
  }
  enc.free();
}
const out = path.join(root, 'tests/data/golden/tiktoken_custom.jsonl.gz');
const body = [JSON.stringify({ cases: CASES }), ...records.map((r) => JSON.stringify(r))].join('\n') + '\n';
fs.writeFileSync(out, zlib.gzipSync(body, { level: 9 }));
console.log(`${records.length} records`);
