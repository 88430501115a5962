// TiktokenEncoding on the bundled rank files: tiktoken's API semantics (special tokens
// allowed / disallowed, errors), decoding, raw bytes. Expected ids come from OpenAI's tiktoken
// (../shared/oracles/tiktoken_encode.js).
#include "tokenizers/models/tiktoken/tiktoken_encoding.h"

#include <algorithm>
#include <map>
#include <memory>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tokenizers/models/tiktoken/tiktoken_loader.h"

namespace tokenmill {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const TiktokenEncoding& Bundled(std::string_view name) {
  static auto* cache = new std::map<std::string, std::unique_ptr<TiktokenEncoding>, std::less<>>();
  auto it = cache->find(name);
  if (it == cache->end()) {
    auto loaded = LoadTiktokenEncoding(name);
    EXPECT_TRUE(loaded.ok()) << loaded.status();
    if (!loaded.ok()) std::abort();
    it = cache->emplace(std::string(name), std::move(*loaded)).first;
  }
  return *it->second;
}

std::vector<uint32_t> Ordinary(std::string_view name, std::string_view text) {
  auto ids = Bundled(name).EncodeOrdinary(text);
  EXPECT_TRUE(ids.ok()) << ids.status();
  return ids.ok() ? *ids : std::vector<uint32_t>{};
}

TEST(TiktokenEncoding, BundledEncodingsHaveTiktokensSizes) {
  EXPECT_EQ(Bundled("cl100k_base").n_vocab(), 100277u);
  EXPECT_EQ(Bundled("o200k_base").n_vocab(), 200019u);
  EXPECT_EQ(Bundled("r50k_base").n_vocab(), 50257u);
  EXPECT_EQ(Bundled("p50k_base").n_vocab(), 50281u);
  EXPECT_EQ(Bundled("cl100k_base").eot_token(), 100257u);
  EXPECT_EQ(Bundled("o200k_base").eot_token(), 199999u);
  EXPECT_EQ(Bundled("p50k_base").eot_token(), 50256u);
  EXPECT_EQ(Bundled("cl100k_base").SpecialTokenId("<|endofprompt|>"), 100276u);
}

// tiktoken's encode_single_token / token_byte_values / is_special_token.
TEST(TiktokenEncoding, SingleTokensAndTheByteValuesOfTheVocabulary) {
  const TiktokenEncoding& cl100k = Bundled("cl100k_base");
  EXPECT_EQ(cl100k.EncodeSingleToken("hello"), Ordinary("cl100k_base", "hello")[0]);
  EXPECT_EQ(cl100k.EncodeSingleToken("<|endoftext|>"), 100257u);  // specials too
  EXPECT_EQ(cl100k.EncodeSingleToken("hello world"), std::nullopt);
  EXPECT_EQ(cl100k.EncodeSingleToken(""), std::nullopt);
  EXPECT_TRUE(cl100k.IsSpecialToken(100257));
  EXPECT_FALSE(cl100k.IsSpecialToken(0));
  const std::vector<std::string_view> values = cl100k.TokenByteValues();
  ASSERT_EQ(values.size(), 100256u);  // the mergeable ranks
  // In byte order (unsigned: "\x7f" before "\x80"), each the bytes of its token.
  EXPECT_TRUE(std::is_sorted(values.begin(), values.end(), [](std::string_view a, std::string_view b) {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(),
                                        [](char x, char y) { return uint8_t(x) < uint8_t(y); });
  }));
  EXPECT_EQ(std::adjacent_find(values.begin(), values.end()), values.end());
  for (size_t i = 0; i < values.size(); i += 97) {
    const auto id = cl100k.EncodeSingleToken(values[i]);
    ASSERT_TRUE(id.has_value());
    EXPECT_EQ(*cl100k.DecodeSingleTokenBytes(*id), values[i]);
  }
}

TEST(TiktokenEncoding, UnknownNameIsAnError) {
  auto missing = LoadTiktokenEncoding("cl200k_base");
  EXPECT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("unknown tiktoken encoding"));
}

TEST(TiktokenEncoding, MatchesTiktokenOnSmallTexts) {
  EXPECT_THAT(Ordinary("cl100k_base", "hello world"), ElementsAre(15339, 1917));
  EXPECT_THAT(Ordinary("o200k_base", "hello world"), ElementsAre(24912, 2375));
  EXPECT_THAT(Ordinary("r50k_base", "hello world"), ElementsAre(31373, 995));
  // p50k's extra whitespace-run tokens (50257-50280).
  EXPECT_THAT(Ordinary("p50k_base", "          x"), ElementsAre(50264, 2124));
  EXPECT_THAT(Ordinary("r50k_base", "          x"),
              ElementsAre(220, 220, 220, 220, 220, 220, 220, 220, 220, 2124));
  EXPECT_THAT(Ordinary("cl100k_base", "          x"), ElementsAre(692, 865));
  EXPECT_THAT(Ordinary("o200k_base", "          x"), ElementsAre(983, 1215));
  EXPECT_THAT(Ordinary("cl100k_base", ""), ElementsAre());
}

