#!/usr/bin/env node
// Regenerates tests/data/golden/components/hf_component_methods.jsonl.gz: what HF tokenizers 0.22
// (the oracle in ../shared/oracles) answers for the methods of a component on its own, the
// calls Python's normalizer.normalize_str, pre_tokenizer.pre_tokenize_str and decoder.decode
// make (this binding's normalizeString, preTokenizeString, decode: the same Rust calls; split
// offsets are code points of the text, as Python's).
//
// The first record holds the configurations ({"configs": {name: {"normalizer" | "pre_tokenizer"
// | "decoder": json}}}), every normalizer, pre-tokenizer and decoder type with its options,
// and the sections of the bundled unigram_8k.hf (Precompiled) and CLIP tokenizers. Then one
// record per call: {"config", "text", "normalized"} / {"config", "text", "splits"} /
// {"config", "tokens", "decoded"}. Texts: dev lines (every 40th, up to 40), edge lines (every
// 10th, up to 30) and 60 seeded random strings; token lists: GPT-2, BERT and unigram_8k
// encodings of those texts and 60 seeded random lists.
//
//   TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles node tests/parity/gen_component_method_goldens.js
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '../..');
const shared = process.env.TOKENMILL_SHARED_DIR || path.join(root, '..', 'shared');
const common = require(path.join(shared, 'oracles/lib/common'));
const hf = common.oracleRequire('@anush008/tokenizers');
const { rng } = require('../testing/seeded_rng');
const { readText, corpusLines, componentTokenizer } = require('../testing/golden_helpers');
const tokenizer = (sections) => componentTokenizer(hf, sections);

const unigram = JSON.parse(readText(path.join(root, 'tests/data/spm/unigram_8k.hf.tokenizer.json')));
const clip = JSON.parse(readText(path.join(root, 'tests/data/golden/clip/tokenizer.json.gz')));

const re = (pattern) => ({ Regex: pattern });
const NORMALIZERS = {
  nfc: { type: 'NFC' }, nfd: { type: 'NFD' }, nfkc: { type: 'NFKC' }, nfkd: { type: 'NFKD' },
  lowercase: { type: 'Lowercase' }, nmt: { type: 'Nmt' }, byte_level_norm: { type: 'ByteLevel' },
  strip_accents: { type: 'Sequence', normalizers: [{ type: 'NFD' }, { type: 'StripAccents' }] },
  strip_both: { type: 'Strip', strip_left: true, strip_right: true },
  strip_right: { type: 'Strip', strip_left: false, strip_right: true },
  replace_string: { type: 'Replace', pattern: { String: ' ' }, content: '▁' },
  replace_regex: { type: 'Replace', pattern: re('\\s+'), content: ' ' },
  prepend: { type: 'Prepend', prepend: '▁' },
  bert_uncased: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
  bert_cased: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: false },
  bert_no_clean: { type: 'BertNormalizer', clean_text: false, handle_chinese_chars: false, strip_accents: true, lowercase: false },
  precompiled_unigram_8k: unigram.normalizer,
  clip_normalizer: clip.normalizer,
};
const PRE_TOKENIZERS = {
  whitespace: { type: 'Whitespace' }, whitespace_split: { type: 'WhitespaceSplit' },
  bert: { type: 'BertPreTokenizer' },
  byte_level: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
  byte_level_prefix: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
  byte_level_no_regex: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
  metaspace_always: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
  metaspace_first_nosplit: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: false },
  metaspace_never: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'never', split: true },
  punctuation: { type: 'Punctuation', behavior: 'Isolated' },
  punctuation_next: { type: 'Punctuation', behavior: 'MergedWithNext' },
  digits: { type: 'Digits', individual_digits: false },
  digits_individual: { type: 'Digits', individual_digits: true },
  unicode_scripts: { type: 'UnicodeScripts' },
  char_delimiter: { type: 'CharDelimiterSplit', delimiter: ' ' },
  fixed_length: { type: 'FixedLength', length: 4 },
  split_string_removed: { type: 'Split', pattern: { String: ' ' }, behavior: 'Removed', invert: false },
  split_regex_isolated: { type: 'Split', pattern: re('\\d+|[.,!?]'), behavior: 'Isolated', invert: false },
  split_regex_previous: { type: 'Split', pattern: re('\\s+'), behavior: 'MergedWithPrevious', invert: false },
  split_regex_contiguous: { type: 'Split', pattern: re('[aeiou]'), behavior: 'Contiguous', invert: false },
  split_invert: { type: 'Split', pattern: re('\\p{L}+'), behavior: 'Removed', invert: true },
  unigram_8k_metaspace: unigram.pre_tokenizer,
  clip_pre_tokenizer: clip.pre_tokenizer,
};
const DECODERS = {
  byte_level_dec: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
  wordpiece: { type: 'WordPiece', prefix: '##', cleanup: true },
  wordpiece_no_cleanup: { type: 'WordPiece', prefix: '##', cleanup: false },
  metaspace_dec: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
  metaspace_dec_never: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'never', split: true },
  bpe_decoder: { type: 'BPEDecoder', suffix: '</w>' },
  ctc: { type: 'CTC', pad_token: '<pad>', word_delimiter_token: '|', cleanup: true },
  byte_fallback: { type: 'ByteFallback' }, fuse: { type: 'Fuse' },
  strip_dec: { type: 'Strip', content: ' ', start: 1, stop: 0 },
  replace_dec: { type: 'Replace', pattern: { String: '▁' }, content: ' ' },
  llama_sequence: { type: 'Sequence', decoders: [
    { type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' },
    { type: 'Fuse' }, { type: 'Strip', content: ' ', start: 1, stop: 0 }] },
  clip_decoder: clip.decoder,
};



