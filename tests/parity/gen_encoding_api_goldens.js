#!/usr/bin/env node
// Regenerates tests/data/golden/encoding_api/hf.<name>.jsonl.gz: what HF tokenizers 0.22 (the
// oracle in ../shared/oracles) answers for the parts of its API beyond plain encode, on dev
// and edge lines:
//  - "words": HF's encode(words, pair_words, is_pretokenized=True): ids, tokens, offsets
//    (code points into each word), type_ids, special_tokens_mask, word_ids, sequence_ids. This
//    node binding takes only strings, so the generator runs HF's pretokenized path itself
//    with HF's own calls (tokenizer/mod.rs, encode_single_sequence): each word encoded by the
//    tokenizer without its post-processor, the words merged without shifting offsets
//    (mergeEncodings), then postProcess. What those calls cannot express is set as HF's code does: every token of
//    word i has word id i, and the pair's tokens the type id 1 they are encoded with where
//    the post-processor keeps a sequence's own type ids (BertProcessing, or none; Roberta and
//    Template processing set their own);
//  - "positions": a text (or pair) encoded as usual, and every answer of its position
//    queries: token_to_sequence / token_to_chars / token_to_word for each token (and one past
//    the end), char_to_token / char_to_word for each code point of each text (and one past),
//    word_to_tokens / word_to_chars for each word (and one past the last);
//  - "ops": post_process of encodings made without post-processor and padding, and
//    Encoding.pad / Encoding.truncate (with overflowing windows) on such encodings;
//  - "merge": Encoding.merge of bare, post-processed and truncated encodings, with and
//    without growing offsets: the merged fields, overflowing parts and position answers;
//  - "added": add_tokens / add_special_tokens calls in turn, what each returns, the
//    vocabulary size, the encodings and decodings of a few texts after them, and the
//    added_tokens section HF saves.
//
//   TOKENMILL_ORACLES_DIR=/root/.cache/tokenmill-oracles \
//     node tests/parity/gen_encoding_api_goldens.js NAME TOKENIZER_JSON[.gz] OUT.jsonl.gz \
//       [--padding N]
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const os = require('os');

const root = path.resolve(__dirname, '../..');
const shared = process.env.TOKENMILL_SHARED_DIR || path.join(root, '..', 'shared');
const common = require(path.join(shared, 'oracles/lib/common'));
const hf = common.oracleRequire('@anush008/tokenizers');
const { readText, corpusLines } = require('../testing/golden_helpers');

const [name, tokenizerPath, outPath, ...rest] = process.argv.slice(2);
if (!outPath) {
  process.stderr.write('usage: gen_encoding_api_goldens.js NAME TOKENIZER_JSON OUT [--padding N]\n');
  process.exit(2);
}
const padding = rest[0] === '--padding' ? Number(rest[1]) : 0;
const processor = JSON.parse(readText(tokenizerPath)).post_processor;
const keepsTypeIds = processor === null || processor.type === 'BertProcessing';


// `bare`: without post-processor or padding, so that encode() stops where HF's
// encode_single_sequence does (no special tokens, no sequence ranges set).
function load(bare = false) {
  const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'encoding-api-')), 'tokenizer.json');
  const json = JSON.parse(readText(tokenizerPath));
  if (bare) json.post_processor = null;
  fs.writeFileSync(tmp, JSON.stringify(json));
  const tok = hf.Tokenizer.fromFile(tmp);
  if (padding > 0 && !bare) tok.setPadding({ maxLength: padding });
  return tok;
}

// HF's encode(words, pair, is_pretokenized=True), step by step (see the top).
async function encodeWords(plain, tok, words, pairWords, addSpecialTokens) {
  const sequence = async (ws) => {
    const parts = [];
    for (const w of ws) parts.push(await plain.encode(w, null, { addSpecialTokens: false }));
    const wordIds = parts.flatMap((p, i) => Array(p.getLength()).fill(i));
    return { encoding: hf.mergeEncodings(parts, false), wordIds };
  };
  const first = await sequence(words);
  const second = pairWords === null ? null : await sequence(pairWords);
  const enc = tok.postProcess(first.encoding, second ? second.encoding : null, addSpecialTokens);
  const record = encodingRecord(enc);
  const next = [0, 0];
  record.sequence_ids.forEach((seq, t) => {
    if (seq === null || record.attention_mask[t] === 0) return;  // added, or padding
    record.word_ids[t] = (seq === 0 ? first : second).wordIds[next[seq]++];
    if (seq === 1 && keepsTypeIds) record.type_ids[t] = 1;
  });
  if (next[0] !== first.wordIds.length || next[1] !== (second ? second.wordIds.length : 0)) {
    throw new Error('token count mismatch while emulating is_pretokenized');
  }
  return record;
}

