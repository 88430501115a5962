// The binary rank form bundled in vocab/tiktoken: round trip, every malformed-file error, and
// (when ../shared is here) that each bundled file holds exactly OpenAI's ranks.
#include "tokenizers/serialization/tiktoken_binary.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"

namespace tokenmill {
namespace {

using ::testing::HasSubstr;

TiktokenRanks SmallRanks() {
  TiktokenRanks ranks;
  for (int b = 0; b < 256; ++b) ranks.Add(std::string(1, static_cast<char>(b)), b);
  ranks.Add("hi", 256);
  ranks.Add(" there", 258);  // a hole at 257
  return ranks;
}

TEST(TiktokenBinary, RoundTrips) {
  auto packed = WriteTiktokenBinary(SmallRanks());
  ASSERT_TRUE(packed.ok()) << packed.status();
  EXPECT_TRUE(IsTiktokenBinary(*packed));
  auto parsed = ParseTiktokenBinary(*packed, "s.tmranks");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->Pairs(), SmallRanks().Pairs());
}

// The binary form keeps no line numbers: errors about an entry point at line rank + 1, where
// the rank's line is in OpenAI's files.
TEST(TiktokenBinary, CoverageErrorsNameRankPlusOne) {
  auto parsed = ParseTiktokenBinary(*WriteTiktokenBinary(SmallRanks()), "s.tmranks");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->line(257), 259u);  // " there", rank 258
  const absl::Status gap = CheckRankCoverage(*parsed, {}, std::nullopt, "s.tmranks");
  EXPECT_THAT(std::string(gap.message()), HasSubstr("s.tmranks: line 259"));
  EXPECT_THAT(std::string(gap.message()), HasSubstr("rank 258 leaves a gap"));
}

TEST(TiktokenBinary, RejectsMalformed) {
  const std::string good = *WriteTiktokenBinary(SmallRanks());
  auto error = [](std::string_view contents) {
    return std::string(ParseTiktokenBinary(contents, "x.tmranks").status().message());
  };
  EXPECT_THAT(error("TMRANKS"), HasSubstr("not a tokenmill binary rank file"));
  EXPECT_THAT(error("TMRANKS1\x01"), HasSubstr("x.tmranks: truncated header"));
  EXPECT_THAT(error(good.substr(0, 100)), HasSubstr("truncated"));
  std::string flipped = good;
  flipped[flipped.size() - 3] ^= 0x20;
  EXPECT_THAT(error(flipped), HasSubstr("checksum mismatch"));
  EXPECT_THAT(error(good.substr(0, good.size() - 1)), HasSubstr("checksum"));
  TiktokenRanks too_long = SmallRanks();
  too_long.Add(std::string(256, 'a'), 300);
  EXPECT_FALSE(WriteTiktokenBinary(too_long).ok());
  TiktokenRanks clash = SmallRanks();
  clash.Add("yo", 256);
  EXPECT_THAT(std::string(WriteTiktokenBinary(clash).status().message()), HasSubstr("rank 256"));
}

TEST(TiktokenBinary, BundledFilesHoldOpenAIsRanks) {
  TM_SHARED_DIR_OR_SKIP(shared);
  for (const char* name : {"cl100k_base", "o200k_base", "r50k_base", "p50k_base"}) {
    auto original = ReadTiktokenFile(shared + "/vocab/tiktoken/" + name + ".tiktoken");
    ASSERT_TRUE(original.ok()) << original.status();
    auto bundled = ReadTiktokenFile(std::string(TOKENMILL_SOURCE_DIR) + "/vocab/tiktoken/" +
                                    name + ".tmranks");
    ASSERT_TRUE(bundled.ok()) << bundled.status();
    auto sorted = original->Pairs();
    std::sort(sorted.begin(), sorted.end(),
              [](const auto& a, const auto& b) { return a.second < b.second; });
    EXPECT_EQ(bundled->Pairs(), sorted) << name;
  }
}

}  // namespace
}  // namespace tokenmill
