// MLM and NSP losses against reference.py (float64 torch F.cross_entropy with ignore_index
// -100, written by tests/data/bert/make_test_data.py into losses.jsonl).
#include <cmath>

#include "bert/losses.h"
#include "bert/model.h"
#include "gtest/gtest.h"
#include "tests/bert/reference_cases.h"

namespace tokenmill::bert {
namespace {

std::vector<int32_t> Flat(const nlohmann::json& rows) {
  std::vector<int32_t> out;
  for (const auto& row : rows) {
    if (row.is_array()) {
      for (const auto& v : row) out.push_back(v.get<int32_t>());
    } else {
      out.push_back(row.get<int32_t>());
    }
  }
  return out;
}

TEST(LossesTest, MatchReferencePy) {
  auto lines = ::tokenmill::testing::ReadJsonLines(::tokenmill::testing::SourceDir() +
                                                   "/tests/data/bert/losses.jsonl");
  ASSERT_TRUE(lines.ok()) << lines.status();
  size_t checked = 0;
  for (const testing::RefModel& m : testing::ReferenceModels()) {
    auto model = BertModel::FromPretrained(m.dir);
    ASSERT_TRUE(model.ok()) << model.status();
    for (const auto& c : *lines) {
      if (c["model"] != m.name) continue;
      BertInput in = testing::InputOf(c);
      auto out = (*model)->Forward(in, ForwardOptions{.mlm = true, .nsp = true});
      ASSERT_TRUE(out.ok()) << out.status();
      auto mlm = MlmLoss(out->mlm_logits.data(), in.batch * in.length, (*model)->config().vocab_size,
                         Flat(c["mlm_labels"]));
      auto nsp = NspLoss(out->nsp_logits.data(), in.batch, Flat(c["nsp_labels"]));
      ASSERT_TRUE(mlm.ok() && nsp.ok());
      EXPECT_NEAR(*mlm, c["mlm_loss"].get<double>(), 1e-4) << m.name;
      EXPECT_NEAR(*nsp, c["nsp_loss"].get<double>(), 1e-4) << m.name;
      EXPECT_NEAR(*mlm + *nsp, c["total_loss"].get<double>(), 2e-4) << m.name;
      ++checked;
    }
  }
  EXPECT_GE(checked, 3u);
  if (!testing::SharedBertAvailable()) {
    std::cout << "[ NOTE ] ../shared/bert absent: losses checked on the bundled micro model only\n";
  }
}

TEST(LossesTest, CrossEntropyByHand) {
  // Two rows of 3 classes; the second ignored.
  const float logits[] = {1.0f, 2.0f, 3.0f, 5.0f, 5.0f, 5.0f};
  auto loss = CrossEntropy(logits, 2, 3, {0, kIgnoreLabel});
  ASSERT_TRUE(loss.ok());
  EXPECT_NEAR(*loss, std::log(std::exp(1.0) + std::exp(2.0) + std::exp(3.0)) - 1.0, 1e-12);
  EXPECT_FALSE(CrossEntropy(logits, 2, 3, {kIgnoreLabel, kIgnoreLabel}).ok());
  EXPECT_FALSE(CrossEntropy(logits, 2, 3, {3, 0}).ok());
  EXPECT_FALSE(CrossEntropy(logits, 2, 3, {0}).ok());
}

}  // namespace
}  // namespace tokenmill::bert