const lines = (file, every, limit) => corpusLines(file, every, limit);

const nullable = (v) => (v === undefined || v === null ? null : v);

function encodingRecord(enc) {
  return {
    ids: enc.getIds(),
    tokens: enc.getTokens(),
    offsets: enc.getOffsets(),
    type_ids: enc.getTypeIds(),
    special_tokens_mask: enc.getSpecialTokensMask(),
    attention_mask: enc.getAttentionMask(),
    word_ids: enc.getWordIds().map(nullable),
    sequence_ids: enc.getSequenceIds().map(nullable),
    n_sequences: enc.getNSequences(),
  };
}

function positionQueries(enc, texts) {
  const n = enc.getLength();
  const q = { token_to_sequence: [], token_to_chars: [], token_to_word: [] };
  for (let t = 0; t <= n; t++) {
    q.token_to_sequence.push(nullable(enc.tokenToSequence(t)));
    q.token_to_chars.push(nullable(enc.tokenToChars(t)));  // the offsets (Python's answer)
    q.token_to_word.push(nullable(enc.tokenToWord(t)));
  }
  q.char_to_token = [];
  q.char_to_word = [];
  q.word_to_tokens = [];
  q.word_to_chars = [];
  texts.forEach((text, seq) => {
    const length = [...text].length;
    const toToken = [], toWord = [];
    for (let c = 0; c <= length; c++) {
      toToken.push(nullable(enc.charToToken(c, seq)));
      toWord.push(nullable(enc.charToWord(c, seq)));
    }
    q.char_to_token.push(toToken);
    q.char_to_word.push(toWord);
    const words = enc.getWordIds().filter((w) => w !== undefined && w !== null);
    const last = words.length ? Math.max(...words) : -1;
    const wordTokens = [], wordChars = [];
    for (let w = 0; w <= last + 1; w++) {
      wordTokens.push(nullable(enc.wordToTokens(w, seq)));
      wordChars.push(nullable(enc.wordToChars(w, seq)));
    }
    q.word_to_tokens.push(wordTokens);
    q.word_to_chars.push(wordChars);
  });
  return q;
}

// Words as a user would pass them: split on whitespace; every fourth input split on single
// spaces (empty words included), every fifth with neighbours joined ("New York").
function toWords(text, i) {
  if (i % 4 === 3) return text.split(' ');
  const words = text.split(/\s+/u).filter((w) => w.length > 0);
  if (i % 5 === 4) {
    const joined = [];
    for (let k = 0; k < words.length; k += 2) joined.push(words.slice(k, k + 2).join(' '));
    return joined;
  }
  return words;
}

