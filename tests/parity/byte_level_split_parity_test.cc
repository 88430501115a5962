// Byte-level BPE tokenizer.json files whose pre-tokenizer is a Split regex with the
// `\s+(?!\S)` lookahead, as Qwen2 and DeepSeek-V3 ship them (split_regex.h), against HF
// tokenizers 0.22: GPT-2's tokenizer.json with each model's pre_tokenizer section, ids and
// UTF-8 byte offsets on dev lines 1-600 and the edge lines of at most 4 KiB (goldens from
// gen_byte_level_split_goldens.sh). Needs ../shared for GPT-2's vocabulary and the text.
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/test_data.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill {
namespace {

const std::string kGoldenDir = testing::SourceDir() + "/tests/data/golden/byte_level_splits";

class ByteLevelSplitParityTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ByteLevelSplitParityTest, MatchesHuggingFaceTokenizersGolden) {
  TM_SHARED_DIR_OR_SKIP(shared);
  const std::string& name = GetParam();
  auto gpt2 = ReadFile(shared + "/vocab/gpt2/tokenizer.json");
  auto pre_tokenizer = ReadFile(kGoldenDir + "/" + name + ".pre_tokenizer.json");
  ASSERT_TRUE(gpt2.ok() && pre_tokenizer.ok());
  nlohmann::json config = nlohmann::json::parse(*gpt2);
  config["pre_tokenizer"] = nlohmann::json::parse(*pre_tokenizer);
  auto tokenizer = ParseTokenizerJson(config.dump(), name);
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();

  auto goldens = testing::ReadJsonLines(kGoldenDir + "/hf.gpt2-" + name + ".jsonl.gz");
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
    auto encoding = (*tokenizer)->Encode(text, std::nullopt, /*add_special_tokens=*/false);
    ASSERT_TRUE(encoding.ok()) << set << ":" << line << ": " << encoding.status();
    std::vector<std::vector<uint32_t>> offsets;
    for (const Span& s : encoding->offsets) offsets.push_back({s.start, s.end});
    if (nlohmann::json(encoding->ids) != g.at("ids") || nlohmann::json(offsets) != g.at("offsets")) {
      if (++mismatches <= 3) ADD_FAILURE() << name << " " << set << ":" << line << " differs from HF";
    }
  }
  EXPECT_EQ(mismatches, 0u) << "of " << goldens->size() << " lines";
  EXPECT_GT(goldens->size(), 900u);
}

INSTANTIATE_TEST_SUITE_P(Goldens, ByteLevelSplitParityTest,
                         ::testing::Values("qwen2", "deepseek_v3"));

}  // namespace
}  // namespace tokenmill
