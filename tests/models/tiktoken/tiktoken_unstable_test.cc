// TiktokenEncoding::EncodeWithUnstable against OpenAI tiktoken's encode_with_unstable
// (tests/data/golden/tiktoken_unstable.jsonl.gz, from tests/parity/gen_tiktoken_unstable_goldens.js
// on tiktoken's WASM build): the stable ids, and the completion set — its size, a digest of all
// of it (FNV-1a 64 over its JSON, sorted by ids, as the generator builds it) and its first
// members — on the four bundled encodings. Plus what the completions promise: the stable ids
// followed by any completion decode to bytes that start with the text.
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tests/models/tiktoken/bundled_encoding.h"

namespace tokenmill {
namespace {

using testing::BundledEncoding;

std::string Json(const std::vector<std::vector<uint32_t>>& sequences) {
  std::string out = "[";
  for (size_t i = 0; i < sequences.size(); ++i) {
    absl::StrAppend(&out, i > 0 ? ",[" : "[");
    for (size_t j = 0; j < sequences[i].size(); ++j) {
      absl::StrAppend(&out, j > 0 ? "," : "", sequences[i][j]);
    }
    absl::StrAppend(&out, "]");
  }
  return out + "]";
}

std::string Fnv1a64(std::string_view text) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (const unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return absl::StrFormat("%016x", h);
}

TEST(TiktokenUnstableTest, MatchesTiktoken) {
  auto records = testing::ReadJsonLines(testing::SourceDir() +
                                        "/tests/data/golden/tiktoken_unstable.jsonl.gz");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_GT(records->size(), 100u);
  int with_completions = 0;
  for (const nlohmann::json& record : *records) {
    const TiktokenEncoding& enc = BundledEncoding(record["encoding"]);
    const std::string text = record["text"];
    const std::string where = absl::StrCat(std::string(record["encoding"]), " \"", text, "\"");
    auto result = enc.EncodeWithUnstable(text, SpecialTokenSet::All(), SpecialTokenSet::None());
    ASSERT_TRUE(result.ok()) << where << ": " << result.status();
    EXPECT_EQ(result->stable, record["stable"].get<std::vector<uint32_t>>()) << where;
    ASSERT_EQ(result->completions.size(), record["count"].get<size_t>()) << where;
    const auto head = record["head"].get<std::vector<std::vector<uint32_t>>>();
    for (size_t i = 0; i < head.size(); ++i) EXPECT_EQ(result->completions[i], head[i]) << where;
    EXPECT_EQ(Fnv1a64(Json(result->completions)), record["digest"].get<std::string>()) << where;
    if (HasFailure()) return;
    with_completions += !result->completions.empty();
  }
  EXPECT_GT(with_completions, 100);
}

// The completion contract (tiktoken's docstring): the stable ids decode to a prefix of the
// text, and the stable ids plus any completion to bytes that start with the text.
TEST(TiktokenUnstableTest, CompletionsExtendTheText) {
  const TiktokenEncoding& enc = BundledEncoding("o200k_base");
  for (const std::string text : {"hello fanta", "x  ", "日本語のテキスト", "naïve café", "a\n\n"}) {
    auto result = enc.EncodeWithUnstable(text);
    ASSERT_TRUE(result.ok()) << result.status();
    const std::string stable = *enc.Decode(result->stable);
    EXPECT_TRUE(text.starts_with(stable)) << text;
    EXPECT_LT(stable.size(), text.size()) << text;
    ASSERT_FALSE(result->completions.empty()) << text;
    for (const auto& completion : result->completions) {
      std::vector<uint32_t> ids = result->stable;
      ids.insert(ids.end(), completion.begin(), completion.end());
      const std::string bytes = *enc.Decode(ids);
      ASSERT_TRUE(bytes.starts_with(text)) << text << ": a completion decodes to " << bytes;
    }
  }
}

TEST(TiktokenUnstableTest, SpecialTokensAndBadInput) {
  const TiktokenEncoding& enc = BundledEncoding("cl100k_base");
  // A special token at the end settles everything; disallowed special text is an error.
  auto settled = enc.EncodeWithUnstable("hi<|endoftext|>", SpecialTokenSet::All());
  ASSERT_TRUE(settled.ok()) << settled.status();
  EXPECT_EQ(settled->stable, *enc.Encode("hi<|endoftext|>", SpecialTokenSet::All()));
  EXPECT_TRUE(settled->completions.empty());
  auto refused = enc.EncodeWithUnstable("hi<|endoftext|>");
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().message().find("<|endoftext|>"), std::string::npos)
      << refused.status();
  EXPECT_FALSE(enc.EncodeWithUnstable("bad \xFF utf-8").ok());
  auto empty = enc.EncodeWithUnstable("");
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->stable.empty() && empty->completions.empty());
}

}  // namespace
}  // namespace tokenmill
