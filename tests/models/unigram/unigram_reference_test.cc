// The Unigram model against naive enumeration of every segmentation, on random small
// vocabularies (normal, user-defined, unused pieces; characters of 1-3 UTF-8 bytes; some
// characters unknown) and random short texts: Viterbi = argmax, n-best = the sorted top-N,
// sampling follows the exact distribution (χ² test, fixed seeds), scores, entropy.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <set>
#include <random>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/models/unigram/chi_square.h"
#include "tests/models/unigram/naive_unigram.h"
#include "tokenizers/models/unigram/unigram_model.h"

namespace tokenmill {
namespace {

using testing::ChiSquareTest;
using testing::EnumerateSegmentations;
using testing::NaiveSegmentation;
using testing::TokensKey;

// "x" never appears in a piece, so it is always unknown; "é" and "中" only sometimes.
const std::vector<std::string> kAlphabet = {"a", "b", "c", "\xE2\x96\x81", "\xC3\xA9", "\xE4\xB8\xAD", "x"};

struct RandomCase {
  std::unique_ptr<UnigramModel> model;
  std::string text;
};

std::unique_ptr<UnigramModel> RandomModel(std::mt19937& gen, bool positive_scores = false) {
  std::vector<UnigramPiece> pieces;
  pieces.push_back({"<unk>", 0.0f, PieceType::kUnknown});
  pieces.push_back({"<s>", 0.0f, PieceType::kControl});
  std::uniform_real_distribution<float> score(positive_scores ? -3.0f : -12.0f,
                                              positive_scores ? 2.0f : -0.5f);
  std::uniform_int_distribution<int> length(1, 4), letter(0, 5), kind(0, 19);
  std::set<std::string> seen;
  const int count = std::uniform_int_distribution<int>(6, 18)(gen);
  while (static_cast<int>(pieces.size()) < count) {
    std::string piece;
    const int n = length(gen);
    for (int i = 0; i < n; ++i) piece += kAlphabet[letter(gen)];
    if (!seen.insert(piece).second) continue;
    const int k = kind(gen);
    const PieceType type = k == 0 ? PieceType::kUserDefined : k == 1 ? PieceType::kUnused : PieceType::kNormal;
    pieces.push_back({piece, score(gen), type});
  }
  auto model = UnigramModel::Create(std::move(pieces));
  EXPECT_TRUE(model.ok()) << model.status();
  return std::move(*model);
}

std::string RandomText(std::mt19937& gen, int max_chars) {
  std::uniform_int_distribution<int> length(1, max_chars), letter(0, static_cast<int>(kAlphabet.size()) - 1);
  std::string text;
  const int n = length(gen);
  for (int i = 0; i < n; ++i) text += kAlphabet[letter(gen)];
  return text;
}

const NaiveSegmentation* FindSegmentation(const std::vector<NaiveSegmentation>& all,
                                          const std::vector<Token>& tokens) {
  for (const NaiveSegmentation& s : all) {
    if (TokensKey(s.tokens) == TokensKey(tokens)) return &s;
  }
  return nullptr;
}

std::vector<NaiveSegmentation> SortedByScore(std::vector<NaiveSegmentation> all) {
  std::stable_sort(all.begin(), all.end(),
                   [](const auto& a, const auto& b) { return a.score > b.score; });
  return all;
}

TEST(UnigramReferenceTest, ViterbiIsTheArgmax) {
  std::mt19937 gen(7);
  int unique_max_cases = 0;
  for (int round = 0; round < 3000; ++round) {
    auto model = RandomModel(gen, /*positive_scores=*/round % 4 == 0);
    const std::string text = RandomText(gen, 9);
    const auto all = SortedByScore(EnumerateSegmentations(*model, text, /*by_bytes=*/true));
    std::vector<Token> tokens;
    model->Encode(text, tokens);
    const NaiveSegmentation* found = FindSegmentation(all, tokens);
    ASSERT_NE(found, nullptr) << "not a segmentation of \"" << text << "\": " << TokensKey(tokens);
    EXPECT_NEAR(found->score, all[0].score, 1e-4) << text;
    if (all.size() == 1 || all[0].score - all[1].score > 1e-3) {
      ++unique_max_cases;
      EXPECT_EQ(TokensKey(tokens), TokensKey(all[0].tokens)) << text;
    }
  }
  EXPECT_GT(unique_max_cases, 2000);
}

TEST(UnigramReferenceTest, LatticeViterbiIsTheArgmax) {
  std::mt19937 gen(8);
  for (int round = 0; round < 1000; ++round) {
    auto model = RandomModel(gen, round % 4 == 0);
    const std::string text = RandomText(gen, 9);
    const auto all = SortedByScore(EnumerateSegmentations(*model, text));
    unigram_internal::Lattice lattice;
    model->BuildLattice(text, lattice);
    const auto path = lattice.Viterbi();
    std::vector<Token> tokens;
    lattice.AppendTokens(path.nodes, tokens);
    const NaiveSegmentation* found = FindSegmentation(all, tokens);
    ASSERT_NE(found, nullptr) << text;
    EXPECT_NEAR(found->score, all[0].score, 1e-4) << text;
    EXPECT_NEAR(path.score, all[0].score, 1e-4) << text;
  }
}

TEST(UnigramReferenceTest, NBestIsTheSortedTopN) {
  std::mt19937 gen(11);
  for (int round = 0; round < 1500; ++round) {
    auto model = RandomModel(gen, round % 4 == 0);
    const std::string text = RandomText(gen, 8);
    const auto all = SortedByScore(EnumerateSegmentations(*model, text));
    const int n = std::uniform_int_distribution<int>(2, 12)(gen);
    const auto nbest = model->NBestEncode(text, n);
    ASSERT_EQ(nbest.size(), std::min<size_t>(n, all.size())) << text;
    std::set<std::string> distinct;
    for (size_t i = 0; i < nbest.size(); ++i) {
      const NaiveSegmentation* found = FindSegmentation(all, nbest[i].tokens);
      ASSERT_NE(found, nullptr) << text;
      EXPECT_NEAR(nbest[i].score, found->score, 1e-4) << text;
      EXPECT_NEAR(nbest[i].score, all[i].score, 1e-4) << text << " rank " << i;
      distinct.insert(TokensKey(nbest[i].tokens));
    }
    EXPECT_EQ(distinct.size(), nbest.size()) << text;
  }
}

TEST(UnigramReferenceTest, NBestOfOneIsViterbiWithScoreZero) {
  std::mt19937 gen(12);
  auto model = RandomModel(gen);
  const std::string text = "abc\xC3\xA9x";
  std::vector<Token> viterbi;
  model->Encode(text, viterbi);
  const auto one = model->NBestEncode(text, 1);
  ASSERT_EQ(one.size(), 1u);
  EXPECT_EQ(TokensKey(one[0].tokens), TokensKey(viterbi));
  EXPECT_EQ(one[0].score, 0.0f);
  const auto empty = model->NBestEncode("", 5);
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_TRUE(empty[0].tokens.empty());
}

double LogSumExp(const std::vector<NaiveSegmentation>& all, double alpha) {
  double max = -INFINITY;
  for (const auto& s : all) max = std::max(max, alpha * s.score);
  double sum = 0;
  for (const auto& s : all) sum += std::exp(alpha * s.score - max);
  return max + std::log(sum);
}

TEST(UnigramReferenceTest, ForwardSumsEntropyAndSampleScoresAreExact) {
  std::mt19937 gen(13);
  SamplingRng rng(99);
  for (int round = 0; round < 800; ++round) {
    auto model = RandomModel(gen, round % 4 == 0);
    const std::string text = RandomText(gen, 8);
    const auto all = EnumerateSegmentations(*model, text);
    const float alpha = std::uniform_real_distribution<float>(0.05f, 1.5f)(gen);
    const double log_z = LogSumExp(all, alpha);
    unigram_internal::Lattice lattice;
    model->BuildLattice(text, lattice);
    EXPECT_NEAR(lattice.ForwardLogSums(alpha)[lattice.num_chars()], log_z, 1e-9 * (1 + std::abs(log_z)));
    double entropy = 0;
    for (const auto& s : all) {
      const double log_p = alpha * s.score - log_z;
      entropy -= std::exp(log_p) * log_p;
    }
    EXPECT_NEAR(model->CalculateEntropy(text, alpha), entropy, 1e-4 * (1 + entropy)) << text;

    auto samples = model->SampleEncodeAndScore(text, 3, alpha, false, false, rng);
    ASSERT_TRUE(samples.ok()) << samples.status();
    ASSERT_EQ(samples->size(), 3u);
    for (const auto& sample : *samples) {
      const NaiveSegmentation* found = FindSegmentation(all, sample.tokens);
      ASSERT_NE(found, nullptr) << text;
      EXPECT_NEAR(sample.score, alpha * found->score - log_z, 1e-4 * (1 + std::abs(log_z))) << text;
    }
  }
}

// Runs `draw` `samples` times and χ²-tests the outcomes against `probs` (keyed by TokensKey).
void ExpectDistribution(const absl::flat_hash_map<std::string, double>& probs, int samples,
                        const std::function<std::vector<Token>()>& draw, const std::string& what) {
  absl::flat_hash_map<std::string, int> raw_counts;  // keyed by the Token bytes: cheap
  for (int i = 0; i < samples; ++i) {
    const std::vector<Token> tokens = draw();
    ++raw_counts[std::string(reinterpret_cast<const char*>(tokens.data()), tokens.size() * sizeof(Token))];
  }
  absl::flat_hash_map<std::string, int> counts;
  for (const auto& [raw, count] : raw_counts) {
    std::vector<Token> tokens(raw.size() / sizeof(Token));
    std::memcpy(tokens.data(), raw.data(), raw.size());
    const std::string key = TokensKey(tokens);
    ASSERT_TRUE(probs.contains(key)) << what << ": impossible outcome " << key;
    counts[key] += count;
  }
  const auto result = ChiSquareTest(probs, counts, samples);
  EXPECT_GT(result.p_value, 1e-6) << what << ": X2 = " << result.x2 << ", df = " << result.df
                                  << ", tv = " << result.tv;
}

// Random (model, text) pairs whose lattice has between 3 and 60 paths.
std::vector<RandomCase> SamplingCases(std::mt19937& gen, int count) {
  std::vector<RandomCase> cases;
  while (static_cast<int>(cases.size()) < count) {
    auto model = RandomModel(gen, cases.size() % 4 == 0);
    std::string text = RandomText(gen, 7);
    const size_t paths = EnumerateSegmentations(*model, text).size();
    if (paths < 3 || paths > 60) continue;
    cases.push_back({std::move(model), std::move(text)});
  }
  return cases;
}

TEST(UnigramReferenceTest, WholeLatticeSamplingFollowsTheExactDistribution) {
  std::mt19937 gen(17);
  SamplingRng rng(2024);
  constexpr int kSamples = 20000;
  for (const RandomCase& c : SamplingCases(gen, 16)) {
    // 25 takes the log-domain sampler (theta · |score| > 200), the others the linear one.
    for (const float alpha : {0.1f, 0.5f, 1.0f, 25.0f}) {
      const auto all = EnumerateSegmentations(*c.model, c.text);
      const double log_z = LogSumExp(all, alpha);
      absl::flat_hash_map<std::string, double> probs;
      for (const auto& s : all) probs[TokensKey(s.tokens)] += std::exp(alpha * s.score - log_z);
      const std::string what = absl::StrCat("\"", c.text, "\" alpha ", alpha);
      ExpectDistribution(probs, kSamples, [&] {
        std::vector<Token> out;
        EXPECT_TRUE(c.model->SampleEncode(c.text, -1, alpha, rng, out).ok());
        return out;
      }, what + " (SampleEncode)");
      // The lattice sampler (used when a piece ends inside a character) too.
      unigram_internal::Lattice lattice;
      c.model->BuildLattice(c.text, lattice);
      const auto forward = lattice.ForwardLogSums(alpha);
      ExpectDistribution(probs, kSamples, [&] {
        std::vector<Token> out;
        lattice.AppendTokens(lattice.Sample(alpha, forward, rng), out);
        return out;
      }, what + " (Lattice::Sample)");
    }
  }
}

TEST(UnigramReferenceTest, NBestSamplingFollowsTheTemperedNBestDistribution) {
  std::mt19937 gen(19);
  SamplingRng rng(77);
  constexpr int kSamples = 20000;
  for (const RandomCase& c : SamplingCases(gen, 8)) {
    for (const int nbest_size : {2, 5, 64}) {
      const float alpha = 0.5f;
      const auto nbest = c.model->NBestEncode(c.text, nbest_size);
      double total = 0;
      for (const auto& n : nbest) total += std::exp(alpha * n.score);
      absl::flat_hash_map<std::string, double> probs;
      for (const auto& n : nbest) probs[TokensKey(n.tokens)] = std::exp(alpha * n.score) / total;
      ExpectDistribution(probs, kSamples, [&] {
        std::vector<Token> out;
        EXPECT_TRUE(c.model->SampleEncode(c.text, nbest_size, alpha, rng, out).ok());
        return out;
      }, absl::StrCat("\"", c.text, "\" nbest ", nbest_size));
    }
  }
}

TEST(UnigramReferenceTest, WithoutReplacementFirstDrawFollowsTheExactDistribution) {
  std::mt19937 gen(23);
  SamplingRng rng(5);
  constexpr int kSamples = 20000;
  for (const RandomCase& c : SamplingCases(gen, 8)) {
    const float alpha = 0.5f;
    const auto all = EnumerateSegmentations(*c.model, c.text);
    const double log_z = LogSumExp(all, alpha);
    absl::flat_hash_map<std::string, double> probs;
    for (const auto& s : all) probs[TokensKey(s.tokens)] += std::exp(alpha * s.score - log_z);
    ExpectDistribution(probs, kSamples, [&] {
      auto draws = c.model->SampleEncodeAndScore(c.text, 2, alpha, true, false, rng);
      EXPECT_TRUE(draws.ok() && !draws->empty());
      return draws.ok() && !draws->empty() ? (*draws)[0].tokens : std::vector<Token>{};
    }, absl::StrCat("\"", c.text, "\" wor"));
  }
}

TEST(UnigramReferenceTest, WithoutReplacementDrawsAreDistinctAndIncludeBestComesFirst) {
  std::mt19937 gen(29);
  SamplingRng rng(6);
  for (const RandomCase& c : SamplingCases(gen, 40)) {
    const size_t paths = EnumerateSegmentations(*c.model, c.text).size();
    for (const int k : {1, 2, 4, 100}) {
      auto draws = c.model->SampleEncodeAndScore(c.text, k, 0.3f, true, false, rng);
      ASSERT_TRUE(draws.ok());
      // k + 1 are drawn and the last is spent as the threshold.
      EXPECT_EQ(draws->size(), std::min<size_t>(k, paths - 1));
      std::set<std::string> distinct;
      for (const auto& d : *draws) {
        distinct.insert(TokensKey(d.tokens));
        EXPECT_LE(d.score, 0.0f);  // a log inclusion probability
      }
      EXPECT_EQ(distinct.size(), draws->size());

      auto with_best = c.model->SampleEncodeAndScore(c.text, k, 0.3f, true, true, rng);
      ASSERT_TRUE(with_best.ok());
      ASSERT_FALSE(with_best->empty());
      std::vector<Token> viterbi;
      unigram_internal::Lattice lattice;
      c.model->BuildLattice(c.text, lattice);
      lattice.AppendTokens(lattice.Viterbi().nodes, viterbi);
      EXPECT_EQ(TokensKey((*with_best)[0].tokens), TokensKey(viterbi));
      EXPECT_EQ((*with_best)[0].score, 0.0f);
      EXPECT_EQ(with_best->size(), std::min<size_t>(k, paths - 1));
    }
  }
}

TEST(UnigramReferenceTest, SamplingErrorsAndDeterminism) {
  std::mt19937 gen(31);
  auto model = RandomModel(gen);
  SamplingRng rng(1);
  std::vector<Token> out;
  EXPECT_FALSE(model->SampleEncode("abc", 513, 0.1f, rng, out).ok());
  EXPECT_FALSE(model->SampleEncode("abc", -1, NAN, rng, out).ok());
  EXPECT_FALSE(model->SampleEncodeAndScore("abc", 2, INFINITY, false, false, rng).ok());
  EXPECT_FALSE(model->SampleEncodeAndScore("", 2, 0.1f, false, false, rng).ok());
  EXPECT_FALSE(model->SampleEncodeAndScore("abc", 0, 0.1f, false, false, rng).ok());
  EXPECT_FALSE(model->SampleEncodeAndScore("abc", 2, 0.1f, false, true, rng).ok());
  EXPECT_TRUE(model->SampleEncode("", -1, 0.1f, rng, out).ok());
  EXPECT_TRUE(out.empty());

  auto fixed = UnigramModel::Create({{"<unk>", 0, PieceType::kUnknown},
                                     {"a", -2, PieceType::kNormal},
                                     {"b", -2, PieceType::kNormal},
                                     {"ab", -3, PieceType::kNormal},
                                     {"ba", -3, PieceType::kNormal},
                                     {"aba", -4, PieceType::kNormal}});
  ASSERT_TRUE(fixed.ok());
  const std::string text = "abababab";
  auto run = [&](uint64_t seed) {
    SamplingRng r(seed);
    std::vector<Token> all;
    for (int i = 0; i < 50; ++i) {
      EXPECT_TRUE((*fixed)->SampleEncode(text, -1, 0.2f, r, all).ok());
      EXPECT_TRUE((*fixed)->SampleEncode(text, 4, 0.2f, r, all).ok());
    }
    return TokensKey(all);
  };
  EXPECT_TRUE(run(42) == run(42));
  EXPECT_TRUE(run(42) != run(43));
}

TEST(UnigramReferenceTest, MergeUnknownRuns) {
  std::vector<Token> tokens = {{5, 0, 1}, {0, 1, 2}, {0, 2, 4}, {7, 4, 5}, {0, 5, 6}, {0, 6, 7}, {0, 7, 8}};
  MergeUnknownRuns(tokens, 1, 0);
  const std::vector<Token> expected = {{5, 0, 1}, {0, 1, 4}, {7, 4, 5}, {0, 5, 8}};
  ASSERT_EQ(tokens.size(), expected.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    EXPECT_EQ(tokens[i].id, expected[i].id);
    EXPECT_EQ(tokens[i].begin, expected[i].begin);
    EXPECT_EQ(tokens[i].end, expected[i].end);
  }
}

TEST(UnigramReferenceTest, CreateRejectsWhatSentencepieceRejects) {
  EXPECT_FALSE(UnigramModel::Create({{"a", -1, PieceType::kNormal}}).ok());  // no unk
  EXPECT_FALSE(UnigramModel::Create({{"<unk>", 0, PieceType::kUnknown},
                                     {"<u2>", 0, PieceType::kUnknown}}).ok());
  EXPECT_FALSE(UnigramModel::Create({{"<unk>", 0, PieceType::kUnknown}, {"", -1, PieceType::kNormal}}).ok());
  EXPECT_FALSE(UnigramModel::Create({{"<unk>", 0, PieceType::kUnknown},
                                     {"a", -1, PieceType::kNormal},
                                     {"a", -2, PieceType::kUserDefined}}).ok());
  // The same string may be both a reserved and a normal piece (two maps in sentencepiece).
  auto ok = UnigramModel::Create({{"<unk>", 0, PieceType::kUnknown},
                                  {"a", -1, PieceType::kNormal},
                                  {"a", 0, PieceType::kControl}});
  ASSERT_TRUE(ok.ok()) << ok.status();
  EXPECT_EQ((*ok)->PieceToId("a"), 2u);  // reserved first, as sentencepiece
  EXPECT_EQ((*ok)->PieceToId("zz"), 0u);
}

}  // namespace
}  // namespace tokenmill
