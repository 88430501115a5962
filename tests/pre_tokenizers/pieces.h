// Runs a pre-tokenizer on a text and lists its pieces with their original byte offsets,
// the form HF's Rust unit tests compare (get_splits(Original, Byte)).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "simdjson.h"
#include "tokenizers/pre_tokenizers/pre_tokenizer.h"
#include "tokenizers/serialization/registries.h"

namespace tokenmill::testing {

struct Piece {
  std::string text;
  std::pair<uint32_t, uint32_t> offsets;
  friend bool operator==(const Piece&, const Piece&) = default;
};

inline void PrintTo(const Piece& p, std::ostream* os) {
  *os << "(\"" << p.text << "\", (" << p.offsets.first << ", " << p.offsets.second << "))";
}

inline std::vector<Piece> PreTokenizeToPieces(const PreTokenizer& pre_tokenizer,
                                              std::string_view text) {
  PreTokenizedString pretokenized;
  pretokenized.Reset(NormalizedString(text));
  pre_tokenizer.PreTokenize(pretokenized);
  std::vector<Piece> pieces;
  for (const Split& split : pretokenized.splits()) {
    const Span span = pretokenized.normalized().OriginalSpan(split.begin, split.end);
    pieces.push_back({std::string(pretokenized.SplitText(split)), {span.start, span.end}});
  }
  return pieces;
}

// Builds a pre-tokenizer from its tokenizer.json form through the registry.
inline absl::StatusOr<std::unique_ptr<PreTokenizer>> PreTokenizerFromJson(std::string_view json) {
  static simdjson::dom::parser* parser = new simdjson::dom::parser();
  simdjson::dom::element element;
  if (parser->parse(json.data(), json.size()).get(element)) {
    return absl::InvalidArgumentError("test JSON does not parse");
  }
  return PreTokenizerRegistry().Create(element, "pre_tokenizer");
}

}  // namespace tokenmill::testing
