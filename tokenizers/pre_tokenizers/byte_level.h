// HF's ByteLevel pre-tokenizer (GPT-2): optionally prefixes each split with a space, cuts it
// with GPT-2's pattern, then spells every byte as one printable character (bytes_to_unicode
// of OpenAI's encoder.py), so a byte-level BPE never sees raw bytes or spaces.
// {"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true}
#pragma once

#include <cstdint>
#include <string_view>

#include "tokenizers/pre_tokenizers/pre_tokenizer.h"

namespace tokenmill {

namespace byte_level {
// The character standing for `byte` (U+0021..U+007E etc. for printable bytes, U+0100+ else).
char32_t ByteToChar(uint8_t byte);
// Its UTF-8 spelling (1 or 2 bytes).
std::string_view ByteToUtf8(uint8_t byte);
// The byte a character stands for, or -1 when it is not in the byte-level alphabet.
int CharToByte(char32_t c);
}  // namespace byte_level

class ByteLevelPreTokenizer : public PreTokenizer {
 public:
  explicit ByteLevelPreTokenizer(bool add_prefix_space = true, bool trim_offsets = true,
                                 bool use_regex = true)
      : add_prefix_space_(add_prefix_space), trim_offsets_(trim_offsets), use_regex_(use_regex) {}

  void PreTokenize(PreTokenizedString& text) const override;
  nlohmann::ordered_json ToJson() const override;

  bool add_prefix_space() const { return add_prefix_space_; }
  bool trim_offsets() const { return trim_offsets_; }
  bool use_regex() const { return use_regex_; }

 private:
  bool add_prefix_space_;
  bool trim_offsets_;  // unused here; kept so tokenizer.json round-trips
  bool use_regex_;
};

}  // namespace tokenmill
