#include "tokenizers/processors/byte_level_processor.h"

#include <algorithm>

#include "tokenizers/base/utf8.h"
#include "tokenizers/pre_tokenizers/char_classes.h"

namespace tokenmill {
namespace {

constexpr char32_t kSpaceChar = 0x120;  // 'Ġ', the byte-level spelling of ' '

bool IsSpaceLike(char32_t c) { return c == kSpaceChar || char_classes::IsRegexSpace(c); }

// Counts the space-like characters at the start and at the end of `token` (the whole token
// counts for both when it is all spaces, as in HF).
void CountSpaces(std::string_view token, uint32_t& leading, uint32_t& trailing) {
  leading = trailing = 0;
  size_t pos = 0;
  bool in_leading = true;
  uint32_t run = 0;  // space-like characters since the last other character
  while (pos < token.size()) {
    const char32_t c = utf8::DecodeValid(token, pos);
    if (IsSpaceLike(c)) {
      ++run;
      if (in_leading) ++leading;
    } else {
      in_leading = false;
      run = 0;
    }
  }
  trailing = run;
}

}  // namespace

void ByteLevelProcessor::TrimOffsets(Encoding& encoding, bool add_prefix_space) {
  for (size_t i = 0; i < encoding.size(); ++i) {
    Span& offsets = encoding.offsets[i];
    uint32_t leading, trailing;
    CountSpaces(encoding.tokens[i], leading, trailing);
    if (leading > 0) {
      // With add_prefix_space, one leading space on the first token is the one we added
      // (offsets starting at 0 also count as first, as HF does for pre-tokenized input).
      const bool is_first = i == 0 || offsets.start == 0;
      if (is_first && add_prefix_space && leading == 1) leading = 0;
      offsets.start = std::min(offsets.start + leading, offsets.end);
    }
    if (trailing > 0 && offsets.end >= trailing) {
      offsets.end = std::max(offsets.end - trailing, offsets.start);
    }
  }
}

absl::StatusOr<std::vector<Encoding>> ByteLevelProcessor::ProcessEncodings(
    std::vector<Encoding> encodings, bool) const {
  if (trim_offsets_) {
    for (Encoding& encoding : encodings) {
      TrimOffsets(encoding, add_prefix_space_);
      for (Encoding& overflowing : encoding.overflowing) TrimOffsets(overflowing, add_prefix_space_);
    }
  }
  for (size_t i = 0; i < encodings.size(); ++i) encodings[i].SetSequenceId(static_cast<int8_t>(i));
  return encodings;
}

nlohmann::ordered_json ByteLevelProcessor::ToJson() const {
  return {{"type", "ByteLevel"},
          {"add_prefix_space", add_prefix_space_},
          {"trim_offsets", trim_offsets_},
          {"use_regex", use_regex_}};
}

}  // namespace tokenmill
