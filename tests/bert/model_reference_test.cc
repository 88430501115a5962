// The encoder against reference.py's float64 outputs (../shared/bert/README.md): every case,
// batched with padding and row by row, within the README's float32 tolerance of 1e-4 absolute;
// MLM top-5 ids identical where the reference's top-6 logits are more than 2e-4 apart.
// Runs on the bundled micro model always and on ../shared/bert/random-{tiny,odd} when present.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/strings/str_format.h"
#include "bert/model.h"
#include "gtest/gtest.h"
#include "tests/bert/reference_cases.h"

namespace tokenmill::bert {
namespace {

using testing::DecodeArray;
using testing::InputOf;
using testing::RefModel;

constexpr double kTolerance = 1e-4;
constexpr double kTopIdsMargin = 2e-4;

// Max |a - b| over rows [b, t] of a [B, L, H] array where `use(b, t)`.
template <typename Use>
double MaxAbsDiff(const FloatBuffer& got, const std::vector<float>& want, size_t B,
                  size_t L, size_t H, Use use) {
  double worst = 0;
  for (size_t b = 0; b < B; ++b) {
    for (size_t t = 0; t < L; ++t) {
      if (!use(b, t)) continue;
      for (size_t h = 0; h < H; ++h) {
        const size_t i = (b * L + t) * H + h;
        worst = std::max(worst, std::abs(double(got[i]) - double(want[i])));
      }
    }
  }
  return worst;
}

double LogSumExp(const float* row, size_t n) {
  const double max = *std::max_element(row, row + n);
  double sum = 0;
  for (size_t i = 0; i < n; ++i) sum += std::exp(row[i] - max);
  return max + std::log(sum);
}

std::vector<int> TopIds(const float* row, size_t n, size_t k) {
  std::vector<int> ids(n);
  std::iota(ids.begin(), ids.end(), 0);
  std::partial_sort(ids.begin(), ids.begin() + k, ids.end(),
                    [&](int a, int b) { return row[a] > row[b] || (row[a] == row[b] && a < b); });
  ids.resize(k);
  return ids;
}

class ModelReferenceTest : public ::testing::TestWithParam<RefModel> {
 protected:
  void SetUp() override {
    auto model = BertModel::FromPretrained(GetParam().dir);
    ASSERT_TRUE(model.ok()) << model.status();
    model_ = *std::move(model);
    auto cases = ::tokenmill::testing::ReadJsonLines(GetParam().reference);
    ASSERT_TRUE(cases.ok()) << cases.status();
    cases_ = *std::move(cases);
    ASSERT_EQ(cases_.size(), 24u);
  }

  // Checks one model run of `c` (rows [row0, row0 + input.batch) of the case, each cut to
  // `input.length` columns) against the reference.
  void Check(const nlohmann::json& c, const BertInput& input, size_t row0, const std::string& what) {
    SCOPED_TRACE(absl::StrFormat("%s: case %s (%s)", GetParam().name, c["name"].get<std::string>(), what));
    ForwardOptions options;
    options.nsp = true;
    options.hidden_states = c.contains("hidden_states");
    auto out = model_->Forward(input, options);
    ASSERT_TRUE(out.ok()) << out.status();
    const size_t B = input.batch, L = input.length, H = model_->config().hidden_size;
    const size_t refL = c["seq_len"].get<size_t>();
    // The reference rows/columns this run covers, as [B, L, H].
    auto slice = [&](const std::vector<float>& ref) {
      std::vector<float> s(B * L * H);
      for (size_t b = 0; b < B; ++b) {
        std::copy_n(ref.begin() + (row0 + b) * refL * H, L * H, s.begin() + b * L * H);
      }
      return s;
    };
    // Padded positions are computed as HF does, so they are compared too.
    auto all = [](size_t, size_t) { return true; };
    EXPECT_LE(MaxAbsDiff(out->last_hidden_state, slice(DecodeArray(c["last_hidden_state"]).values), B, L, H, all),
              kTolerance) << "last_hidden_state";
    if (options.hidden_states) {
      ASSERT_EQ(out->hidden_states.size(), c["hidden_states"].size());
      EXPECT_LE(MaxAbsDiff(out->hidden_states[0], slice(DecodeArray(c["embedding_output"]).values), B, L, H, all),
                kTolerance) << "embedding_output";
      for (size_t l = 0; l < out->hidden_states.size(); ++l) {
        EXPECT_LE(MaxAbsDiff(out->hidden_states[l], slice(DecodeArray(c["hidden_states"][l]).values), B, L, H, all),
                  kTolerance) << "hidden_states[" << l << "]";
      }
    }
    const std::vector<float> pooled = DecodeArray(c["pooler_output"]).values;
    for (size_t b = 0; b < B; ++b) {
      for (size_t h = 0; h < H; ++h) {
        ASSERT_NEAR(out->pooler_output[b * H + h], pooled[(row0 + b) * H + h], kTolerance) << "pooler " << b;
      }
      for (int k = 0; k < 2; ++k) {
        ASSERT_NEAR(out->nsp_logits[b * 2 + k], c["nsp_logits"][row0 + b][k].get<double>(), kTolerance)
            << "nsp " << b;
      }
    }
    // MLM at every reference [MASK] this run covers.
    const size_t V = model_->config().vocab_size;
    for (const auto& m : c["mlm"]) {
      const size_t b = m["batch"].get<size_t>(), p = m["position"].get<size_t>();
      if (b < row0 || b >= row0 + B || p >= L) continue;
      auto logits = model_->MlmLogits(out->last_hidden_state.data() + ((b - row0) * L + p) * H, 1);
      ASSERT_TRUE(logits.ok()) << logits.status();
      const float* row = logits->data();
      EXPECT_NEAR(LogSumExp(row, V), m["logsumexp"].get<double>(), kTolerance) << "logsumexp at " << p;
      for (size_t k = 0; k < 5; ++k) {
        EXPECT_NEAR(row[m["top_ids"][k].get<int>()], m["top_logits"][k].get<double>(), kTolerance);
      }
      if (m["top_margin_min"].get<double>() > kTopIdsMargin) {
        EXPECT_EQ(TopIds(row, V, 5), m["top_ids"].get<std::vector<int>>()) << "top-5 at " << p;
      }
      if (m.contains("logits")) {
        const std::vector<float> full = DecodeArray(m["logits"]).values;
        double worst = 0;
        for (size_t v = 0; v < V; ++v) worst = std::max(worst, std::abs(double(row[v]) - full[v]));
        EXPECT_LE(worst, kTolerance) << "full logits row at " << p;
      }
    }
    // The full [B, L, V] output agrees with the per-row head.
    if (&c == &cases_.front()) {
      ForwardOptions with_mlm;
      with_mlm.mlm = true;
      auto full = model_->Forward(input, with_mlm);
      ASSERT_TRUE(full.ok());
      auto one = model_->MlmLogits(full->last_hidden_state.data(), 1);
      ASSERT_EQ(full->mlm_logits.size(), B * L * V);
      for (size_t v = 0; v < V; ++v) ASSERT_FLOAT_EQ(full->mlm_logits[v], (*one)[v]);
    }
  }

