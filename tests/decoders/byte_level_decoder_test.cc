// ByteLevel decoder: HF tokenizers 0.22's unit tests (decoders via
// tokenizers/src/pre_tokenizers/byte_level.rs: decoding, decode_unknown_characters), a
// round trip over every byte, and Rust's from_utf8_lossy on broken UTF-8.
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tokenizers/decoders/byte_level_decoder.h"
#include "tokenizers/pre_tokenizers/byte_level.h"

namespace tokenmill {
namespace {

TEST(ByteLevelDecoder, Decoding) {  // byte_level.rs decoding
  ByteLevelDecoder d(false);
  EXPECT_EQ(d.Decode({"Hello", "Ġmy", "Ġfriend", ",", "Ġhow", "Ġis", "Ġyour", "Ġday", "Ġgoing", "?"}),
            "Hello my friend, how is your day going?");
}

TEST(ByteLevelDecoder, UnknownCharacters) {  // decode_unknown_characters
  ByteLevelDecoder d;
  EXPECT_EQ(d.Decode({"Hello", "Ġthere", "Ġdear", "Ġfriend!", "Ġ", "[PA D]"}),
            "Hello there dear friend! [PA D]");
}

TEST(ByteLevelDecoder, RoundTripsEveryByteSequence) {
  ByteLevelDecoder d;
  std::string all;
  for (int b = 0; b < 128; ++b) all.push_back(static_cast<char>(b));
  all += "héllo 中文 😀";
  std::vector<std::string> tokens;
  for (unsigned char b : all) tokens.emplace_back(byte_level::ByteToUtf8(b));
  EXPECT_EQ(d.Decode(tokens), all);
}

TEST(ByteLevelDecoder, InvalidUtf8BecomesReplacementLikeRust) {
  // Rust's from_utf8_lossy: one U+FFFD per maximal invalid subpart.
  EXPECT_EQ(Utf8Lossy("a\xE2\x82" "b"), "a\xEF\xBF\xBD" "b");
  EXPECT_EQ(Utf8Lossy("\xF0\x9F\x98"), "\xEF\xBF\xBD");
  EXPECT_EQ(Utf8Lossy("\xFF\xFE"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(Utf8Lossy("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  EXPECT_EQ(Utf8Lossy("\xC0\xAF"), "\xEF\xBF\xBD\xEF\xBF\xBD");
  ByteLevelDecoder d;
  // "é" is C3 A9; only its first byte: one replacement character.
  EXPECT_EQ(d.Decode({std::string(byte_level::ByteToUtf8(0xC3))}), "\xEF\xBF\xBD");
}

TEST(ByteLevelDecoder, Json) {
  EXPECT_EQ(ByteLevelDecoder(true, false, true).ToJson().dump(),
            R"({"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true})");
}

}  // namespace
}  // namespace tokenmill
