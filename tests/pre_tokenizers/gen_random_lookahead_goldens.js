// Generates tests/data/golden/splits/random_lookahead_patterns.jsonl.gz with HF tokenizers 0.22
// as the oracle: 200 random Split patterns with `\s+(?!\S)` at a random place among 1-4 other
// alternatives (several of which also take whitespace), a random behavior, inverted or not,
// each on 30 seeded random strings; records {"pattern", "behavior", "invert", "text", "pieces"}
// (piece offsets in UTF-8 bytes). split_regex_test.cc checks tokenmill against them.
//
//   TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles node gen_random_lookahead_goldens.js OUT_DIR
const common = require('/work/shared/oracles/lib/common');
const hf = common.oracleRequire('@anush008/tokenizers');
const { rng } = require('../testing/seeded_rng');
const next = rng(7);
const pick = (a) => a[Math.floor(next() * a.length)];
const ALTS = [String.raw`\s+`, String.raw`\s`, String.raw`\p{L}+`, String.raw` ?\p{L}+`, String.raw` ?\p{N}+`, String.raw`\p{N}`,
  String.raw`[^\s\p{L}\p{N}]+`, String.raw` ?[^\s\p{L}\p{N}]+[\r\n]*`, String.raw`\s*[\r\n]+`, String.raw`[\r\n]`, String.raw` `,
  String.raw`\s\s`, String.raw`(?:a|b)+`, String.raw`x?`, String.raw`\S+`, String.raw`[ \t]+`, String.raw`\n+`];
const CHARS = ['a', 'b', 'x', 'Z', 'é', '中', '1', '٣', ' ', ' ', ' ', '\t', '\n', '\r', '\u00a0', '\u3000', '.', '!', '😀'];
const out = [];
for (let p = 0; p < 200; p++) {
  const alts = [];
  const k = 1 + Math.floor(next() * 4);
  for (let i = 0; i < k; i++) alts.push(pick(ALTS));
  alts.splice(Math.floor(next() * (k + 1)), 0, String.raw`\s+(?!\S)`);
  const pattern = alts.join('|');
  const behavior = pick(['Isolated', 'Removed', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous']);
  const invert = next() < 0.3;
  const tok = hf.Tokenizer.fromString(JSON.stringify({ version: '1.0', truncation: null, padding: null, added_tokens: [],
    normalizer: null, pre_tokenizer: { type: 'Split', pattern: { Regex: pattern }, behavior, invert },
    post_processor: null, decoder: null, model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' } })).getPreTokenizer();
  for (let s = 0; s < 30; s++) {
    let text = '';
    const len = Math.floor(next() * 16);
    for (let i = 0; i < len; i++) text += pick(CHARS);
    const table = common.codePointToUtf8Table(text);
    const pieces = tok.preTokenizeString(text).map(([piece, [a, b]]) => [piece, [table[a], table[b]]]);
    out.push(JSON.stringify({ pattern, behavior, invert, text, pieces }));
  }
}
require('fs').writeFileSync(require('path').join(process.argv[2], 'random_lookahead_patterns.jsonl.gz'), require('zlib').gzipSync(out.join('\n') + '\n', { level: 9 }));
console.log(out.length);
