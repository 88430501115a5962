// sentencepiece's built-in normalization rules, as the precompiled_charsmap spm_train 0.1.97
// stores in a model's normalizer_spec (nmt_nfkc, nfkc, nmt_nfkc_cf, nfkc_cf); "identity" is
// the empty charsmap. Kept zlib-compressed (builtin_charsmaps.cc is generated).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace tokenmill {

struct CompressedCharsmap {
  std::string_view name;
  std::string_view zlib_bytes;
  size_t size;  // uncompressed
};
const std::vector<CompressedCharsmap>& BuiltinCharsmaps();

// The charsmap for a --normalization_rule_name; an unknown name is an error listing the known.
absl::StatusOr<std::string> BuiltinCharsmap(std::string_view rule_name);

}  // namespace tokenmill
