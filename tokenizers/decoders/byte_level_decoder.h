// HF's ByteLevel decoder: maps every byte-level character back to its byte (a token with a
// character outside the alphabet is kept as its UTF-8 bytes), joins all tokens and reads
// the bytes as UTF-8 the way Rust's String::from_utf8_lossy does.
// {"type":"ByteLevel","add_prefix_space":true,"trim_offsets":true,"use_regex":true}
#pragma once

#include <string>
#include <string_view>

#include "tokenizers/decoders/decoder.h"

namespace tokenmill {

class ByteLevelDecoder : public Decoder {
 public:
  explicit ByteLevelDecoder(bool add_prefix_space = true, bool trim_offsets = true,
                            bool use_regex = true)
      : add_prefix_space_(add_prefix_space), trim_offsets_(trim_offsets), use_regex_(use_regex) {}

  void DecodeChain(std::vector<std::string>& tokens) const override;
  nlohmann::ordered_json ToJson() const override;

  // Appends the bytes `token` stands for.
  static void AppendTokenBytes(std::string_view token, std::string& bytes);

 private:
  // Not used to decode; kept so tokenizer.json round-trips.
  bool add_prefix_space_;
  bool trim_offsets_;
  bool use_regex_;
};

// Rust's String::from_utf8_lossy: each maximal invalid subsequence becomes one U+FFFD.
std::string Utf8Lossy(std::string_view bytes);

}  // namespace tokenmill
