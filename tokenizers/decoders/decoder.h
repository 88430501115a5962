// Decoders turn model tokens back into text.
#pragma once

#include <string>
#include <vector>

#include "nlohmann/json.hpp"

namespace tokenmill {

class Decoder {
 public:
  virtual ~Decoder() = default;
  // HF's decode_chain: rewrites the token strings (a decoder may merge or drop them).
  virtual void DecodeChain(std::vector<std::string>& tokens) const = 0;
  virtual nlohmann::ordered_json ToJson() const = 0;

  std::string Decode(std::vector<std::string> tokens) const;
};

}  // namespace tokenmill
