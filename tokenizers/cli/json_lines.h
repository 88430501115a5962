// JSONL input and output for the command line (the goldens' format).
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>

#include "tokenizers/encoding.h"

namespace tokenmill::cli {

// Appends `s` as a JSON string literal (UTF-8 kept as is).
void AppendJsonString(std::string_view s, std::string& out);

// {"ids": [...], "tokens": [...], "offsets": [[s, e], ...]} (+ the extra fields if asked).
std::string EncodingToJsonLine(const Encoding& encoding, bool extra_fields);

}  // namespace tokenmill::cli
