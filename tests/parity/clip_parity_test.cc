// A CLIP-shaped tokenizer against HF tokenizers 0.22: tokenmill trained it (gen_clip_goldens.sh)
// with CLIP's set-up (NFC + whitespace squeeze + lowercase, CLIP's inverted split, ByteLevel
// without regex, BPE with the "</w>" suffix, RobertaProcessing without offset trimming,
// BPEDecoder), and HF encoded and decoded dev and edge lines with it. Ids, offsets, type ids,
// special-token masks and decoded text must be HF's. Runs on the bundled corpus slice without
// ../shared.
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/test_data.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill {
namespace {

const std::string kDir = testing::SourceDir() + "/tests/data/golden/clip";

TEST(ClipParity, MatchesHuggingFaceTokenizersGolden) {
  auto json = testing::ReadMaybeGzip(kDir + "/tokenizer.json.gz");
  ASSERT_TRUE(json.ok()) << json.status();
  auto tokenizer = ParseTokenizerJson(*json, "tokenizer.json.gz");
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  auto goldens = testing::ReadJsonLines(kDir + "/hf.clip.jsonl.gz");
  ASSERT_TRUE(goldens.ok()) << goldens.status();
  std::map<std::string, std::vector<nlohmann::json>> corpora;
  for (const char* set : {"dev", "edge"}) {
    auto lines = testing::ReadJsonLines(testing::DataDirFor(std::string("corpus/") + set + ".jsonl"));
    ASSERT_TRUE(lines.ok()) << lines.status();
    corpora[set] = *std::move(lines);
  }
  size_t compared = 0, mismatches = 0;
  for (const nlohmann::json& g : *goldens) {
    const std::string set = g.at("set");
    const size_t line = g.at("line");
    if (line > corpora[set].size()) continue;  // beyond the bundled slice
    ++compared;
    auto e = (*tokenizer)->Encode(corpora[set][line - 1].at("text").get<std::string>());
    ASSERT_TRUE(e.ok()) << e.status();
    std::vector<std::vector<uint32_t>> offsets;
    for (const Span& s : e->offsets) offsets.push_back({s.start, s.end});
    const std::vector<int> special(e->special_tokens_mask.begin(), e->special_tokens_mask.end());
    auto decoded = (*tokenizer)->Decode(e->ids);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    if ((nlohmann::json(e->ids) != g.at("ids") || nlohmann::json(offsets) != g.at("offsets") ||
         nlohmann::json(e->type_ids) != g.at("type_ids") ||
         nlohmann::json(special) != g.at("special_tokens_mask") ||
         *decoded != g.at("decoded").get<std::string>()) &&
        ++mismatches <= 3) {
      ADD_FAILURE() << set << ":" << line << " differs from HF";
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(compared, 300u);
}

}  // namespace
}  // namespace tokenmill
