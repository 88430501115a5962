'use strict';
// Generates tests/data/golden/components/hf_components.jsonl.gz with HF tokenizers 0.22 as the
// oracle, one record per text {"text", "<component>": output, ...}: the output of the Nmt and ByteLevel normalizers (normalizeString) and of the
// UnicodeScripts, FixedLength and CharDelimiterSplit pre-tokenizers (preTokenizeString, offsets
// turned into UTF-8 bytes) on dev lines 1-200, the edge lines of at most 2 KiB and 1,000 seeded
// random strings; plus UnicodeScripts on every code point, in blocks of 4,096 consecutive code
// points (surrogates left out), as piece lengths in code points ({"unicode_scripts_sweep_from",
// "lengths"}).
//
//   TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles node gen_component_goldens.js OUT_DIR
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const common = require('/work/shared/oracles/lib/common');
const hf = common.oracleRequire('@anush008/tokenizers');
const { rng } = require('../testing/seeded_rng');
const { componentTokenizer } = require('../testing/golden_helpers');

const tokenizer = (sections) => componentTokenizer(hf, sections);

const NORMALIZERS = { nmt: { type: 'Nmt' }, byte_level: { type: 'ByteLevel' } };
const PRE_TOKENIZERS = {
  unicode_scripts: { type: 'UnicodeScripts' },
  fixed_length_3: { type: 'FixedLength', length: 3 },
  fixed_length_default: { type: 'FixedLength' },
  char_delimiter_space: { type: 'CharDelimiterSplit', delimiter: ' ' },
  char_delimiter_e_acute: { type: 'CharDelimiterSplit', delimiter: 'é' },
};

const ALPHABET = [
  'a', 'B', ' ', ' ', ' ', 'é', 'e', '\u0301', '中', 'ひ', 'カ', 'ー', 'д', 'Ω', 'ا', 'ह', '0', '7', '.',
  '\t', '\n', '\r', '\u000b', '\u000c', '\u0001', '\u001f', '\u007f', '\u008f', '\u009f', '\u0085',
  '\u00a0', '\u1680', '\u200b', '\u200d', '\u2028', '\u2581', '\ufeff', '\ufffd', '😀', '_', '\u3000',
];
function randomStrings(n, seed) {
  const next = rng(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    let s = '';
    const len = Math.floor(next() * 20);
    for (let k = 0; k < len; k++) s += ALPHABET[Math.floor(next() * ALPHABET.length)];
    out.push(s);
  }
  return out;
}

async function main() {
  const outDir = process.argv[2];
  if (!outDir) common.die('usage: gen_component_goldens.js OUT_DIR');
  const texts = [];
  for (const [set, keep] of [['dev', (i) => i < 200], ['edge', (i, t) => Buffer.byteLength(t) <= 2048]]) {
    let i = 0;
    for await (const raw of common.readLines(`/work/shared/corpus/${set}.jsonl`)) {
      if (!raw.trim()) { i++; continue; }
      const { text } = JSON.parse(raw);
      if (keep(i++, text)) texts.push(text);
    }
  }
  texts.push(...randomStrings(1000, 20261127));
  const normalizers = Object.entries(NORMALIZERS).map(([name, config]) => [name, tokenizer({ normalizer: config }).getNormalizer()]);
  const preTokenizers = Object.entries(PRE_TOKENIZERS).map(([name, config]) => [name, tokenizer({ pre_tokenizer: config }).getPreTokenizer()]);
  const records = [];
  for (const text of texts) {
    const record = { text };
    for (const [name, n] of normalizers) record[name] = n.normalizeString(text);
    const table = common.codePointToUtf8Table(text);
    for (const [name, p] of preTokenizers) {
      record[name] = p.preTokenizeString(text).map(([piece, [s, e]]) => [piece, [table[s], table[e]]]);
    }
    records.push(record);
  }
  const scripts = tokenizer({ pre_tokenizer: PRE_TOKENIZERS.unicode_scripts }).getPreTokenizer();
  for (let from = 0; from <= 0x10FFFF; from += 4096) {
    const cps = [];
    for (let cp = from; cp < Math.min(from + 4096, 0x110000); cp++) {
      if (cp < 0xD800 || cp > 0xDFFF) cps.push(cp);
    }
    const lengths = scripts.preTokenizeString(String.fromCodePoint(...cps)).map(([piece]) => [...piece].length);
    records.push({ unicode_scripts_sweep_from: from, lengths });
  }
  const lines = records.map((r) => JSON.stringify(r));
  fs.writeFileSync(path.join(outDir, 'hf_components.jsonl.gz'), zlib.gzipSync(lines.join('\n') + '\n', { level: 9 }));
  console.log(`${records.length} records`);
}
main().catch(common.fatal);