const ALPHABET = ['a', 'B', ' ', '  ', '\t', '\n', 'é', 'e\u0301', '中', 'カ', 'д', 'ا', '0', '42', '.', ',', '!',
  '\u00a0', '\u200b', '\u2581', '\ufffd', '😀', '_', '\u3000', 'ﬁ', 'Å', '\u0000', '\u0085', "'s"];
const TOKEN_ALPHABET = ['▁', '▁the', 'ing', '##ing', '##s', 'Ġ', 'Ġthe', 'Ċ', '<0x41>', '<0xE6>',
  '<0xBC>', '<0xA2>', '<pad>', '|', '</w>', 'a</w>', ' ', '.', ' .', "n't", ' ,', 'é', '[UNK]', ''];

async function main() {
  const texts = [...corpusLines('dev.jsonl', 40, 40, 1024), ...corpusLines('edge.jsonl', 10, 30, 1024)];
  const next = rng(20261127);
  const pick = (list) => list[Math.floor(next() * list.length)];
  for (let i = 0; i < 60; i++) {
    texts.push(Array.from({ length: Math.floor(next() * 12) }, () => pick(ALPHABET)).join(''));
  }
  const tokenLists = [];
  const vocabDir = path.join(shared, 'vocab');
  for (const file of [path.join(vocabDir, 'gpt2/tokenizer.json'),
                      path.join(root, 'vocab/bert-base-uncased/tokenizer.json'),
                      path.join(root, 'tests/data/spm/unigram_8k.hf.tokenizer.json')]) {
    const tok = hf.Tokenizer.fromFile(file);
    for (const text of texts.slice(0, 50)) {
      tokenLists.push((await tok.encode(text, null, { addSpecialTokens: false })).getTokens());
    }
  }
  for (let i = 0; i < 60; i++) {
    tokenLists.push(Array.from({ length: Math.floor(next() * 10) }, () => pick(TOKEN_ALPHABET)));
  }

  const configs = {};
  const records = [];
  for (const [name, config] of Object.entries(NORMALIZERS)) {
    configs[name] = { normalizer: config };
    const n = tokenizer({ normalizer: config }).getNormalizer();
    for (const text of texts) records.push({ config: name, text, normalized: n.normalizeString(text) });
  }
  for (const [name, config] of Object.entries(PRE_TOKENIZERS)) {
    configs[name] = { pre_tokenizer: config };
    const p = tokenizer({ pre_tokenizer: config }).getPreTokenizer();
    for (const text of texts) records.push({ config: name, text, splits: p.preTokenizeString(text) });
  }
  for (const [name, config] of Object.entries(DECODERS)) {
    configs[name] = { decoder: config };
    const d = tokenizer({ decoder: config }).getDecoder();
    for (const tokens of tokenLists) records.push({ config: name, tokens, decoded: d.decode(tokens) });
  }
  const out = path.join(root, 'tests/data/golden/components/hf_component_methods.jsonl.gz');
  const body = [JSON.stringify({ configs }), ...records.map((r) => JSON.stringify(r))].join('\n') + '\n';
  fs.writeFileSync(out, zlib.gzipSync(body, { level: 9 }));
  console.log(`${records.length} records, ${Object.keys(configs).length} configurations`);
}
main().catch(common.fatal);
