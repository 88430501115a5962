// Subword-regularization sampling against sentencepiece's exact distributions
// (../shared/golden/spm/sampling.jsonl.gz), with the test ../shared/oracles/spm/README.md
// prescribes: per entry M = 20000 samples (fixed seed, so deterministic), hard checks (valid
// ids, pieces concatenate to `normalized`, no outcome outside a complete support), a Pearson
// χ² goodness of fit (bins expected ≥ 5, the rest pooled) failing below p = 1e-6, and the
// same threshold on the χ² summed over all entries. The README puts the false-failure rate
// of the whole run at ≲ 0.2 %; with a fixed seed a failure is almost surely a bug.
//
// The input is each entry's golden `normalized` string (the normalizer is tested on its
// own). Unigram modes only (unigram_ffbs, unigram_nbest, unigram_wor); bpe_dropout entries
// belong to the SentencePiece BPE model. For n-best and without-replacement entries the bulk
// of the draws reuse one n-best list / one lattice per entry (the public calls rebuild them
// on every draw, which is the same computation); a few hundred draws per entry also go
// through the public calls.
#include <cstring>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "tests/models/unigram/chi_square.h"
#include "tests/testing/test_data.h"
#include "tokenizers/models/unigram/unigram_model.h"
#include "tokenizers/models/unigram/unigram_model_proto.h"

