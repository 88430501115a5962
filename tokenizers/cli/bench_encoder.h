// What `tokenmill bench` times: one text in, token ids out, for any kind of tokenizer the
// command line can load. Whatever TokenizerSource::Load turns into a Tokenizer (tokenizer.json,
// vocab.txt, SentencePiece .model) is timed through Tokenizer::Encode; a family with its own
// API (tiktoken encodings) is one more BenchEncoder subclass and one more branch in
// LoadBenchEncoder. The command itself, its threads, statistics and JSON do not change.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/cli/commands.h"

namespace tokenmill::cli {

class BenchEncoder {
 public:
  virtual ~BenchEncoder() = default;
  // The ids of `text`, as the library's public encode call returns them (a fresh result per
  // call, as a user gets it). Must be safe to call from several threads at once.
  virtual absl::StatusOr<std::vector<uint32_t>> Encode(std::string_view text) const = 0;
  // What is measured, for the report: "tokenizer.json encode (with special tokens)", ...
  virtual std::string Description() const = 0;
};

struct BenchEncoderOptions {
  bool add_special_tokens = true;  // Tokenizer: post-processor's special tokens ([CLS], ...)
  // tiktoken encodings: keep multi-token pieces in the per-thread cache (the default). Off
  // measures the merge loop itself, as a single pass over new text sees it.
  bool piece_cache = true;
};

// tokenizer.json / vocab.txt / .model → Tokenizer::Encode; --encoding NAME or .tiktoken →
// TiktokenEncoding::EncodeOrdinary (what tiktoken's benchmarks time).
absl::StatusOr<std::unique_ptr<BenchEncoder>> LoadBenchEncoder(const TokenizerSource& source,
                                                               const BenchEncoderOptions& options);

}  // namespace tokenmill::cli
