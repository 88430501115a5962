#include "tokenizers/decoders/byte_level_decoder.h"

#include "tokenizers/base/utf8.h"
#include "tokenizers/pre_tokenizers/byte_level.h"

namespace tokenmill {
namespace {

// Length of the valid UTF-8 sequence at `pos`, or -(bytes of its maximal invalid prefix).
int ValidSequenceLength(std::string_view s, size_t pos) {
  const auto at = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = at(pos);
  if (lead < 0x80) return 1;
  int length;
  unsigned char low = 0x80, high = 0xBF;  // range of the second byte
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;
  } else {
    return -1;
  }
  for (int k = 1; k < length; ++k) {
    if (pos + k >= s.size()) return -k;
    const unsigned char c = at(pos + k);
    const bool ok = k == 1 ? (c >= low && c <= high) : (c >= 0x80 && c <= 0xBF);
    if (!ok) return -k;
  }
  return length;
}

}  // namespace

std::string Utf8Lossy(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  size_t pos = 0;
  while (pos < bytes.size()) {
    const int n = ValidSequenceLength(bytes, pos);
    if (n > 0) {
      out.append(bytes.substr(pos, n));
      pos += n;
    } else {
      out.append(utf8::kReplacementCharacter);
      pos += -n;
    }
  }
  return out;
}

void ByteLevelDecoder::AppendTokenBytes(std::string_view token, std::string& bytes) {
  const size_t start = bytes.size();
  size_t pos = 0;
  while (pos < token.size()) {
    const int b = byte_level::CharToByte(utf8::DecodeValid(token, pos));
    if (b < 0) {
      // HF keeps the whole token as it is when one character is not in the alphabet.
      bytes.resize(start);
      bytes.append(token);
      return;
    }
    bytes.push_back(static_cast<char>(b));
  }
}

void ByteLevelDecoder::DecodeChain(std::vector<std::string>& tokens) const {
  std::string bytes;
  for (const std::string& token : tokens) AppendTokenBytes(token, bytes);
  tokens.assign(1, Utf8Lossy(bytes));
}

nlohmann::ordered_json ByteLevelDecoder::ToJson() const {
  return {{"type", "ByteLevel"},
          {"add_prefix_space", add_prefix_space_},
          {"trim_offsets", trim_offsets_},
          {"use_regex", use_regex_}};
}

}  // namespace tokenmill
