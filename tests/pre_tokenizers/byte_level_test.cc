// ByteLevel pre-tokenizer: HF tokenizers 0.22's own unit tests from
// tokenizers/src/pre_tokenizers/byte_level.rs (same inputs, same expected splits/offsets).
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/pre_tokenizers/pieces.h"
#include "tokenizers/decoders/byte_level_decoder.h"
#include "tokenizers/pre_tokenizers/byte_level.h"

namespace tokenmill {
namespace {

using testing::Piece;
using testing::PreTokenizeToPieces;
using Pieces = std::vector<Piece>;

// Splits with offsets into the normalized (byte-level) text: get_splits(Normalized, Byte).
Pieces NormalizedPieces(const PreTokenizer& p, std::string_view text) {
  PreTokenizedString s;
  s.Reset(NormalizedString(text));
  p.PreTokenize(s);
  Pieces out;
  for (const Split& split : s.splits()) {
    out.push_back({std::string(s.SplitText(split)), {split.begin, split.end}});
  }
  return out;
}

TEST(ByteLevelPreTokenizer, PreTokenization) {  // byte_level.rs pre_tokenization
  ByteLevelPreTokenizer p(/*add_prefix_space=*/false);
  EXPECT_EQ(PreTokenizeToPieces(p, "Hello my friend, how is your day going?"),
            (Pieces{{"Hello", {0, 5}}, {"Ġmy", {5, 8}}, {"Ġfriend", {8, 15}}, {",", {15, 16}},
                    {"Ġhow", {16, 20}}, {"Ġis", {20, 23}}, {"Ġyour", {23, 28}},
                    {"Ġday", {28, 32}}, {"Ġgoing", {32, 38}}, {"?", {38, 39}}}));
}

TEST(ByteLevelPreTokenizer, NoRegex) {  // pre_tokenization_no_regex
  ByteLevelPreTokenizer p(true, true, /*use_regex=*/false);
  EXPECT_EQ(PreTokenizeToPieces(p, "Hello my friend, how is your day going?"),
            (Pieces{{"ĠHelloĠmyĠfriend,ĠhowĠisĠyourĠdayĠgoing?", {0, 39}}}));
}

TEST(ByteLevelPreTokenizer, AddPrefixSpace) {  // add_prefix_space
  ByteLevelPreTokenizer p(/*add_prefix_space=*/true);
  for (const char* s : {" Hello my friend, how is your day going?",
                        "Hello my friend, how is your day going?"}) {
    EXPECT_EQ(NormalizedPieces(p, s),
              (Pieces{{"ĠHello", {0, 7}}, {"Ġmy", {7, 11}}, {"Ġfriend", {11, 19}},
                      {",", {19, 20}}, {"Ġhow", {20, 25}}, {"Ġis", {25, 29}},
                      {"Ġyour", {29, 35}}, {"Ġday", {35, 40}}, {"Ġgoing", {40, 47}},
                      {"?", {47, 48}}}))
        << s;
  }
  // The added space maps to the first character of the original.
  EXPECT_EQ(PreTokenizeToPieces(p, "Hello")[0], (Piece{"ĠHello", {0, 5}}));
}

TEST(ByteLevelPreTokenizer, DecodeWorksOnSeparatedTokens) {  // decode_works_on_separated_tokens
  ByteLevelPreTokenizer p(false);
  ByteLevelDecoder decoder;
  for (const char* sample :
       {"A Nuskhuri abbreviation of იესუ ქრისტე ( iesu kriste ) \" Jesus Christ \"",
        "An equal number have descenders , like p or q in English : გ , დ , ე , ვ , კ , ლ , ჟ , "
        "ტ , უ , ფ , ღ , ყ , ც"}) {
    std::vector<std::string> chars;
    for (const Piece& piece : PreTokenizeToPieces(p, sample)) {
      size_t pos = 0;
      while (pos < piece.text.size()) {
        const size_t start = pos;
        utf8::DecodeValid(piece.text, pos);
        chars.push_back(piece.text.substr(start, pos - start));
      }
    }
    EXPECT_EQ(decoder.Decode(chars), sample);
  }
}

TEST(ByteLevelPreTokenizer, Newlines) {  // handling_of_newlines
  ByteLevelPreTokenizer p(false);
  EXPECT_EQ(PreTokenizeToPieces(p, "Hello there\nHello there"),
            (Pieces{{"Hello", {0, 5}}, {"Ġthere", {5, 11}}, {"Ċ", {11, 12}}, {"Hello", {12, 17}},
                    {"Ġthere", {17, 23}}}));
}

TEST(ByteLevelPreTokenizer, MultipleWhitespaces) {  // handling_of_multiple_whitespaces
  ByteLevelPreTokenizer p(false);
  EXPECT_EQ(PreTokenizeToPieces(p, "Hello there       dear"),
            (Pieces{{"Hello", {0, 5}}, {"Ġthere", {5, 11}}, {"ĠĠĠĠĠĠ", {11, 17}},
                    {"Ġdear", {17, 22}}}));
}

TEST(ByteLevelPreTokenizer, OffsetsWhenCharSplitUp) {  // offsets_when_char_split_up
  ByteLevelPreTokenizer p(false);
  EXPECT_EQ(PreTokenizeToPieces(p, "i⭢j"),
            (Pieces{{"i", {0, 1}}, {"âŃ¢", {1, 4}}, {"j", {4, 5}}}));
  EXPECT_EQ(NormalizedPieces(p, "i⭢j"), (Pieces{{"i", {0, 1}}, {"âŃ¢", {1, 7}}, {"j", {7, 8}}}));
}

TEST(ByteLevelPreTokenizer, AlphabetIsGpt2s) {
  EXPECT_EQ(byte_level::ByteToChar(' '), U'\u0120');
  EXPECT_EQ(byte_level::ByteToChar('\n'), U'\u010A');
  EXPECT_EQ(byte_level::ByteToChar('!'), U'!');
  EXPECT_EQ(byte_level::ByteToChar(0xAD), U'\u0143');
  for (int b = 0; b < 256; ++b) EXPECT_EQ(byte_level::CharToByte(byte_level::ByteToChar(b)), b);
  EXPECT_EQ(byte_level::CharToByte(U'\u0200'), -1);
}

TEST(ByteLevelPreTokenizer, JsonRoundTripAndDefaults) {  // deserialization
  auto p = testing::PreTokenizerFromJson(
      R"({"type": "ByteLevel", "add_prefix_space": true, "trim_offsets": false})");
  ASSERT_TRUE(p.ok()) << p.status();
  EXPECT_EQ((*p)->ToJson().dump(),
            R"({"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true})");
  auto q = testing::PreTokenizerFromJson(
      R"({"type": "ByteLevel", "add_prefix_space": false, "trim_offsets": true, "use_regex": false})");
  ASSERT_TRUE(q.ok()) << q.status();
  EXPECT_FALSE(static_cast<const ByteLevelPreTokenizer&>(**q).use_regex());
}

}  // namespace
}  // namespace tokenmill
