#include "tokenizers/normalizers/precompiled.h"

#include <unicode/brkiter.h>
#include <unicode/utext.h>

#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/serialization/tiktoken_file.h"

namespace tokenmill {
namespace {

// HF's `replace(transformations, old, new)`: the new characters replace the old ones; extra
// new ones are insertions (+1), missing ones are removals charged to the last change so far.
void Replace(std::vector<CharChange>& changes, std::string_view old_part,
             std::string_view new_part) {
  const auto old_count = static_cast<long>(utf8::CountCodePoints(old_part));
  const size_t first_new = changes.size();
  for (size_t pos = 0; pos < new_part.size();) changes.push_back({utf8::DecodeValid(new_part, pos), 0});
  const long diff = static_cast<long>(changes.size() - first_new) - old_count;
  if (diff > 0) {
    for (long k = 0; k < diff; ++k) changes[changes.size() - 1 - k].change = 1;
  } else if (diff < 0 && !changes.empty()) {
    changes.back().change += static_cast<int>(diff);
  }
}

// An ICU extended-grapheme iterator per thread (creating one is costly).
icu::BreakIterator* GraphemeIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createCharacterInstance(icu::Locale::getRoot(), status));
    return U_SUCCESS(status) ? std::move(it) : nullptr;
  }();
  return iterator.get();
}

}  // namespace

absl::StatusOr<std::unique_ptr<PrecompiledNormalizer>> PrecompiledNormalizer::Create(
    std::string_view blob) {
  TM_ASSIGN_OR_RETURN(PrecompiledCharsMap map, PrecompiledCharsMap::Parse(blob));
  const uint32_t trie_size = static_cast<unsigned char>(blob[0]) |
                             static_cast<unsigned char>(blob[1]) << 8 |
                             static_cast<unsigned char>(blob[2]) << 16 |
                             static_cast<uint32_t>(static_cast<unsigned char>(blob[3])) << 24;
  if (!utf8::Validate(blob.substr(4 + trie_size)).ok()) {
    return absl::InvalidArgumentError(
        "precompiled_charsmap: the replacement strings are not UTF-8");
  }
  return std::unique_ptr<PrecompiledNormalizer>(new PrecompiledNormalizer(std::move(map)));
}

void PrecompiledNormalizer::Normalize(NormalizedString& text) const {
  const std::string& s = text.normalized();
  if (s.empty()) return;
  icu::BreakIterator* graphemes = GraphemeIterator();
  UErrorCode status = U_ZERO_ERROR;
  UText* utext = utext_openUTF8(nullptr, s.data(), static_cast<int64_t>(s.size()), &status);
  if (graphemes == nullptr || U_FAILURE(status)) {
    utext_close(utext);
    return;
  }
  graphemes->setText(utext, status);
  std::vector<CharChange> changes;
  changes.reserve(s.size());
  bool modified = false;
  // UTF-8 UText indexes are byte offsets.
  for (int32_t begin = graphemes->first(), end = graphemes->next(); end != icu::BreakIterator::DONE;
       begin = end, end = graphemes->next()) {
    const std::string_view grapheme(s.data() + begin, end - begin);
    if (grapheme.size() < 6) {
      if (auto m = map_.ShortestPrefix(grapheme); m.length > 0) {
        modified = true;
        Replace(changes, grapheme, m.replacement);
        continue;
      }
    }
    for (size_t pos = 0; pos < grapheme.size();) {
      const size_t start = pos;
      const char32_t c = utf8::DecodeValid(grapheme, pos);
      const std::string_view part = grapheme.substr(start, pos - start);
      if (auto m = map_.ShortestPrefix(part); m.length > 0) {
        modified = true;
        Replace(changes, part, m.replacement);
      } else {
        changes.push_back({c, 0});
      }
    }
  }
  utext_close(utext);
  if (modified) text.Transform(changes, 0);
}

nlohmann::ordered_json PrecompiledNormalizer::ToJson() const {
  return {{"type", "Precompiled"}, {"precompiled_charsmap", EncodeBase64(map_.blob())}};
}

}  // namespace tokenmill
