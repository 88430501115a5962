#include "tokenizers/decoders/decoder.h"

namespace tokenmill {

std::string Decoder::Decode(std::vector<std::string> tokens) const {
  DecodeChain(tokens);
  std::string out;
  for (const std::string& t : tokens) out += t;
  return out;
}

}  // namespace tokenmill
