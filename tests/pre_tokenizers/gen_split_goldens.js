'use strict';
// Generates the split goldens the hand-written GPT-2 / cl100k / o200k scanners are tested
// against, with HF tokenizers 0.22 (Oniguruma) as the oracle: a Split pre-tokenizer with
// each pattern (behavior Isolated) inside a WordLevel tokenizer whose every piece becomes
// one [UNK] token, so the token offsets are the pieces.
//
//   TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles node gen_split_goldens.js OUT_DIR
//   ... node gen_split_goldens.js --generic OUT_DIR
//
// Writes OUT_DIR/corpus.jsonl.gz: per line of dev.jsonl then edge.jsonl,
//   {"set", "line", "gpt2": [piece byte lengths], "cl100k", "cl100k_legacy", "o200k"};
// OUT_DIR/random.jsonl.gz: the same for seeded random strings over a tricky alphabet
//   (with their "text"); OUT_DIR/classes.json: the code point ranges HF's Oniguruma puts in
//   each character class the patterns use.
// With --generic: OUT_DIR/generic_corpus.jsonl.gz and generic_random.jsonl.gz, the same for
// GENERIC_PATTERNS (written to OUT_DIR/generic_patterns.json), which tokenmill runs through RE2 with its `\s+(?!\S)` emulation
// (split_regex.h): the patterns of tokenizer.json files in use and a few that put the
// lookahead elsewhere among the alternatives.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const common = require('/work/shared/oracles/lib/common');
const hf = common.oracleRequire('@anush008/tokenizers');
const { rng } = require('../testing/seeded_rng');