namespace tokenmill {
namespace {

constexpr int kSamples = 20000;
constexpr int kPublicApiSamples = 200;
constexpr double kThreshold = 1e-6;

struct LoadedModel {
  std::unique_ptr<UnigramModel> model;
  bool byte_fallback = false;
};

// The processor's view of a segmentation: unk runs merged, or bytes with byte_fallback.
// Returns the ids as "id id id" and checks that the pieces concatenate to `normalized`.
std::string OutcomeKey(const LoadedModel& m, std::string_view normalized,
                       const std::vector<Token>& tokens, bool* concatenates) {
  std::vector<uint32_t> ids;
  std::string text;
  bool previous_unk = false;
  for (const Token& t : tokens) {
    const std::string_view surface = normalized.substr(t.begin, t.end - t.begin);
    const bool unk = t.id == m.model->unk_id();
    if (unk && m.byte_fallback) {
      for (const char c : surface) {
        const uint32_t id = m.model->PieceToId(ByteToPiece(static_cast<unsigned char>(c)));
        ids.push_back(id);
        text += static_cast<char>(PieceToByte(m.model->IdToPiece(id)));
      }
    } else {
      if (!(unk && previous_unk)) ids.push_back(t.id);
      text += unk ? surface : m.model->IdToPiece(t.id);
    }
    previous_unk = unk;
  }
  *concatenates = text == normalized;
  return absl::StrJoin(ids, " ");
}

TEST(UnigramSamplingGoldenTest, SamplesFollowSentencepiecesExactDistributions) {
  TM_SHARED_DIR_OR_SKIP(shared);
  auto entries = testing::ReadJsonLines(shared + "/golden/spm/sampling.jsonl.gz");
  ASSERT_TRUE(entries.ok()) << entries.status();
  std::map<std::string, LoadedModel> models;
  SamplingRng rng(20240601);
  double combined_x2 = 0;
  int combined_df = 0, tested = 0;
  std::map<std::string, std::pair<int, double>> tv_by_mode;  // entries, Σ tv

  for (const nlohmann::json& entry : *entries) {
    const std::string mode = entry["mode"];
    if (mode == "bpe_dropout") continue;
    const std::string model_file = entry["model"];
    LoadedModel& m = models[model_file];
    if (!m.model) {
      auto proto = LoadSentencePieceModel(shared + "/vocab/spm/" + model_file);
      ASSERT_TRUE(proto.ok()) << proto.status();
      auto model = UnigramModelFromProto(*proto);
      ASSERT_TRUE(model.ok()) << model.status();
      m.model = std::move(*model);
      m.byte_fallback = proto->trainer_spec().byte_fallback();
    }
    const UnigramModel& model = *m.model;
    const std::string normalized = entry["normalized"];
    const float alpha = entry["alpha"].get<float>();
    const int entry_index = entry["entry"];
    const std::string what = absl::StrCat("entry ", entry_index, " (", model_file, " ", mode,
                                          " alpha ", alpha, ") \"", normalized, "\"");

    absl::flat_hash_map<std::string, double> probs;
    for (const auto& outcome : entry["support"]) {
      probs[absl::StrJoin(outcome["ids"].get<std::vector<uint32_t>>(), " ")] = outcome["prob"];
    }
    const bool complete = entry["complete"];
    // Raw segmentations are counted first (cheap keys: the Token bytes); each distinct one is
    // turned into the processor's id sequence and checked once, below.
    absl::flat_hash_map<std::string, int> raw_counts;
    auto record = [&](const std::vector<Token>& tokens, bool count) {
      const std::string raw(reinterpret_cast<const char*>(tokens.data()),
                            tokens.size() * sizeof(Token));
      raw_counts[raw] += count ? 1 : 0;
    };

    if (mode == "unigram_ffbs") {
      for (int i = 0; i < kSamples; ++i) {
        std::vector<Token> tokens;
        ASSERT_TRUE(model.SampleEncode(normalized, -1, alpha, rng, tokens).ok());
        record(tokens, true);
      }
    } else if (mode == "unigram_nbest") {
      const int nbest_size = entry["nbest_size"];
      const auto nbests = model.NBestEncode(normalized, nbest_size);
      EXPECT_EQ(static_cast<int>(nbests.size()), entry["nbest_list_size"].get<int>()) << what;
      for (int i = 0; i < kSamples; ++i) {
        record(nbests[UnigramModel::DrawFromNBest(nbests, alpha, rng)].tokens, true);
      }
      for (int i = 0; i < kPublicApiSamples; ++i) {
        std::vector<Token> tokens;
        ASSERT_TRUE(model.SampleEncode(normalized, nbest_size, alpha, rng, tokens).ok());
        record(tokens, false);
      }
    } else if (mode == "unigram_wor") {
      const int k = entry["k"];
      unigram_internal::Lattice lattice;
      model.BuildLattice(normalized, lattice);
      for (int i = 0; i < kSamples; ++i) {
        const auto draws = lattice.NBest(static_cast<size_t>(k) + 1, true, alpha, &rng);
        ASSERT_FALSE(draws.empty());
        std::vector<Token> tokens;
        lattice.AppendTokens(draws[0].nodes, tokens);
        record(tokens, true);
      }
      for (int i = 0; i < kPublicApiSamples; ++i) {
        auto draws = model.SampleEncodeAndScore(normalized, k, alpha, true, false, rng);
        ASSERT_TRUE(draws.ok()) << draws.status();
        ASSERT_EQ(static_cast<int>(draws->size()), k) << what;
        for (const auto& d : *draws) record(d.tokens, false);
      }
    } else {
      ADD_FAILURE() << what << ": unknown mode";
      continue;
    }
    absl::flat_hash_map<std::string, int> counts;
    int bad_concatenation = 0, impossible = 0;
    for (const auto& [raw, count] : raw_counts) {
      std::vector<Token> tokens(raw.size() / sizeof(Token));
      std::memcpy(tokens.data(), raw.data(), raw.size());
      bool concatenates = false;
      const std::string key = OutcomeKey(m, normalized, tokens, &concatenates);
      if (!concatenates) ++bad_concatenation;
      if (complete && !probs.contains(key)) {
        if (++impossible <= 3) ADD_FAILURE() << what << ": impossible outcome " << key;
      }
      counts[key] += count;
    }
    EXPECT_EQ(bad_concatenation, 0) << what << ": pieces do not concatenate to the text";
    EXPECT_EQ(impossible, 0) << what;

    // Unlisted outcomes (1 − Σ listed, at most 3.9e-4) are pooled into the rest bin.
    const auto result = testing::ChiSquareTest(probs, counts, kSamples);
    EXPECT_GT(result.p_value, kThreshold)
        << what << ": X2 = " << result.x2 << " on " << result.df << " df, tv = " << result.tv;
    combined_x2 += result.x2;
    combined_df += result.df;
    ++tested;
    auto& [n, tv] = tv_by_mode[mode];
    ++n;
    tv += result.tv;
  }
  EXPECT_EQ(tested, 420);  // 520 entries, 100 of them BPE-dropout
  const double combined_p = testing::ChiSquareSurvival(combined_x2, combined_df);
  EXPECT_GT(combined_p, kThreshold) << "combined X2 = " << combined_x2 << " on " << combined_df << " df";
  std::cout << "[ sampling ] " << tested << " entries, combined X2 = " << combined_x2 << " on "
            << combined_df << " df, p = " << combined_p << "\n";
  for (const auto& [mode, stats] : tv_by_mode) {
    std::cout << "[ sampling ] " << mode << ": " << stats.first
              << " entries, mean total variation " << stats.second / stats.first << "\n";
  }
}

}  // namespace
}  // namespace tokenmill