  std::unique_ptr<BertModel> model_;
  std::vector<nlohmann::json> cases_;
};

TEST_P(ModelReferenceTest, EveryCaseBatchedWithPadding) {
  for (const auto& c : cases_) Check(c, InputOf(c), 0, "batched");
}

TEST_P(ModelReferenceTest, EveryCaseRowByRow) {
  for (const auto& c : cases_) {
    const BertInput batch = InputOf(c);
    for (size_t b = 0; b < batch.batch; ++b) {
      // The row alone, at the batch's length.
      BertInput row;
      row.batch = 1;
      row.length = batch.length;
      const auto first = batch.input_ids.begin() + b * batch.length;
      row.input_ids.assign(first, first + batch.length);
      row.token_type_ids.assign(batch.token_type_ids.begin() + b * batch.length,
                                batch.token_type_ids.begin() + (b + 1) * batch.length);
      row.attention_mask.assign(batch.attention_mask.begin() + b * batch.length,
                                batch.attention_mask.begin() + (b + 1) * batch.length);
      Check(c, row, b, absl::StrFormat("row %d", b));
      // Without its right padding: the unpadded positions must not change.
      size_t n = row.length;
      while (n > 0 && row.attention_mask[n - 1] == 0) --n;
      if (n < row.length && n > 0 && std::all_of(row.attention_mask.begin(), row.attention_mask.begin() + n,
                                                 [](int v) { return v == 1; })) {
        row.length = n;
        row.input_ids.resize(n);
        row.token_type_ids.resize(n);
        row.attention_mask.resize(n);
        Check(c, row, b, absl::StrFormat("row %d without padding", b));
      }
    }
  }
}

// Masked keys have no influence: batch2_masked_garbage's rows agree on their unmasked part
// (up to float32 rounding, which differs with a row's place in the GEMM tiles: ~1e-6).
TEST_P(ModelReferenceTest, MaskedKeysHaveNoInfluence) {
  for (const auto& c : cases_) {
    if (c["name"] != "batch2_masked_garbage") continue;
    auto out = model_->Forward(InputOf(c));
    ASSERT_TRUE(out.ok());
    const size_t L = out->length, H = out->hidden_size;
    for (size_t i = 0; i < 14 * H; ++i) {
      ASSERT_NEAR(out->last_hidden_state[i], out->last_hidden_state[L * H + i], 1e-5) << i;
    }
    return;
  }
  FAIL() << "case batch2_masked_garbage missing";
}

INSTANTIATE_TEST_SUITE_P(Models, ModelReferenceTest, ::testing::ValuesIn(testing::ReferenceModels()),
                         [](const auto& info) {
                           std::string n = info.param.name;
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(ModelReferenceModels, SharedModelsPresentOrSaySo) {
  if (!testing::SharedBertAvailable()) {
    GTEST_SKIP() << "../shared/bert (random-tiny, random-odd: 13-18 MB, not bundled) is not present: "
                    "their reference cases are skipped; the bundled micro model still ran";
  }
  EXPECT_EQ(testing::ReferenceModels().size(), 3u);
}

}  // namespace
}  // namespace tokenmill::bert
