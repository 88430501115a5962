// Incremental decoding for generation loops: ids arrive one at a time and each step
// returns only the text whose UTF-8 is complete. Bytes of a character split across
// tokens are held back until the character completes; invalid bytes become U+FFFD as
// Rust's String::from_utf8_lossy makes them (one per maximal invalid subsequence), so
// the concatenation of all steps plus Flush() equals a one-shot lossy decode of all
// the ids' bytes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "tokenizers/models/model.h"

namespace tokenmill {

class StreamDecoder {
 public:
  // Appends the bytes token `id` stands for; false if there is no such token.
  using TokenBytes = std::function<bool(uint32_t id, std::string& bytes)>;

  explicit StreamDecoder(TokenBytes token_bytes) : token_bytes_(std::move(token_bytes)) {}

  // For byte-level vocabularies (GPT-2 style): the token string mapped back through the
  // byte-level alphabet. `model` must outlive the decoder.
  static StreamDecoder ForByteLevel(const Model& model);

  // The text completed by `id` (possibly empty); NotFound for an unknown id, which
  // leaves the decoder unchanged.
  absl::StatusOr<std::string> Step(uint32_t id);

  // The text completed by appending raw `bytes`.
  std::string PushBytes(std::string_view bytes);

  // The held-back bytes of an unfinished character, as U+FFFD (a lossy decoder's
  // reading of a truncated sequence); the decoder is then empty and reusable.
  std::string Flush();

  // Bytes held back waiting for the rest of a character (at most 3).
  std::string_view pending() const { return pending_; }

 private:
  TokenBytes token_bytes_;
  std::string pending_;
};

// Where `bytes` ends with the start of a character still missing bytes (a valid UTF-8
// prefix cut by the end of the buffer): that position, else bytes.size(). Decisions a
// lossy decoder makes before it need no later byte.
size_t IncompleteUtf8TailStart(std::string_view bytes);

}  // namespace tokenmill
