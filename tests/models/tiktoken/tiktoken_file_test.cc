// The `.tiktoken` reader: base64, the real files' shape, and every malformed-file error names
// the file and the line.
#include <cstdio>
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tokenizers/models/tiktoken/tiktoken_encoding.h"
#include "tokenizers/models/tiktoken/tiktoken_loader.h"
#include "tokenizers/serialization/tiktoken_file.h"

namespace tokenmill {
namespace {

using ::testing::HasSubstr;

// The 256 single bytes as ranks 0..255, then `extra` lines.
std::string ByteLines(std::string_view extra = "") {
  std::string text;
  for (int b = 0; b < 256; ++b) {
    text += EncodeBase64(std::string(1, static_cast<char>(b))) + " " + std::to_string(b) + "\n";
  }
  return text + std::string(extra);
}

TEST(Base64, RoundTripsEveryLength) {
  std::string bytes;
  for (int n = 0; n < 40; ++n) {
    std::string decoded;
    ASSERT_TRUE(DecodeBase64(EncodeBase64(bytes), decoded));
    EXPECT_EQ(decoded, bytes);
    bytes.push_back(static_cast<char>(n * 37 + 200));
  }
  EXPECT_EQ(EncodeBase64(" "), "IA==");
  EXPECT_EQ(EncodeBase64("\r\n"), "DQo=");
}

TEST(Base64, RejectsMalformed) {
  std::string out;
  for (std::string_view bad : {"IA=", "I===", "IA=A", "I@==", "IA==IA==", "=AAA", "IA\n="}) {
    EXPECT_FALSE(DecodeBase64(bad, out)) << bad;
  }
}

TEST(TiktokenFile, ParsesRanksAndLines) {
  auto ranks = ParseTiktokenRanks(ByteLines("aGk= 256\n\nIGhp 257"), "t.tiktoken");
  ASSERT_TRUE(ranks.ok()) << ranks.status();
  ASSERT_EQ(ranks->size(), 258u);
  EXPECT_EQ(ranks->token(256), "hi");
  EXPECT_EQ(ranks->Pairs()[257], (std::pair<std::string, uint32_t>{" hi", 257}));
  EXPECT_EQ(ranks->line(257), 259u);  // the blank line counts
}

void ExpectError(const absl::Status& status, std::string_view file_and_line,
                 std::string_view what) {
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(status.message(), HasSubstr(file_and_line)) << status;
  EXPECT_THAT(status.message(), HasSubstr(what)) << status;
}

TEST(TiktokenFile, BadBase64NamesFileAndLine) {
  ExpectError(ParseTiktokenRanks(ByteLines("aGk*= 256\n"), "x.tiktoken").status(),
              "x.tiktoken: line 257", "bad base64");
}

TEST(TiktokenFile, BadRankNamesFileAndLine) {
  ExpectError(ParseTiktokenRanks(ByteLines("aGk= -3\n"), "x.tiktoken").status(),
              "x.tiktoken: line 257", "bad rank");
  ExpectError(ParseTiktokenRanks(ByteLines("aGk=\n"), "x.tiktoken").status(),
              "x.tiktoken: line 257", "expected");
}

TEST(TiktokenFile, EmptyFile) {
  ExpectError(ParseTiktokenRanks("", "x.tiktoken").status(), "x.tiktoken", "empty");
  ExpectError(ParseTiktokenRanks("\n\n", "x.tiktoken").status(), "x.tiktoken", "no ranks");
}

TEST(TiktokenFile, TruncatedInsideALine) {
  ExpectError(ParseTiktokenRanks(ByteLines("aGk= 256\nIGh"), "x.tiktoken").status(),
              "x.tiktoken: line 258", "truncated");
}

const TiktokenSpecialToken kEnd[] = {{"<|end|>", 258}};
const TiktokenSpec kSmallSpec{"small", KnownSplitPattern::kGpt2, kEnd, 259};

absl::Status CreateSmall(std::string_view text) {
  auto ranks = ParseTiktokenRanks(text, "s.tiktoken");
  if (!ranks.ok()) return ranks.status();
  return TiktokenEncoding::Create(kSmallSpec, std::move(*ranks), "s.tiktoken").status();
}

TEST(TiktokenFile, CoverageAcceptsAGapHeldByASpecialToken) {
  EXPECT_TRUE(CreateSmall(ByteLines("aGk= 256\nIGhp 257\n")).ok());
}

TEST(TiktokenFile, DuplicateRank) {
  ExpectError(CreateSmall(ByteLines("aGk= 256\nIGhp 256\n")), "s.tiktoken: line 258",
              "duplicate rank 256 (also on line 257)");
}

TEST(TiktokenFile, DuplicateToken) {
  ExpectError(CreateSmall(ByteLines("aGk= 256\naGk= 257\n")), "s.tiktoken: line 258",
              "duplicate token (base64 aGk=, also on line 257)");
}

TEST(TiktokenFile, MissingRank) {
  // 257 is missing: the line holding the next rank is named.
  const TiktokenSpecialToken end[] = {{"<|end|>", 259}};
  const TiktokenSpec spec{"small", KnownSplitPattern::kGpt2, end, 260};
  auto ranks = ParseTiktokenRanks(ByteLines("aGk= 256\nIGhp 258\n"), "s.tiktoken");
  ASSERT_TRUE(ranks.ok());
  ExpectError(TiktokenEncoding::Create(spec, std::move(*ranks), "s.tiktoken").status(),
              "s.tiktoken: line 258", "rank 257 is missing");
}

TEST(TiktokenFile, TooFewRanksForTheEncoding) {
  ExpectError(CreateSmall(ByteLines("aGk= 256\n")), "s.tiktoken: line 257", "truncated");
}

TEST(TiktokenFile, RankClashingWithASpecialToken) {
  ExpectError(CreateSmall(ByteLines("aGk= 256\nIGhp 258\n")), "s.tiktoken: line 258",
              "special token");
}

TEST(TiktokenFile, RankBeyondTheVocabulary) {
  ExpectError(CreateSmall(ByteLines("aGk= 256\nIGhp 900\n")), "s.tiktoken: line 258",
              "not below");
}

TEST(TiktokenFile, WithoutExplicitSizeSpecialsMaySitAboveTheRanks) {
  // As cl100k_base: ranks 0..257, specials at 260 and 300, unused ids between.
  const TiktokenSpecialToken specials[] = {{"<|a|>", 260}, {"<|b|>", 300}};
  const TiktokenSpec spec{"implicit", KnownSplitPattern::kGpt2, specials, std::nullopt};
  auto ranks = ParseTiktokenRanks(ByteLines("aGk= 256\nIGhp 257\n"), "i.tiktoken");
  ASSERT_TRUE(ranks.ok());
  auto encoding = TiktokenEncoding::Create(spec, *ranks, "i.tiktoken");
  ASSERT_TRUE(encoding.ok()) << encoding.status();
  EXPECT_EQ(encoding->n_vocab(), 301u);
  EXPECT_FALSE(encoding->DecodeSingleTokenBytes(258).ok());
  EXPECT_EQ(*encoding->DecodeSingleTokenBytes(300), "<|b|>");
  // The ranks themselves must still be dense.
  auto gap = ParseTiktokenRanks(ByteLines("aGk= 256\nIGhp 259\n"), "i.tiktoken");
  ASSERT_TRUE(gap.ok());
  ExpectError(TiktokenEncoding::Create(spec, *gap, "i.tiktoken").status(), "i.tiktoken: line 258",
              "rank 259 leaves a gap");
}

TEST(TiktokenFile, FileNameGivesTheEncoding) {
  EXPECT_EQ(TiktokenSpecFromFileName("/a/b/o200k_base.tiktoken.gz")->name, "o200k_base");
  EXPECT_EQ(TiktokenSpecFromFileName("cl100k_base.tiktoken")->name, "cl100k_base");
  EXPECT_FALSE(TiktokenSpecFromFileName("/x/cl100k_base/ranks.tiktoken").has_value());
  auto missing = LoadTiktokenFile("/nonexistent/mystery.tiktoken");
  ExpectError(missing.status(), "mystery.tiktoken", "cannot tell the encoding");
}

TEST(TiktokenFile, ReadsAFileFromDisk) {
  const std::string path = ::testing::TempDir() + "/r50k_base_broken.tiktoken";
  std::ofstream(path) << ByteLines("aGk= 256\naGk#= 257\n");
  ExpectError(LoadTiktokenFile(path).status(), path + ": line 258", "bad base64");
  std::remove(path.c_str());
}

}  // namespace
}  // namespace tokenmill
