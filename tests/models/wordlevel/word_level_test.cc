// HF's WordLevel model (models/wordlevel in HF tokenizers 0.22): a tokenizer.json with it
// (tests/data/golden/wordlevel, made by tests/models/gen_wordlevel_goldens.sh) gives HF's ids,
// tokens and offsets on dev and edge lines (the bundled corpus slice without ../shared); a word
// without an unknown token is an error; the JSON round-trips.
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/models/wordlevel/word_level.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill {
namespace {

const std::string kDir = testing::SourceDir() + "/tests/data/golden/wordlevel";

TEST(WordLevel, MatchesHfGoldens) {
  auto tokenizer = LoadTokenizerJson(kDir + "/tokenizer.json");
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  auto goldens = testing::ReadJsonLines(kDir + "/hf.wordlevel.jsonl.gz");
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
    if ((nlohmann::json(e->ids) != g.at("ids") || nlohmann::json(e->tokens) != g.at("tokens") ||
         nlohmann::json(offsets) != g.at("offsets")) &&
        ++mismatches <= 3) {
      ADD_FAILURE() << set << ":" << line << " differs from HF";
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_GT(compared, 300u);
}

TEST(WordLevel, UnknownWordWithoutUnkTokenIsAnError) {
  auto vocab = Vocab::Create(std::vector<std::pair<std::string, uint32_t>>{{"a", 0}, {"b", 1}});
  ASSERT_TRUE(vocab.ok());
  WordLevel model(*std::move(vocab), "<unk>");
  std::vector<Token> out;
  ASSERT_TRUE(model.Tokenize("b", out).ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].id, 1u);
  const absl::Status missing = model.Tokenize("zz", out);
  EXPECT_EQ(missing.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(missing.message().find("\"zz\""), std::string::npos) << missing;
  // A huge word is named by its start only.
  const absl::Status huge = model.Tokenize(std::string(1 << 20, 'q'), out);
  EXPECT_EQ(huge.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_LT(huge.message().size(), 200u);
  EXPECT_NE(huge.message().find("qqqq…"), std::string::npos) << huge;
}

TEST(WordLevel, JsonRoundTrips) {
  auto tokenizer = LoadTokenizerJson(kDir + "/tokenizer.json");
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  const auto ours = nlohmann::json::parse(ToTokenizerJson(**tokenizer));
  auto text = ReadFile(kDir + "/tokenizer.json");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(ours.at("model"), nlohmann::json::parse(*text).at("model"));
}

}  // namespace
}  // namespace tokenmill
