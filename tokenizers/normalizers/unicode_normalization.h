// Unicode normalization with HF's alignment bookkeeping.
//
// HF normalizes with unicode-normalization-alignments, which yields every output character
// with a change relative to the input (0 = replaces the next input character, +1 =
// inserted, -n = replaces one and absorbs n more) and then applies NormalizedString's
// transform. Offsets after NFD/NFC therefore depend on that crate's exact algorithm
// (stable canonical reordering moves changes along with characters; a composite carries
// the sum of its parts' changes minus one), which is reproduced here over the Unicode 9.0
// data HF uses (tokenizers/base/unicode.h).
#pragma once

#include <string_view>
#include <vector>

#include "tokenizers/normalized_string.h"

namespace tokenmill {

enum class NormalizationForm { kNfd, kNfkd, kNfc, kNfkc };

// Appends HF's (char, change) stream for normalizing `text` (valid UTF-8) to `changes`.
void NormalizationChanges(std::string_view text, NormalizationForm form,
                          std::vector<CharChange>& changes);

// Normalizes `text` in place as HF's NormalizedString::nfd/nfkd/nfc/nfkc do.
void Normalize(NormalizationForm form, NormalizedString& text);

}  // namespace tokenmill
