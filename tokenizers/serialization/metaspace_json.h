// The fields HF's Metaspace pre-tokenizer and decoder share in tokenizer.json.
#pragma once

#include <string_view>

#include "absl/status/status.h"
#include "tokenizers/pre_tokenizers/metaspace.h"
#include "tokenizers/serialization/json_reader.h"

namespace tokenmill {

// "replacement" (one character), "prepend_scheme" (default "always"), legacy
// "add_prefix_space" (false means "never"), "split" (default true).
absl::Status ReadMetaspace(json::Object o, std::string_view ctx, char32_t& replacement,
                           PrependScheme& scheme, bool& split);

}  // namespace tokenmill
