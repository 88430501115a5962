// Ready-made set-ups for `tokenmill train KIND` and tokenmill.train(): the tokenizer whose
// normalizer and pre-tokenizer split the corpus, and the trainer options, for each kind:
//   bpe        BPE, Whitespace pre-tokenizer, no normalizer (HF's plain BPE set-up)
//   byte-bpe   BPE over ByteLevel (GPT-2 style: no prefix space, regex split, ByteLevel decoder
//              and post-processor), all 256 byte characters in the initial alphabet
//   unigram    HF's Unigram with the Metaspace pre-tokenizer and decoder (their defaults)
//   wordpiece  BERT uncased: BertNormalizer (lowercase), BertPreTokenizer, WordPiece with
//              "##", BertProcessing, special tokens [PAD] [UNK] [CLS] [SEP] [MASK]
//   wordlevel  WordLevel over lowercased Whitespace words, special token [UNK]
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/tokenizer.h"
#include "tokenizers/trainers/bpe_trainer.h"
#include "tokenizers/trainers/trainer.h"

namespace tokenmill {

// "bpe", "byte-bpe", "wordpiece", "wordlevel", "unigram"; anything else is an error listing them.
absl::Status CheckTrainingKind(std::string_view kind);

// The default tokenizer to train for `kind` (its model is an empty placeholder).
absl::StatusOr<std::unique_ptr<Tokenizer>> DefaultTrainingTokenizer(std::string_view kind);

// HF trainer defaults plus the kind's own: byte-bpe starts from the 256 byte characters,
// wordpiece uses "##". `template_tokenizer` given (--like): its special added tokens become the
// default special tokens; else wordpiece gets BERT's five.
BpeTrainerOptions DefaultTrainerOptions(std::string_view kind,
                                        const Tokenizer* template_tokenizer);

// The trainer for `kind` with these options (not for "unigram": see unigram_trainer.h).
std::unique_ptr<Trainer> MakeTrainer(std::string_view kind, BpeTrainerOptions options);

}  // namespace tokenmill
