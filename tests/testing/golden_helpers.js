'use strict';
// Helpers shared by the golden generators that run the HF and tiktoken oracles.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '../..');

// A file's text, gunzipped when its name ends in ".gz".
function readText(file) {
  const raw = fs.readFileSync(file);
  return file.endsWith('.gz') ? zlib.gunzipSync(raw).toString('utf8') : raw.toString('utf8');
}

// Every `every`-th text of tests/data/corpus/<file> of at most `maxBytes` UTF-8 bytes, up to
// `limit` of them.
function corpusLines(file, every, limit, maxBytes = 2048) {
  const texts = readText(path.join(root, 'tests/data/corpus', file)).split('\n').filter(Boolean)
    .map((l) => JSON.parse(l).text);
  const picked = [];
  for (let i = 0; i < texts.length && picked.length < limit; i += every) {
    if (Buffer.byteLength(texts[i]) <= maxBytes) picked.push(texts[i]);
  }
  return picked;
}

// An HF tokenizer holding only the given sections (and a one-token WordLevel model), to run
// one component on its own.
function componentTokenizer(hf, sections) {
  return hf.Tokenizer.fromString(JSON.stringify(Object.assign({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null,
    pre_tokenizer: null, post_processor: null, decoder: null,
    model: { type: 'WordLevel', vocab: { '[UNK]': 0 }, unk_token: '[UNK]' },
  }, sections)));
}

module.exports = { root, readText, corpusLines, componentTokenizer };
