#include "tokenizers/trainers/training_setups.h"

#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/trainers/wordlevel_trainer.h"
#include "tokenizers/trainers/wordpiece_trainer.h"

namespace tokenmill {
namespace {

constexpr std::string_view kByteBpeJson = R"({
  "version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
  "normalizer": null,
  "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": true},
  "post_processor": {"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": false, "use_regex": true},
  "decoder": {"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true},
  "model": {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null,
            "end_of_word_suffix": null, "fuse_unk": false, "byte_fallback": false,
            "ignore_merges": false, "vocab": {}, "merges": []}
})";

constexpr std::string_view kBpeJson = R"({
  "version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
  "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null,
  "decoder": null,
  "model": {"type": "BPE", "dropout": null, "unk_token": null, "continuing_subword_prefix": null,
            "end_of_word_suffix": null, "fuse_unk": false, "byte_fallback": false,
            "ignore_merges": false, "vocab": {}, "merges": []}
})";

constexpr std::string_view kWordPieceJson = R"({
  "version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
  "normalizer": {"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true,
                 "strip_accents": null, "lowercase": true},
  "pre_tokenizer": {"type": "BertPreTokenizer"},
  "post_processor": {"type": "BertProcessing", "sep": ["[SEP]", 0], "cls": ["[CLS]", 0]},
  "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": true},
  "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
            "max_input_chars_per_word": 100, "vocab": {"[UNK]": 0}}
})";

// A word-level vocabulary: lowercased words and punctuation runs (Whitespace), [UNK] for the
// rest.
constexpr std::string_view kWordLevelJson = R"({
  "version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
  "normalizer": {"type": "Lowercase"}, "pre_tokenizer": {"type": "Whitespace"},
  "post_processor": null, "decoder": null,
  "model": {"type": "WordLevel", "vocab": {}, "unk_token": "[UNK]"}
})";

// HF's Unigram set-up (Metaspace pre-tokenizer and decoder with their defaults).
constexpr std::string_view kUnigramJson = R"({
  "version": "1.0", "truncation": null, "padding": null, "added_tokens": [],
  "normalizer": null,
  "pre_tokenizer": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
  "post_processor": null,
  "decoder": {"type": "Metaspace", "replacement": "▁", "prepend_scheme": "always", "split": true},
  "model": {"type": "Unigram", "unk_id": null, "vocab": [], "byte_fallback": false}
})";

}  // namespace

absl::Status CheckTrainingKind(std::string_view kind) {
  if (kind == "bpe" || kind == "byte-bpe" || kind == "wordpiece" || kind == "wordlevel" ||
      kind == "unigram") {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrFormat(
      "unknown model kind \"%s\": expected bpe, byte-bpe, wordpiece, wordlevel or unigram", kind));
}

absl::StatusOr<std::unique_ptr<Tokenizer>> DefaultTrainingTokenizer(std::string_view kind) {
  TM_RETURN_IF_ERROR(CheckTrainingKind(kind));
  const std::string_view json = kind == "bpe"        ? kBpeJson
                                : kind == "byte-bpe" ? kByteBpeJson
                                : kind == "unigram"  ? kUnigramJson
                                : kind == "wordlevel" ? kWordLevelJson
                                                     : kWordPieceJson;
  // The BertProcessing placeholder ids are re-read from the trained vocabulary.
  return ParseTokenizerJson(json, absl::StrFormat("<default %s tokenizer>", kind));
}

BpeTrainerOptions DefaultTrainerOptions(std::string_view kind,
                                        const Tokenizer* template_tokenizer) {
  BpeTrainerOptions options = kind == "wordpiece" ? WordPieceTrainerDefaults() : BpeTrainerOptions();
  if (kind == "byte-bpe") options.initial_alphabet = ByteLevelAlphabet();
  if (template_tokenizer != nullptr) {
    for (const AddedToken& t : template_tokenizer->added_vocabulary().tokens()) {
      if (t.special) options.special_tokens.push_back(t.content);
    }
  } else if (kind == "wordpiece") {
    options.special_tokens = {"[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"};
  } else if (kind == "wordlevel") {
    options.special_tokens = {"[UNK]"};
  }
  return options;
}

std::unique_ptr<Trainer> MakeTrainer(std::string_view kind, BpeTrainerOptions options) {
  if (kind == "wordpiece") return std::make_unique<WordPieceTrainer>(std::move(options));
  if (kind == "wordlevel") return std::make_unique<WordLevelTrainer>(std::move(options));
  return std::make_unique<BpeTrainer>(std::move(options));
}

}  // namespace tokenmill
