// BPE-dropout through SentencePieceProcessor::SampleEncode against the exact distributions of
// ../shared/golden/spm/sampling.jsonl.gz (bpe_dropout entries), with the test
// ../shared/oracles/spm/README.md prescribes: M = 20000 samples per entry, hard checks (valid
// ids that rebuild the normalized text; nothing outside a complete support), Pearson χ² per
// entry and combined over all entries, both failing below p = 1e-6. Fixed seed.
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "tests/models/unigram/chi_square.h"
#include "tests/testing/test_data.h"
#include "tokenizers/sentencepiece/sentencepiece_processor.h"

namespace tokenmill {
namespace {

constexpr int kSamples = 20000;
constexpr double kThreshold = 1e-6;

TEST(BpeDropoutSamplingTest, FollowsSentencePiecesExactDistributions) {
  TM_SHARED_DIR_OR_SKIP(shared);
  auto entries = testing::ReadJsonLines(shared + "/golden/spm/sampling.jsonl.gz");
  ASSERT_TRUE(entries.ok()) << entries.status();
  std::map<std::string, std::unique_ptr<SentencePieceProcessor>> processors;
  SamplingRng rng(20240601);
  SentencePieceText out;
  double combined_x2 = 0;
  int combined_df = 0, tested = 0;
  for (const nlohmann::json& entry : *entries) {
    if (entry["mode"] != "bpe_dropout") continue;
    const std::string model = entry["model"];
    auto& processor = processors[model];
    if (!processor) {
      auto loaded = SentencePieceProcessor::Load(shared + "/vocab/spm/" + model);
      ASSERT_TRUE(loaded.ok()) << loaded.status();
      processor = std::move(*loaded);
    }
    const std::string text = entry["text"], normalized = entry["normalized"];
    const float alpha = entry["alpha"];
    const int nbest_size = entry["nbest_size"];
    absl::flat_hash_map<std::string, double> probs;
    for (const auto& outcome : entry["support"]) {
      probs[absl::StrJoin(outcome["ids"].get<std::vector<int>>(), " ")] = outcome["prob"];
    }
    absl::flat_hash_map<std::string, int> counts;
    for (int s = 0; s < kSamples; ++s) {
      ASSERT_TRUE(processor->SampleEncode(text, nbest_size, alpha, rng, out).ok());
      std::string rebuilt;
      std::vector<int> ids;
      for (size_t k = 0; k < out.pieces.size(); ++k) {
        ids.push_back(out.pieces[k].id);
        rebuilt += processor->PieceString(out, k);
      }
      ASSERT_EQ(rebuilt, normalized) << "entry " << entry["entry"];
      std::string key = absl::StrJoin(ids, " ");
      if (entry["complete"].get<bool>()) {
        ASSERT_TRUE(probs.contains(key)) << "entry " << entry["entry"] << ": impossible " << key;
      }
      ++counts[key];
    }
    const testing::ChiSquareResult r = testing::ChiSquareTest(probs, counts, kSamples);
    EXPECT_GE(r.p_value, kThreshold) << "entry " << entry["entry"] << " \"" << text
                                     << "\" alpha " << alpha << ": X² " << r.x2 << " df "
                                     << r.df << " tv " << r.tv;
    combined_x2 += r.x2;
    combined_df += r.df;
    ++tested;
  }
  EXPECT_EQ(tested, 100);
  const double combined_p = testing::ChiSquareSurvival(combined_x2, combined_df);
  EXPECT_GE(combined_p, kThreshold) << "combined X² " << combined_x2 << " df " << combined_df;
  std::cout << "bpe_dropout: " << tested << " entries, combined X² " << combined_x2 << " on "
            << combined_df << " df, p = " << combined_p << "\n";
}

}  // namespace
}  // namespace tokenmill
