// Post-processors add special tokens around one or two encoded sequences and set type ids.
#pragma once

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "nlohmann/json.hpp"
#include "tokenizers/encoding.h"

namespace tokenmill {

class PostProcessor {
 public:
  virtual ~PostProcessor() = default;
  // How many tokens Process adds (truncation reserves room for them).
  virtual size_t AddedTokens(bool is_pair) const = 0;

  // HF's process_encodings: turns the sequences (one or two, already marked with their
  // sequence and type ids) into the parts of the result, which Process then merges. Separate
  // from Process so that processors can be chained (Sequence).
  virtual absl::StatusOr<std::vector<Encoding>> ProcessEncodings(
      std::vector<Encoding> encodings, bool add_special_tokens) const = 0;

  // HF's PostProcessor::process: marks sequence i (and its overflowing parts) with sequence id
  // i and the sequence itself with type id i, runs ProcessEncodings, and merges the parts with
  // Encoding::Merge (which also combines their overflowing parts as HF does).
  absl::StatusOr<Encoding> Process(Encoding first, std::optional<Encoding> second,
                                   bool add_special_tokens) const;

  virtual nlohmann::ordered_json ToJson() const = 0;

 protected:
  // The parts of BertProcessing and RobertaProcessing: `wrap(part, is_first)` applied to each
  // encoding and to each of its overflowing parts (HF treats every encoding after the first as
  // the pair, even inside a Sequence with more than two).
  template <typename WrapFn>
  static std::vector<Encoding> WrapEachPart(const std::vector<Encoding>& encodings, WrapFn wrap) {
    std::vector<Encoding> parts;
    parts.reserve(encodings.size());
    for (size_t i = 0; i < encodings.size(); ++i) {
      // The wrapped parts keep the sequence range of what they wrap, as HF's do.
      Encoding part = wrap(encodings[i], i == 0);
      part.sequence_ranges = encodings[i].sequence_ranges;
      part.overflowing.reserve(encodings[i].overflowing.size());
      for (const Encoding& over : encodings[i].overflowing) {
        part.overflowing.push_back(wrap(over, i == 0));
        part.overflowing.back().sequence_ranges = over.sequence_ranges;
      }
      parts.push_back(std::move(part));
    }
    return parts;
  }
};

}  // namespace tokenmill
