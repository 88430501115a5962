// HF's Metaspace pre-tokenizer (pre_tokenizers/metaspace.rs): spaces become the replacement
// character (▁), which is prepended to a split that does not start with it (prepend_scheme
// "always"; "first": only to the split at the start of the text; "never"), then with
// `split` the text is cut before every ▁ (MergedWithNext).
#pragma once

#include <string>

#include "tokenizers/pre_tokenizers/pre_tokenizer.h"

namespace tokenmill {

enum class PrependScheme { kAlways, kFirst, kNever };

class MetaspacePreTokenizer : public PreTokenizer {
 public:
  MetaspacePreTokenizer(char32_t replacement, PrependScheme scheme, bool split);
  void PreTokenize(PreTokenizedString& text) const override;
  nlohmann::ordered_json ToJson() const override;

 private:
  char32_t replacement_;
  std::string replacement_utf8_;
  PrependScheme scheme_;
  bool split_;
};

// "always" / "first" / "never" ↔ PrependScheme.
const char* PrependSchemeName(PrependScheme scheme);

}  // namespace tokenmill
