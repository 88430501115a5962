'use strict';
// Makes the committed trainer goldens under tests/data/train/: HF's trainer (defaults: vocab
// 30000, min_frequency 0 — all the Node binding offers) on the first lines of
// ../shared/corpus/train-small.txt, with set-ups the shared goldens do not cover (normalizers,
// Sequence pre-tokenizers, added tokens in the text, a corpus too small for the vocabulary).
// usage: TOKENMILL_ORACLES_DIR=... node tests/trainers/gen_train_goldens.js (from the repo root)
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const os = require('os');
const common = require('../../../shared/oracles/lib/common');
const hf = common.oracleRequire('@anush008/tokenizers');

const LINES = 800;
const bpe = { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null,
  end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false,
  vocab: {}, merges: [] };
const setups = {
  'nfkc-lower-digits': {
    added_tokens: [{ id: 0, content: '<mask>', single_word: false, lstrip: false, rstrip: false,
      normalized: false, special: true }],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }] },
    pre_tokenizer: { type: 'Sequence', pretokenizers: [{ type: 'WhitespaceSplit' },
      { type: 'Digits', individual_digits: true }, { type: 'Punctuation', behavior: 'Isolated' }] },
    model: bpe,
  },
  // HF's WordLevelTrainer (the model's default trainer): words by count, then in byte order.
  'wordlevel-lower': {
    normalizer: { type: 'Lowercase' },
    pre_tokenizer: { type: 'Whitespace' },
    model: { type: 'WordLevel', vocab: {}, unk_token: '[UNK]' },
  },
  'nfc-bytelevel-noprefix': {
    normalizer: { type: 'NFC' },
    pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true },
    model: bpe,
  },
};
const corpus = fs.readFileSync(path.join(__dirname, '../../../shared/corpus/train-small.txt'), 'utf8')
  .split('\n').slice(0, LINES);
// The added token appears in the text (it is counted as a word, unnormalized).
corpus[3] = 'Fill the <mask> here, <MASK> is not it. ' + corpus[3];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'train-goldens-'));
const corpusPath = path.join(tmp, 'corpus.txt');
fs.writeFileSync(corpusPath, corpus.join('\n') + '\n');
const outDir = path.join(__dirname, '../data/train');
fs.mkdirSync(outDir, { recursive: true });
fs.writeFileSync(path.join(outDir, 'corpus.txt.gz'), zlib.gzipSync(fs.readFileSync(corpusPath)));
for (const [name, parts] of Object.entries(setups)) {
  const template = Object.assign({ version: '1.0', truncation: null, padding: null, added_tokens: [],
    normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null }, parts);
  const templatePath = path.join(tmp, `${name}.template.json`);
  fs.writeFileSync(templatePath, JSON.stringify(template));
  const tok = hf.Tokenizer.fromFile(templatePath);
  tok.train([corpusPath]);
  const out = path.join(tmp, `${name}.json`);
  tok.save(out, true);
  fs.writeFileSync(path.join(outDir, `hf.${name}.json.gz`), zlib.gzipSync(fs.readFileSync(out)));
  fs.writeFileSync(path.join(outDir, `${name}.template.json`), JSON.stringify(template, null, 1));
  console.error(`${name}: vocab ${tok.getVocabSize(true)}`);
}
