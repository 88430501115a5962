#include "tokenizers/pre_tokenizers/fixed_length.h"

#include "tokenizers/base/utf8.h"

namespace tokenmill {

absl::StatusOr<std::unique_ptr<FixedLengthPreTokenizer>> FixedLengthPreTokenizer::Create(
    size_t length) {
  if (length == 0) return absl::InvalidArgumentError("FixedLength: length must be at least 1");
  return std::unique_ptr<FixedLengthPreTokenizer>(new FixedLengthPreTokenizer(length));
}

void FixedLengthPreTokenizer::PreTokenize(PreTokenizedString& text) const {
  text.Refine([this](std::string_view split, std::vector<Match>& pieces) {
    size_t pos = 0;
    while (pos < split.size()) {
      const auto start = static_cast<uint32_t>(pos);
      for (size_t chars = 0; chars < length_ && pos < split.size(); ++chars) {
        pos += std::min<size_t>(split.size() - pos, static_cast<size_t>(utf8::SequenceLength(
                                                        static_cast<unsigned char>(split[pos]))));
      }
      pieces.push_back(Match{start, static_cast<uint32_t>(pos)});
    }
  });
}

}  // namespace tokenmill