TEST(TiktokenEncoding, AllowedSpecialTokensBecomeTheirIds) {
  const std::string text = "a<|endoftext|>b <|fim_prefix|>";
  auto all = Bundled("cl100k_base").Encode(text, SpecialTokenSet::All());
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_THAT(*all, ElementsAre(64, 100257, 65, 220, 100258));
  auto o200k = Bundled("o200k_base").Encode(text, SpecialTokenSet::All());
  ASSERT_TRUE(o200k.ok()) << o200k.status();
  EXPECT_THAT(*o200k, ElementsAre(64, 199999, 65, 464, 91, 103473, 33197, 91, 29));
  // Only <|endoftext|> allowed, the other not checked: it is ordinary text.
  auto some = Bundled("cl100k_base")
                  .Encode(text, SpecialTokenSet::Of({"<|endoftext|>"}), SpecialTokenSet::None());
  ASSERT_TRUE(some.ok()) << some.status();
  EXPECT_EQ(some->at(1), 100257u);
  EXPECT_EQ(std::count(some->begin(), some->end(), 100258u), 0);
}

TEST(TiktokenEncoding, SpecialTokenOffsets) {
  std::vector<uint32_t> ids;
  std::vector<TokenOffset> offsets;
  ASSERT_TRUE(Bundled("cl100k_base")
                  .Encode("a<|endoftext|>b", SpecialTokenSet::All(), SpecialTokenSet::All(), ids,
                          &offsets)
                  .ok());
  EXPECT_THAT(offsets, ElementsAre(TokenOffset{0, 1}, TokenOffset{1, 14}, TokenOffset{14, 15}));
}

TEST(TiktokenEncoding, DisallowedSpecialTextRaisesLikeTiktoken) {
  const auto& enc = Bundled("cl100k_base");
  auto raised = enc.Encode("x <|endofprompt|> <|endoftext|>");  // default: all disallowed
  ASSERT_FALSE(raised.ok());
  EXPECT_EQ(raised.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(raised.status().message(),
              HasSubstr("Encountered text corresponding to disallowed special token "
                        "'<|endofprompt|>'."));
  EXPECT_THAT(raised.status().message(), HasSubstr("disallowed_special=()"));
  // Allowing one leaves the other disallowed.
  auto other = enc.Encode("x <|endofprompt|> <|endoftext|>",
                          SpecialTokenSet::Of({"<|endofprompt|>"}));
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.status().message(), HasSubstr("'<|endoftext|>'"));
  // disallowed=() encodes the text as ordinary text.
  auto plain = enc.Encode("<|endoftext|>", SpecialTokenSet::None(), SpecialTokenSet::None());
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(*plain, Ordinary("cl100k_base", "<|endoftext|>"));
  EXPECT_GT(plain->size(), 1u);
  // A disallowed set may name any text, as tiktoken's.
  EXPECT_FALSE(enc.Encode("a secret b", SpecialTokenSet::None(), SpecialTokenSet::Of({"secret"})).ok());
}

TEST(TiktokenEncoding, InvalidUtf8IsAClearError) {
  auto bad = Bundled("o200k_base").EncodeOrdinary("ab\xff");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("invalid UTF-8"));
  EXPECT_FALSE(Bundled("o200k_base").Encode("\xc3", SpecialTokenSet::All()).ok());
}

TEST(TiktokenEncoding, EncodeBytesTakesAnyBytes) {
  const auto& enc = Bundled("cl100k_base");
  EXPECT_EQ(enc.EncodeBytes("hello world"), Ordinary("cl100k_base", "hello world"));
  for (std::string_view raw : {"\xff", "hello \xe2\x82", "caf\xc3", "  \n \xf0\x9f\x98", "\x80\x80x"}) {
    const auto ids = enc.EncodeBytes(raw);
    auto back = enc.Decode(ids);
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, raw);
  }
  // As tiktoken's _encode_bytes: "hello" stays; the last piece " " and the stray bytes are
  // merged as one byte sequence, so " \xe2\x82" is not split after the space.
  const auto ids = enc.EncodeBytes("hello \xe2\x82");
  ASSERT_GE(ids.size(), 2u);
  EXPECT_EQ(ids[0], 15339u);
  const std::vector<uint32_t> rest(ids.begin() + 1, ids.end());
  EXPECT_EQ(*enc.Decode(rest), " \xe2\x82");
  EXPECT_NE(rest.front(), 220u);
}

