// Parity with OpenAI's tiktoken (goldens of ../shared/oracles/tiktoken_encode.js,
// encode_ordinary): ids, token bytes (base64) and byte offsets identical on every line of
// dev and edge for cl100k_base, o200k_base, r50k_base and p50k_base, and decode gives the
// text back. Without ../shared, a committed 100-line slice of edge (cl100k, o200k) still runs.
#include <string>

#include "gtest/gtest.h"
#include "tests/models/tiktoken/bundled_encoding.h"
#include "tests/testing/test_data.h"

namespace tokenmill {
namespace {

using testing::BundledEncoding;

// Checks one golden line; returns false (after reporting) on the first difference.
bool MatchesGolden(const TiktokenEncoding& enc, const std::string& text,
                   const nlohmann::json& golden, const std::string& where) {
  std::vector<uint32_t> ids;
  std::vector<TokenOffset> offsets;
  const absl::Status status = enc.EncodeOrdinary(text, ids, &offsets);
  EXPECT_TRUE(status.ok()) << where << ": " << status;
  if (!status.ok()) return false;
  const auto expected_ids = golden["ids"].get<std::vector<uint32_t>>();
  EXPECT_EQ(ids, expected_ids) << where;
  if (ids != expected_ids) return false;
  const auto& tokens = golden["tokens"];
  const auto& golden_offsets = golden["offsets"];
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::string bytes(*enc.DecodeSingleTokenBytes(ids[i]));
    const TokenOffset expected{golden_offsets[i][0].get<uint32_t>(),
                               golden_offsets[i][1].get<uint32_t>()};
    if (EncodeBase64(bytes) != tokens[i].get<std::string>() || offsets[i] != expected) {
      ADD_FAILURE() << where << " token " << i << ": ours " << EncodeBase64(bytes) << " ["
                    << offsets[i].first << ", " << offsets[i].second << "), tiktoken "
                    << tokens[i] << " " << golden_offsets[i];
      return false;
    }
  }
  auto decoded = enc.Decode(ids);
  EXPECT_TRUE(decoded.ok() && *decoded == text) << where << ": decode does not give the text back";
  return decoded.ok() && *decoded == text;
}

void CheckSet(const std::string& shared, const std::string& encoding, const std::string& set) {
  auto texts = testing::ReadJsonLines(shared + "/corpus/" + set + ".jsonl");
  auto golden = testing::ReadJsonLines(shared + "/golden/tiktoken." + encoding + "." + set + ".jsonl.gz");
  ASSERT_TRUE(texts.ok()) << texts.status();
  ASSERT_TRUE(golden.ok()) << golden.status();
  ASSERT_EQ(texts->size(), golden->size());
  const TiktokenEncoding& enc = BundledEncoding(encoding);
  size_t bad = 0;
  for (size_t n = 0; n < texts->size() && bad < 5; ++n) {
    const std::string where = encoding + " " + set + " line " + std::to_string(n + 1);
    bad += !MatchesGolden(enc, (*texts)[n]["text"].get<std::string>(), (*golden)[n], where);
  }
  EXPECT_EQ(bad, 0u);
}

class TiktokenGoldens : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(TiktokenGoldens, IdenticalToTiktoken) {
  TM_SHARED_DIR_OR_SKIP(shared);
  CheckSet(shared, GetParam().first, GetParam().second);
}

INSTANTIATE_TEST_SUITE_P(
    AllEncodings, TiktokenGoldens,
    ::testing::Values(std::pair{"cl100k_base", "dev"}, std::pair{"cl100k_base", "edge"},
                      std::pair{"o200k_base", "dev"}, std::pair{"o200k_base", "edge"},
                      std::pair{"r50k_base", "dev"}, std::pair{"r50k_base", "edge"},
                      std::pair{"p50k_base", "dev"}, std::pair{"p50k_base", "edge"}),
    [](const auto& info) { return info.param.first + "_" + info.param.second; });

// The committed slice (text included), so a fresh clone still checks exactness.
TEST(TiktokenGoldenSlice, IdenticalToTiktokenOnCommittedEdgeSlice) {
  for (const std::string encoding : {"cl100k_base", "o200k_base"}) {
    const std::string path =
        testing::SourceDir() + "/tests/data/golden/tiktoken." + encoding + ".edge-slice.jsonl.gz";
    auto lines = testing::ReadJsonLines(path);
    ASSERT_TRUE(lines.ok()) << lines.status();
    ASSERT_EQ(lines->size(), 100u);
    for (const auto& line : *lines) {
      const std::string where = encoding + " edge line " + line["line"].dump();
      ASSERT_TRUE(MatchesGolden(BundledEncoding(encoding), line["text"].get<std::string>(), line, where));
    }
  }
}

// The registry's encodings that share another's rank file (p50k_edit, o200k_harmony: gpt-oss's)
// against tiktoken's WASM build (tests/parity/gen_tiktoken_registry_goldens.js): encode_ordinary,
// and encode with every special token allowed (harmony's chat format, its reserved tokens).
TEST(TiktokenRegistry, SharedRankEncodingsIdenticalToTiktoken) {
  auto records = testing::ReadJsonLines(testing::SourceDir() +
                                        "/tests/data/golden/tiktoken_registry.jsonl.gz");
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_GE(records->size(), 60u);
  size_t with_specials = 0;
  for (const auto& record : *records) {
    const TiktokenEncoding& enc = BundledEncoding(record["encoding"]);
    const std::string text = record["text"];
    const std::string where = std::string(record["encoding"]) + " \"" + text + "\"";
    auto ordinary = enc.EncodeOrdinary(text);
    ASSERT_TRUE(ordinary.ok()) << where << ": " << ordinary.status();
    EXPECT_EQ(*ordinary, record["ordinary"].get<std::vector<uint32_t>>()) << where;
    auto all = enc.Encode(text, SpecialTokenSet::All());
    ASSERT_TRUE(all.ok()) << where << ": " << all.status();
    EXPECT_EQ(*all, record["all"].get<std::vector<uint32_t>>()) << where;
    EXPECT_EQ(*enc.Decode(*all), text) << where;
    with_specials += *all != *ordinary;
  }
  EXPECT_GE(with_specials, 6u);
  const TiktokenEncoding& harmony = BundledEncoding("o200k_harmony");
  EXPECT_EQ(harmony.n_vocab(), 201088u);
  EXPECT_EQ(harmony.special_tokens().size(), 16u + (201088 - 200013));
}

}  // namespace
}  // namespace tokenmill
