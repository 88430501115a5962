// CalculateEntropy against sentencepiece 0.1.97's (tests/data/unigram/spm_entropy.unigram_8k,
// made by gen_entropy_golden.sh): 136 texts × alpha 0.1 / 0.5 / 1.0 on the bundled
// unigram_8k.model, fed the normalized text. sentencepiece sums in float (and drops terms 50
// below the maximum in its log-sum-exp), we in double: equal to 1e-4 relative.
#include <cmath>

#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/models/unigram/unigram_model_proto.h"

namespace tokenmill {
namespace {

TEST(UnigramEntropyTest, MatchesSentencepiece) {
  const std::string data = testing::SourceDir() + "/tests/data";
  auto proto = LoadSentencePieceModel(data + "/spm/unigram_8k.model");
  ASSERT_TRUE(proto.ok()) << proto.status();
  auto model = UnigramModelFromProto(*proto);
  ASSERT_TRUE(model.ok()) << model.status();
  auto lines = testing::ReadJsonLines(data + "/unigram/spm_entropy.unigram_8k.jsonl.gz");
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_EQ(lines->size(), 408u);
  double worst = 0;
  for (const nlohmann::json& line : *lines) {
    const double expected = line["entropy"];
    const double ours = (*model)->CalculateEntropy(line["normalized"].get<std::string>(),
                                                   line["alpha"].get<float>());
    const double relative = std::abs(ours - expected) / std::max(1.0, std::abs(expected));
    worst = std::max(worst, relative);
    EXPECT_EQ(static_cast<float>(ours), static_cast<float>(expected)) << line["text"] << " alpha " << line["alpha"] << ": " << ours
                              << " vs " << expected;
  }
  std::cout << "[ entropy ] worst relative difference " << worst << "\n";
}

}  // namespace
}  // namespace tokenmill