TEST(TiktokenEncoding, DecodeAndSingleTokenBytes) {
  const auto& enc = Bundled("cl100k_base");
  auto hello = enc.DecodeSingleTokenBytes(15339);
  ASSERT_TRUE(hello.ok());
  EXPECT_EQ(*hello, "hello");
  EXPECT_EQ(*enc.DecodeSingleTokenBytes(100257), "<|endoftext|>");
  const std::vector<uint32_t> ids = {15339, 1917, 100257};
  EXPECT_EQ(*enc.Decode(ids), "hello world<|endoftext|>");
  EXPECT_FALSE(enc.DecodeSingleTokenBytes(100277).ok());
  EXPECT_FALSE(enc.DecodeSingleTokenBytes(100256).ok());  // unused in cl100k, as in tiktoken
  EXPECT_FALSE(enc.DecodeSingleTokenBytes(100261).ok());
  const std::vector<uint32_t> bad = {15339, 999999};
  EXPECT_THAT(enc.Decode(bad).status().message(), HasSubstr("999999"));
}


namespace custom {

// A tiny byte-level vocabulary: every byte, plus "ab" and "abc".
TiktokenRanks TinyRanks() {
  TiktokenRanks ranks;
  auto add = [&](std::string_view token, uint32_t rank) {
    ranks.entries.push_back({static_cast<uint32_t>(ranks.bytes.size()),
                             static_cast<uint32_t>(token.size()), rank});
    ranks.bytes += token;
  };
  for (int b = 0; b < 256; ++b) add(std::string(1, static_cast<char>(b)), static_cast<uint32_t>(b));
  add("ab", 300);  // ids 256-299 unused: a dict of ranks may leave gaps
  add("abc", 301);
  return ranks;
}

TEST(TiktokenCustomEncoding, RunsAnyPatternAndEncodesOnlyWhatItMatches) {
  auto encoding = TiktokenEncoding::Create(
      TiktokenDefinition{"tiny", R"(\p{L}+)", {{"<s>", 400}}, std::nullopt}, TinyRanks());
  ASSERT_TRUE(encoding.ok()) << encoding.status();
  EXPECT_EQ(encoding->n_vocab(), 401u);
  // tiktoken's find_iter: the space and digits match nothing and are not encoded.
  EXPECT_THAT(*encoding->EncodeOrdinary("abc 12 ab"), ElementsAre(301, 300));
  auto with_special = encoding->Encode("ab<s>c", SpecialTokenSet::All());
  ASSERT_TRUE(with_special.ok()) << with_special.status();
  EXPECT_THAT(*with_special, ElementsAre(300, 400, 'c'));
  EXPECT_EQ(encoding->pat_str(), R"(\p{L}+)");
  EXPECT_FALSE(encoding->DecodeSingleTokenBytes(256).ok());  // an unused id
}

TEST(TiktokenCustomEncoding, OpenAIPatternsRunOnTheirScanners) {
  // tiktoken 0.14's cl100k spelling (possessive quantifiers RE2 cannot run) is recognised.
  const std::string cl100k(Bundled("cl100k_base").pat_str());
  auto encoding =
      TiktokenEncoding::Create(TiktokenDefinition{"tiny", cl100k, {}, std::nullopt}, TinyRanks());
  ASSERT_TRUE(encoding.ok()) << encoding.status();
  EXPECT_THAT(*encoding->EncodeOrdinary("ab  c"), ElementsAre(300, ' ', ' ', 'c'));
}

TEST(TiktokenCustomEncoding, BadDefinitionsAreClearErrors) {
  auto error = [](TiktokenDefinition d, TiktokenRanks r) {
    auto e = TiktokenEncoding::Create(std::move(d), std::move(r));
    EXPECT_FALSE(e.ok());
    return std::string(e.status().message());
  };
  EXPECT_THAT(error({"t", "x", {{"<s>", 300}}, std::nullopt}, TinyRanks()),
              HasSubstr("special token <s> has id 300, which is a mergeable rank"));
  EXPECT_THAT(error({"t", "x", {}, 5}, TinyRanks()), HasSubstr("explicit_n_vocab 5"));
  EXPECT_THAT(error({"t", "(?=x)", {}, std::nullopt}, TinyRanks()), HasSubstr("pat_str"));
  TiktokenRanks twice = TinyRanks();
  twice.entries.back().rank = 300;
  EXPECT_THAT(error({"t", "x", {}, std::nullopt}, twice), HasSubstr("rank 300 is given to two tokens"));
  TiktokenRanks no_bytes;
  no_bytes.bytes = "ab";
  no_bytes.entries.push_back({0, 2, 0});
  EXPECT_THAT(error({"t", "x", {}, std::nullopt}, no_bytes), HasSubstr("has no rank"));
}

}  // namespace custom

}  // namespace
}  // namespace tokenmill
