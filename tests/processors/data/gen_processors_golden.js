'use strict';
// Generates processors_extra.<tokenizer>.jsonl.gz: HF tokenizers (the pinned oracle of
// ../shared/oracles) on the first 30 lines of ../shared/corpus/pairs.jsonl under set-ups the
// shared pair goldens do not cover: BertProcessing, a Sequence of processors, no post-processor,
// longest_first with stride in both directions, batch padding (encodeBatch of the first texts alone, no pairs). Overflowing encodings are
// recorded recursively (HF nests them when both sequences overflow).
// usage: node gen_processors_golden.js TOKENIZER_JSON | gzip -9n > processors_extra.<name>.jsonl.gz
const fs = require('fs');
const common = require('/work/shared/oracles/lib/common');
const hf = common.oracleRequire('@anush008/tokenizers');

const base = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const pad = base.model.vocab['[PAD]'] ?? 0;
const bert = { type: 'BertProcessing', sep: ['[SEP]', 102], cls: ['[CLS]', 101] };
// name → [post_processor override (undefined: keep), truncation, padding, batch]
const configs = {
  bert_processing_lf_40_s2: [bert, [40, { strategy: 'LongestFirst', stride: 2 }], null, false],
  template_lf_32_s3_left_pad_40: [undefined, [32, { strategy: 'LongestFirst', stride: 3, direction: 'left' }],
                                  { maxLength: 40, padId: pad, padToken: '[PAD]' }, false],
  sequence_bert_only_second_30: [{ type: 'Sequence', processors: [bert] }, [30, { strategy: 'OnlySecond' }], null, false],
  no_post_processor_lf_24_s1: [null, [24, { strategy: 'LongestFirst', stride: 1 }], null, false],
  batch_longest_multiple_16_left: [undefined, [48, { strategy: 'LongestFirst', stride: 5 }],
                                   { padToMultipleOf: 16, padId: pad, padToken: '[PAD]', direction: 'left' }, true],
};
function view(e, text, pair) {
  const seq = e.getSequenceIds();
  const offs = e.getOffsets().map(([s, t], i) => {
    const src = seq[i] === 1 ? pair : seq[i] === 0 ? text : null;
    return src == null ? [0, 0] : [Buffer.byteLength([...src].slice(0, s).join('')), Buffer.byteLength([...src].slice(0, t).join(''))];
  });
  return { ids: e.getIds(), type_ids: e.getTypeIds(), attention_mask: e.getAttentionMask(),
           special_tokens_mask: e.getSpecialTokensMask(), tokens: e.getTokens(), offsets: offs,
           overflowing: e.getOverflowing().map((x) => view(x, text, pair)) };
}
(async () => {
  const lines = fs.readFileSync('/work/shared/corpus/pairs.jsonl', 'utf8').split('\n').filter(Boolean)
    .slice(0, 30).map((l) => JSON.parse(l));
  for (const [name, [post, trunc, padding, batch]] of Object.entries(configs)) {
    const json = { ...base };
    if (post !== undefined) json.post_processor = post;
    const tok = hf.Tokenizer.fromString(JSON.stringify(json));
    tok.setTruncation(trunc[0], trunc[1]);
    if (padding) tok.setPadding(padding);
    const encodings = batch ? await tok.encodeBatch(lines.map((r) => r.text))
                            : await Promise.all(lines.map((r) => tok.encode(r.text, r.pair).catch((err) => String(err.message || err))));
    encodings.forEach((e, i) => console.log(JSON.stringify(typeof e === 'string' ? { config: name, error: e }
                                                         : { config: name, ...view(e, lines[i].text, batch ? null : lines[i].pair) })));
  }
})();