async function main() {
  const texts = [...lines('dev.jsonl', 37, 80), ...lines('edge.jsonl', 3, 40)];
  const records = [];
  const tok = load();
  const plain = load(true);
  for (let i = 0; i < texts.length; i++) {
    const pair = i % 3 === 2 && i + 1 < texts.length ? texts[i + 1] : null;
    const words = toWords(texts[i], i);
    const pairWords = pair === null ? null : toWords(pair, i + 1);
    const addSpecial = i % 7 !== 6;
    records.push({ kind: 'words', words, pair: pairWords, add_special_tokens: addSpecial,
                   ...(await encodeWords(plain, tok, words, pairWords, addSpecial)) });
    const enc = await tok.encode(texts[i], pair, { addSpecialTokens: addSpecial });
    records.push({ kind: 'positions', text: texts[i], pair, add_special_tokens: addSpecial,
                   ...encodingRecord(enc),
                   queries: positionQueries(enc, pair === null ? [texts[i]] : [texts[i], pair]) });
  }

  // Encodings changed after encode: post_process of bare encodings (no post-processor, no
  // padding), Encoding.pad and Encoding.truncate (with overflowing windows).
  for (let i = 0; i < 30 && i < texts.length; i++) {
    const pair = i % 2 === 1 ? texts[i + 1] || null : null;
    const bare = async (t) => (t === null ? null : plain.encode(t, null, { addSpecialTokens: false }));
    const addSpecial = i % 5 !== 4;
    const processed = tok.postProcess(await bare(texts[i]), await bare(pair), addSpecial);
    const toPad = await bare(texts[i]);
    const padTo = toPad.getLength() + 3;
    const padDirection = i % 2 === 0 ? 'right' : 'left';
    toPad.pad(padTo, { direction: padDirection, padId: 7, padTypeId: 1, padToken: '<p>' });
    const toCut = await bare(texts[i]);
    const cutTo = Math.max(2, Math.floor(toCut.getLength() / 3));
    const stride = i % 3 === 0 ? 0 : 1;
    const cutDirection = i % 4 < 2 ? 'right' : 'left';
    toCut.truncate(cutTo, stride, cutDirection);
    records.push({ kind: 'ops', text: texts[i], pair, add_special_tokens: addSpecial,
                   post_processed: encodingRecord(processed),
                   pad: { length: padTo, direction: padDirection, ...encodingRecord(toPad) },
                   truncate: { max_length: cutTo, stride, direction: cutDirection,
                               ...encodingRecord(toCut),
                               overflowing: toCut.getOverflowing().map(encodingRecord) } });
  }

  // Encoding.merge (mergeEncodings) of encodings made in different ways: each part is bare
  // (no sequence marked), post-processed (input 0 marked, or 0 and 1 for a pair), and some
  // truncated into overflowing windows first (their combinations are merged too).
  for (let i = 0; i + 2 < texts.length && i < 36; i += 3) {
    const partSpecs = [];
    for (let k = 0; k < 2 + (i % 2); k++) {
      const j = i + k;
      partSpecs.push({
        text: texts[j],
        pair: (i + k) % 4 === 1 ? texts[j + 1] : null,
        processed: (i / 3 + k) % 3 !== 0,
        add_special_tokens: (i + k) % 5 !== 4,
        truncate: (i / 3 + k) % 4 === 2 ? [Math.max(2, 6 + (i % 5)), (i % 2), 'right'] : null,
      });
    }
    const parts = [];
    for (const spec of partSpecs) {
      let enc;
      if (spec.processed) {
        enc = await tok.encode(spec.text, spec.pair, { addSpecialTokens: spec.add_special_tokens });
      } else {
        enc = await plain.encode(spec.text, null, { addSpecialTokens: false });
        spec.pair = null;
      }
      if (spec.truncate) enc.truncate(spec.truncate[0], spec.truncate[1], spec.truncate[2]);
      parts.push(enc);
    }
    const growing = (i / 3) % 2 === 0;
    const merged = hf.mergeEncodings(parts, growing);
    const n = merged.getLength();
    const tokenToSequence = [];
    for (let t = 0; t <= n; t++) tokenToSequence.push(nullable(merged.tokenToSequence(t)));
    const lastChar = Math.max(0, ...merged.getOffsets().map((o) => o[1]));
    const charToToken = [0, 1].map((seq) => {
      const answers = [];
      for (let c = 0; c <= lastChar; c += 1 + (c % 3)) answers.push(nullable(merged.charToToken(c, seq)));
      return answers;
    });
    records.push({ kind: 'merge', parts: partSpecs, growing_offsets: growing,
                   ...encodingRecord(merged),
                   overflowing: merged.getOverflowing().map(encodingRecord),
                   token_to_sequence: tokenToSequence, char_to_token: charToToken });
  }

  // Added tokens: a fresh tokenizer per scenario; each step is a call, then a few encodings.
  const probe = texts.slice(0, 6);
  const scenarios = [
    [['add_tokens', ['tokenmill', 'hello world', 'the']], ['add_special_tokens', ['<ctrl1>', '[NEW]']]],
    [['add_special_tokens', ['<ctrl1>']], ['add_tokens', ['<ctrl1>', 'xyzzy', 'xyzzy']],
     ['add_tokens', ['']], ['add_special_tokens', ['<ctrl2>', '<ctrl1>']]],
    [['add_tokens', ['Debian', 'ing', '##ing', '▁the', 'packages']]],
  ];
  for (const steps of scenarios) {
    const t = load();
    const results = [];
    for (const [call, tokens] of steps) {
      const returned = call === 'add_tokens' ? t.addTokens(tokens) : (t.addSpecialTokens(tokens), null);
      results.push({ call, tokens, returned, vocab_size: t.getVocabSize(true) });
    }
    const encodings = [];
    for (const text of probe.concat(['tokenmill <ctrl1> and [NEW] or xyzzy hello world the packages', 'Debian thing'])) {
      const enc = await t.encode(text, null, { addSpecialTokens: true });
      encodings.push({ text, ...encodingRecord(enc), decoded: await t.decode(enc.getIds(), true),
                       decoded_all: await t.decode(enc.getIds(), false) });
    }
    const saved = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'encoding-api-')), 'saved.json');
    t.save(saved, false);
    records.push({ kind: 'added', steps: results, encodings,
                   saved_added_tokens: JSON.parse(fs.readFileSync(saved, 'utf8')).added_tokens });
  }
  const body = records.map((r) => JSON.stringify({ tokenizer: name, ...r })).join('\n') + '\n';
  fs.writeFileSync(outPath, zlib.gzipSync(Buffer.from(body), { level: 9 }));
  process.stderr.write(`${name}: ${records.length} records -> ${outPath}\n`);
}

main().catch(common.fatal);