// The exact pattern strings of tiktoken 0.14 (openai_public.py), as copied in
// shared/oracles/vocab_tools/verify_vocab.js; GPT-2's is HF ByteLevel's (same splits as r50k).
const PATTERNS = {
  gpt2: String.raw`'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`,
  // tiktoken's cl100k, with one change: Oniguruma (Ruby syntax) reads `\p{N}{1,3}+` as
  // `(?:\p{N}{1,3})+` — any number of digits — where tiktoken's fancy-regex reads a
  // possessive {1,3}; the atomic group `(?>\p{N}{1,3})` says the latter to Oniguruma.
  cl100k: String.raw`'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|(?>\p{N}{1,3})| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s`,
  // The older spelling (tiktoken's npm registry, Llama 3's tokenizer.json): no `\s++$`, so a
  // whitespace run ending the text is cut after its last newline.
  cl100k_legacy: String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
  o200k: [
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
    String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?`,
    String.raw`\p{N}{1,3}`, String.raw` ?[^\s\p{L}\p{N}]+[\r\n/]*`, String.raw`\s*[\r\n]+`,
    String.raw`\s+(?!\S)`, String.raw`\s+`].join('|'),
};

const GENERIC_PATTERNS = {
  // Qwen2 / Qwen2.5: cl100k's older spelling with single digits.
  qwen2: String.raw`(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
  // Mistral's Tekken (Nemo): o200k's letter classes without contractions, single digits.
  tekken: String.raw`[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
  // DeepSeek-V3's third Split.
  deepseek: String.raw`[!"#$%&'()*+,\-./:;<=>?@\[\\\]^_${"`"}{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+`,
  // The lookahead first, nothing after it for whitespace: a lone space before a word is a gap.
  lookahead_first: String.raw`\s+(?!\S)|\p{L}+`,
  // An alternative after the lookahead that also takes a lone space.
  lookahead_middle: String.raw`\p{L}+|\s+(?!\S)|\s?\p{N}+|[^\s\p{L}]`,
};

function splitter(regex, behavior) {
  return hf.Tokenizer.fromString(JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: { type: 'Split', pattern: { Regex: regex }, behavior, invert: false },
    post_processor: null, decoder: null,
    model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
  }));
}

// Code point offsets of the pieces → their UTF-8 byte lengths.
async function pieceLengths(tok, text) {
  if (!text.length) return [];
  const enc = await tok.encode(text, null, { addSpecialTokens: false });
  const table = common.codePointToUtf8Table(text);
  const out = [];
  let last = 0;
  for (const [s, e] of enc.getOffsets()) {
    if (table[s] !== last) throw new Error(`pieces do not tile the text at ${last}`);
    out.push(table[e] - table[s]);
    last = table[e];
  }
  if (last !== Buffer.byteLength(text)) throw new Error('pieces do not cover the text');
  return out;
}

function gzWrite(file, lines) {
  fs.writeFileSync(file, zlib.gzipSync(lines.join('\n') + '\n', { level: 9 }));
}

const ALPHABET = [
  'a', 'b', 'S', 's', 'T', 't', 'l', 'L', 'v', 'e', 'r', 'R', 'd', 'D', 'm', 'M', 'E', 'V',
  'é', 'ß', 'ſ', 'K', 'Ǆ', 'ǅ', 'ǆ', 'ʰ', 'ª', 'Д', 'д', 'Ω', 'ω', '中', '文', 'ア', '한',
  'ا', 'ب', 'ह', 'ि', '्', '\u0301', '\u0308', '\u20dd', 'ๅ', '่',
  '0', '7', '٣', '½', 'Ⅻ', '²', '𝟙',
  "'", "'", "'", '’', ' ', ' ', ' ', ' ', '\t', '\n', '\n', '\r', '\u000b', '\u00a0', '\u3000', '\u2028', '\u0085',
  '.', ',', '!', '?', '/', '/', '-', '_', '(', '"', '#', '$', '😀', '👍', '\u200d', '\ufe0f',
];

function randomStrings(n, seed) {
  const next = rng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const len = 1 + Math.floor(next() * 24);
    let s = '';
    for (let k = 0; k < len; k++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
    out.push(s);
  }
  return out;
}

// Code point ranges [first, last] matched by a one-character pattern, found by removing the
// matches from long runs of consecutive code points.
async function classRanges(regex) {
  const tok = splitter(regex, 'Removed');
  const ranges = [];
  const add = (cp) => {
    const r = ranges[ranges.length - 1];
    if (r && r[1] === cp - 1) r[1] = cp; else ranges.push([cp, cp]);
  };
  const BLOCK = 8192;
  for (let start = 0; start <= 0x10FFFF; start += BLOCK) {
    const cps = [];
    for (let cp = start; cp < Math.min(start + BLOCK, 0x110000); cp++) {
      if (cp >= 0xD800 && cp <= 0xDFFF) continue;
      cps.push(cp);
    }
    const text = String.fromCodePoint(...cps);
    const enc = await tok.encode(text, null, { addSpecialTokens: false });
    const kept = new Uint8Array(cps.length);
    for (const [s, e] of enc.getOffsets()) for (let i = s; i < e; i++) kept[i] = 1;
    for (let i = 0; i < cps.length; i++) if (!kept[i]) add(cps[i]);
  }
  return ranges;
}

// The corpus and random-string goldens for `patterns`, as OUT_DIR/<prefix>corpus.jsonl.gz
// and OUT_DIR/<prefix>random.jsonl.gz.
// maxLines: per corpus set, to keep the goldens small.
async function writePieceGoldens(patterns, outDir, prefix, seed, maxLines = Infinity) {
  const tokens = Object.fromEntries(Object.entries(patterns).map(([k, p]) => [k, splitter(p, 'Isolated')]));
  const corpus = [];
  for (const set of ['dev', 'edge']) {
    let line = 0;
    for await (const raw of common.readLines(`/work/shared/corpus/${set}.jsonl`)) {
      line++;
      if (line > maxLines) break;
      if (!raw.trim()) continue;
      const { text } = JSON.parse(raw);
      const rec = { set, line };
      for (const [k, tok] of Object.entries(tokens)) rec[k] = await pieceLengths(tok, text);
      corpus.push(JSON.stringify(rec));
    }
  }
  gzWrite(path.join(outDir, `${prefix}corpus.jsonl.gz`), corpus);

  const random = [];
  for (const text of randomStrings(4000, seed)) {
    const rec = { text };
    for (const [k, tok] of Object.entries(tokens)) rec[k] = await pieceLengths(tok, text);
    random.push(JSON.stringify(rec));
  }
  gzWrite(path.join(outDir, `${prefix}random.jsonl.gz`), random);
}

async function main() {
  const generic = process.argv[2] === '--generic';
  const outDir = process.argv[generic ? 3 : 2];
  if (!outDir) common.die('usage: gen_split_goldens.js [--generic] OUT_DIR');
  if (generic) {
    fs.writeFileSync(path.join(outDir, 'generic_patterns.json'), JSON.stringify(GENERIC_PATTERNS, null, 1) + '\n');
    return writePieceGoldens(GENERIC_PATTERNS, outDir, 'generic_', 20261126, 1500);
  }
  await writePieceGoldens(PATTERNS, outDir, '', 20240601);

  const classes = {};
  const CLASSES = {
    L: String.raw`\p{L}`, N: String.raw`\p{N}`, Lu: String.raw`\p{Lu}`, Ll: String.raw`\p{Ll}`,
    Lt: String.raw`\p{Lt}`, Lm: String.raw`\p{Lm}`, Lo: String.raw`\p{Lo}`, M: String.raw`\p{M}`,
    s: String.raw`\s`,
  };
  for (const c of 'sdmtlvre') CLASSES[`i_${c}`] = `(?i:${c})`;
  for (const [name, regex] of Object.entries(CLASSES)) classes[name] = await classRanges(regex);
  fs.writeFileSync(path.join(outDir, 'classes.json'), JSON.stringify(classes) + '\n');
}
main().catch(common.fatal);
