// Hugging Face's DecodeStream (tokenizer/mod.rs, step_decode_stream): ids fed one (or a few)
// at a time, as a generation loop produces them, give the text they add as soon as it is
// final — for any tokenizer, since the text comes from the tokenizer's own decode.
//
// It keeps the ids since the last chunk and the text they decode to (the prefix); each step
// decodes them with the new ids and returns what extends the prefix, unless that text ends in
// U+FFFD (a character still incomplete: byte-level or byte-fallback tokens) or adds nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill {

class DecodeStream {
 public:
  // `ids`: already generated ids (a prompt): the first step's text follows them.
  explicit DecodeStream(std::vector<uint32_t> ids = {}, bool skip_special_tokens = false)
      : ids_(std::move(ids)), skip_special_tokens_(skip_special_tokens) {}

  // The text `new_ids` add, or nullopt while it is not final. Errors: an id the tokenizer
  // cannot decode, or a decode that no longer starts with the prefix (HF's InvalidPrefix).
  absl::StatusOr<std::optional<std::string>> Step(const Tokenizer& tokenizer,
                                                  std::span<const uint32_t> new_ids);

 private:
  std::vector<uint32_t> ids_;
  std::string prefix_;
  size_t prefix_index_ = 0;
  bool skip_special_tokens_;
};

}  // namespace tokenmill
