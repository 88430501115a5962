#include "tokenizers/pre_tokenizers/byte_level.h"

#include <array>
#include <string>
#include <vector>

#include "tokenizers/base/utf8.h"
#include "tokenizers/pre_tokenizers/split_scanners.h"

namespace tokenmill {
namespace byte_level {
namespace {

// OpenAI's bytes_to_unicode: printable Latin-1 bytes stand for themselves, the other 68
// bytes get U+0100, U+0101, ... in byte order.
constexpr bool StandsForItself(int b) {
  return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

struct Alphabet {
  std::array<char32_t, 256> chars{};
  std::array<char, 512> utf8{};  // two bytes per entry
  std::array<uint8_t, 256> utf8_length{};
  std::array<int16_t, 512> byte_of{};  // chars are all below U+0200
};

Alphabet BuildAlphabet() {
  Alphabet a;
  a.byte_of.fill(-1);
  char32_t next = 0x100;
  for (int b = 0; b < 256; ++b) {
    const char32_t c = StandsForItself(b) ? static_cast<char32_t>(b) : next++;
    a.chars[b] = c;
    a.byte_of[c] = static_cast<int16_t>(b);
    std::string s;
    utf8::Append(c, s);
    a.utf8_length[b] = static_cast<uint8_t>(s.size());
    for (size_t k = 0; k < s.size(); ++k) a.utf8[2 * b + k] = s[k];
  }
  return a;
}

const Alphabet& GetAlphabet() {
  static const Alphabet* alphabet = new Alphabet(BuildAlphabet());
  return *alphabet;
}

}  // namespace

char32_t ByteToChar(uint8_t byte) { return GetAlphabet().chars[byte]; }

std::string_view ByteToUtf8(uint8_t byte) {
  const Alphabet& a = GetAlphabet();
  return std::string_view(a.utf8.data() + 2 * byte, a.utf8_length[byte]);
}

int CharToByte(char32_t c) { return c < 512 ? GetAlphabet().byte_of[c] : -1; }

}  // namespace byte_level

namespace {

// Appends the byte-level spelling of `piece`. As HF's transform does, the first character
// spelling a source character takes that character's first span, the others (inserted) the
// span of its last byte.
void AppendBytes(std::string_view piece, const Span* spans, SplitWriter& out) {
  size_t pos = 0;
  while (pos < piece.size()) {
    const size_t length = utf8::SequenceLength(static_cast<unsigned char>(piece[pos]));
    for (size_t k = 0; k < length; ++k) {
      const Span span = k == 0 ? spans[pos] : spans[pos + length - 1];
      out.Append(byte_level::ByteToUtf8(static_cast<uint8_t>(piece[pos + k])), span);
    }
    pos += length;
  }
}

}  // namespace

void ByteLevelPreTokenizer::PreTokenize(PreTokenizedString& text) const {
  // Per-thread scratch: the split with its prefix space, and the pieces found in it.
  thread_local std::string prefixed;
  thread_local std::vector<Span> prefixed_spans;
  thread_local std::vector<Match> pieces;
  text.Rewrite([&](std::string_view split, const Span* spans, SplitWriter& out) {
    if (add_prefix_space_ && split[0] != ' ') {
      // HF's prepend: the space takes the span of the split's first character.
      prefixed.assign(1, ' ');
      prefixed.append(split);
      // The first character, re-inserted after it, takes the span of its last byte.
      const size_t first = utf8::SequenceLength(static_cast<unsigned char>(split[0]));
      prefixed_spans.assign(1 + first, spans[first - 1]);
      prefixed_spans[0] = spans[0];
      prefixed_spans.insert(prefixed_spans.end(), spans + first, spans + split.size());
      split = prefixed;
      spans = prefixed_spans.data();
    }
    if (!use_regex_) {
      AppendBytes(split, spans, out);
      return;
    }
    pieces.clear();
    ScanGpt2Pieces(split, pieces);
    for (const Match& m : pieces) {
      AppendBytes(split.substr(m.begin, m.end - m.begin), spans + m.begin, out);
      out.EndSplit();
    }
  });
}

nlohmann::ordered_json ByteLevelPreTokenizer::ToJson() const {
  return {{"type", "ByteLevel"},
          {"add_prefix_space", add_prefix_space_},
          {"trim_offsets", trim_offsets_},
          {"use_regex", use_regex_}};
}

}  // namespace tokenmill
