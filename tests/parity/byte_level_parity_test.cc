// Byte-level BPE tokenizer.json set-ups beyond GPT-2's own, against HF tokenizers 0.22:
// GPT-2's tokenizer.json with sections of another model put in (<name>.overlay.json):
//  - qwen2, deepseek_v3: their pre-tokenizers, Split regexes with the `\s+(?!\S)` lookahead
//    (split_regex.h);
//  - roberta: RoBERTa's ByteLevel pre-tokenizer and RobertaProcessing post-processor;
//  - llama3: Llama 3's split (the cl100k scanner), a ByteLevel + template post-processor with a
//    BOS token, and ignore_merges (words that are tokens skip the merges).
// ids, UTF-8 byte offsets, type ids and special-token masks, with special tokens, on dev lines
// 1-600 and the edge lines of at most 4 KiB (goldens from gen_byte_level_goldens.sh; RoBERTa's
// sentence pairs are in pairs_parity_test.cc). Needs ../shared for GPT-2's vocabulary.
#include "tests/parity/byte_level_overlay.h"

#include "gtest/gtest.h"
#include "tests/testing/test_data.h"

namespace tokenmill {
namespace {

class ByteLevelParityTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ByteLevelParityTest, MatchesHuggingFaceTokenizersGolden) {
  TM_SHARED_DIR_OR_SKIP(shared);
  const std::string& name = GetParam();
  auto tokenizer = testing::LoadGpt2WithOverlay(shared, name);
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  auto goldens = testing::ReadJsonLines(testing::ByteLevelGoldenDir() + "/hf.gpt2-" + name + ".jsonl.gz");
  ASSERT_TRUE(goldens.ok()) << goldens.status();
  std::map<std::string, std::vector<nlohmann::json>> corpora;
  for (const char* set : {"dev", "edge"}) {
    auto lines = testing::ReadJsonLines(shared + "/corpus/" + set + ".jsonl");
    ASSERT_TRUE(lines.ok()) << lines.status();
    corpora[set] = *std::move(lines);
  }
  size_t mismatches = 0;
  for (const nlohmann::json& g : *goldens) {
    const std::string set = g.at("set");
    const size_t line = g.at("line");
    ASSERT_LE(line, corpora[set].size());
    const std::string text = corpora[set][line - 1].at("text");
    auto e = (*tokenizer)->Encode(text);
    ASSERT_TRUE(e.ok()) << set << ":" << line << ": " << e.status();
    std::vector<std::vector<uint32_t>> offsets;
    for (const Span& s : e->offsets) offsets.push_back({s.start, s.end});
    const std::vector<int> special(e->special_tokens_mask.begin(), e->special_tokens_mask.end());
    if (nlohmann::json(e->ids) != g.at("ids") || nlohmann::json(offsets) != g.at("offsets") ||
        nlohmann::json(e->type_ids) != g.at("type_ids") ||
        nlohmann::json(special) != g.at("special_tokens_mask")) {
      if (++mismatches <= 3) ADD_FAILURE() << name << " " << set << ":" << line << " differs from HF";
    }
  }
  EXPECT_EQ(mismatches, 0u) << "of " << goldens->size() << " lines";
  EXPECT_GT(goldens->size(), 900u);
}

INSTANTIATE_TEST_SUITE_P(Goldens, ByteLevelParityTest,
                         ::testing::Values("qwen2", "deepseek_v3", "roberta", "llama3"));

}  // namespace
}  // namespace tokenmill
