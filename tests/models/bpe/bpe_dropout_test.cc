// BPE-dropout follows HF's policy (word.rs merge_all): every entry popped from the merge
// heap, stale ones included, is skipped with probability p; skipped entries go back after
// the next entry that is not skipped. Checked three ways: the boundary cases p = 0 and
// p = 1; draw-for-draw equality with a naive transcription of the policy; and the
// distribution of segmentations against the exact one, enumerated from the naive policy.
#include <cmath>
#include <functional>
#include <map>
#include <random>

#include "gtest/gtest.h"
#include "tokenizers/models/bpe/bpe.h"
#include "tests/models/bpe/bpe_fixtures.h"

namespace tokenmill {
namespace {

using bpe_testing::StringMerges;

// HF's policy written plainly: entries (rank, position) in a vector searched for the
// minimum, symbols as strings with an alive flag, neighbours found by walking.
std::vector<std::string> NaiveDropout(const StringMerges& merges, std::string_view word,
                                      const std::function<bool()>& skip) {
  std::map<std::pair<std::string, std::string>, size_t> rank_of;
  for (size_t i = 0; i < merges.size(); ++i) rank_of[merges[i]] = i;
  auto rank = [&](const std::string& a, const std::string& b) {
    auto it = rank_of.find({a, b});
    return it == rank_of.end() ? SIZE_MAX : it->second;
  };
  std::vector<std::string> symbols;
  for (char c : word) symbols.emplace_back(1, c);
  std::vector<bool> alive(symbols.size(), true);
  auto next_alive = [&](size_t i) {
    for (size_t j = i + 1; j < symbols.size(); ++j) {
      if (alive[j]) return j;
    }
    return SIZE_MAX;
  };
  auto prev_alive = [&](size_t i) {
    for (size_t j = i; j-- > 0;) {
      if (alive[j]) return j;
    }
    return SIZE_MAX;
  };
  using Entry = std::pair<size_t, size_t>;  // (rank, position)
  std::vector<Entry> heap, skipped;
  auto push_pair = [&](size_t i) {
    if (i == SIZE_MAX) return;
    const size_t j = next_alive(i);
    if (j == SIZE_MAX) return;
    const size_t r = rank(symbols[i], symbols[j]);
    if (r != SIZE_MAX) heap.push_back({r, i});
  };
  for (size_t i = 0; i + 1 < symbols.size(); ++i) push_pair(i);
  while (!heap.empty()) {
    auto top_it = std::min_element(heap.begin(), heap.end());
    const Entry top = *top_it;
    heap.erase(top_it);
    if (skip()) {
      skipped.push_back(top);
      continue;
    }
    heap.insert(heap.end(), skipped.begin(), skipped.end());
    skipped.clear();
    const size_t i = top.second;
    if (!alive[i]) continue;
    const size_t j = next_alive(i);
    if (j == SIZE_MAX || rank(symbols[i], symbols[j]) != top.first) continue;
    symbols[i] += symbols[j];
    alive[j] = false;
    push_pair(prev_alive(i));
    push_pair(i);
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (alive[i]) out.push_back(symbols[i]);
  }
  return out;
}

std::string Join(const std::vector<std::string>& tokens) {
  std::string s;
  for (const std::string& t : tokens) s += t + "|";
  return s;
}

std::vector<std::string> FastDropout(const Bpe& model, std::string_view word, DropoutRng& rng) {
  std::vector<Token> tokens;
  EXPECT_TRUE(model.Tokenize(word, tokens, rng).ok());
  std::vector<std::string> out;
  for (const Token& t : tokens) out.emplace_back(*model.IdToToken(t.id));
  return out;
}

struct MergeSetup {
  std::vector<std::string> vocab;
  StringMerges merges;
};

MergeSetup UnrelatedSetup() {  // HF's test_tokenize_with_and_without_dropout
  return {{"u", "n", "r", "e", "l", "a", "t", "d", "re", "at", "ed", "un", "ated", "rel",
           "related", "unrelated"},
          {{"r", "e"}, {"a", "t"}, {"e", "d"}, {"u", "n"}, {"at", "ed"}, {"re", "l"},
           {"rel", "ated"}, {"un", "related"}}};
}

// Repeated letters: overlapping pairs leave stale heap entries, which consume draws.
MergeSetup RunsSetup() {
  return {{"a", "b", "aa", "ab", "aaa", "aab", "aaaa"},
          {{"a", "a"}, {"a", "b"}, {"aa", "a"}, {"aa", "b"}, {"aa", "aa"}, {"a", "ab"}}};
}

std::unique_ptr<Bpe> Make(const MergeSetup& s, std::optional<float> dropout) {
  BpeOptions o;
  o.dropout = dropout;
  return bpe_testing::MakeBpe(bpe_testing::Numbered(s.vocab), s.merges, o);
}

TEST(BpeDropout, ZeroIsPlainBpeAndOneIsCharacters) {
  std::mt19937 rng(3);
  for (int trial = 0; trial < 40; ++trial) {
    auto [vocab, merges] = bpe_testing::RandomMerges("abc", 30, rng);
    MergeSetup setup{vocab, merges};
    auto plain = Make(setup, std::nullopt);
    auto zero = Make(setup, 0.0f);
    auto one = Make(setup, 1.0f);
    DropoutRng draws(trial);
    for (int w = 0; w < 20; ++w) {
      std::string word;
      for (size_t n = 1 + rng() % 60; n > 0; --n) word += "abc"[rng() % 3];
      const auto expected = bpe_testing::NaiveBpe(merges, word);
      EXPECT_EQ(FastDropout(*zero, word, draws), expected);
      EXPECT_EQ(bpe_testing::Pieces(*zero, word), bpe_testing::Pieces(*plain, word));
      std::vector<std::string> chars;
      for (char c : word) chars.emplace_back(1, c);
      EXPECT_EQ(FastDropout(*one, word, draws), chars);
      EXPECT_EQ(bpe_testing::Pieces(*one, word).size(), word.size());
    }
  }
}

// With the same generator the fast path and the naive policy see the same draws, so
// they must agree exactly, word after word (long words included).
TEST(BpeDropout, DrawForDrawEqualToNaivePolicy) {
  std::mt19937 rng(11);
  for (float p : {0.1f, 0.25f, 0.5f, 0.9f}) {
    for (int trial = 0; trial < 20; ++trial) {
      auto [vocab, merges] = bpe_testing::RandomMerges("ab", 25, rng);
      auto model = Make({vocab, merges}, p);
      DropoutRng fast_draws(trial), naive_draws(trial);
      for (int w = 0; w < 25; ++w) {
        std::string word;
        for (size_t n = 1 + rng() % 120; n > 0; --n) word += "ab"[rng() % 2];
        const auto fast = FastDropout(*model, word, fast_draws);
        const auto naive =
            NaiveDropout(merges, word, [&] { return naive_draws.NextFloat() < p; });
        ASSERT_EQ(fast, naive) << word << " p=" << p;
      }
    }
  }
}

// Exact distribution of the naive policy: explore every sequence of skip decisions.
std::map<std::string, double> ExactDistribution(const StringMerges& merges,
                                                std::string_view word, double p) {
  std::map<std::string, double> dist;
  std::vector<bool> prefix;
  std::function<void(double)> explore = [&](double probability) {
    size_t used = 0;
    bool exhausted = false;
    auto result = NaiveDropout(merges, word, [&] {
      if (used < prefix.size()) return static_cast<bool>(prefix[used++]);
      exhausted = true;
      return false;
    });
    if (!exhausted) {
      dist[Join(result)] += probability;
      return;
    }
    for (bool skip : {true, false}) {
      prefix.push_back(skip);
      explore(probability * (skip ? p : 1 - p));
      prefix.pop_back();
    }
  };
  explore(1.0);
  return dist;
}

// Upper tail of the chi-square distribution: Q(k/2, x/2) (regularized incomplete gamma,
// series below a+1, continued fraction above; Numerical Recipes 6.2).
double ChiSquareSurvival(double x, double dof) {
  const double a = dof / 2, z = x / 2;
  if (z <= 0) return 1.0;
  const double log_prefix = a * std::log(z) - z - std::lgamma(a);
  if (z < a + 1) {
    double term = 1.0 / a, sum = term;
    for (int n = 1; n < 10000 && term > sum * 1e-16; ++n) {
      term *= z / (a + n);
      sum += term;
    }
    return 1.0 - sum * std::exp(log_prefix);
  }
  double b = z + 1 - a, c = 1e300, d = 1 / b, h = d;
  for (int i = 1; i < 10000; ++i) {
    const double an = -i * (i - a);
    b += 2;
    d = an * d + b;
    d = std::fabs(d) < 1e-300 ? 1e-300 : d;
    c = b + an / c;
    c = std::fabs(c) < 1e-300 ? 1e-300 : c;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::fabs(delta - 1) < 1e-15) break;
  }
  return std::exp(log_prefix) * h;
}

TEST(BpeDropout, ChiSquareHelperIsRight) {
  EXPECT_NEAR(ChiSquareSurvival(3.841458820694124, 1), 0.05, 1e-9);
  EXPECT_NEAR(ChiSquareSurvival(18.307038053275146, 10), 0.05, 1e-9);
  EXPECT_NEAR(ChiSquareSurvival(2.0, 4), 0.7357588823428847, 1e-9);
}

// The fast sampler's segmentation frequencies against the exact probabilities: a
// chi-square goodness-of-fit test at alpha = 1e-6 (fixed seeds, so it is deterministic;
// a correct sampler would fail it for one seed in a million).
TEST(BpeDropout, DistributionMatchesHfPolicy) {
  constexpr int kSamples = 100000;
  constexpr double kAlpha = 1e-6;
  struct Run {
    MergeSetup setup;
    std::string word;
    float p;
  };
  // p on the 2^-24 grid of the float draw, so P(skip) is exactly p.
  for (const Run& run : {Run{UnrelatedSetup(), "unrelated", 0.5f},
                         Run{UnrelatedSetup(), "unrelated", 0.25f},
                         Run{RunsSetup(), "aaaaab", 0.5f}, Run{RunsSetup(), "aabaaa", 0.125f}}) {
    const auto exact = ExactDistribution(run.setup.merges, run.word, run.p);
    double total = 0;
    for (const auto& [seg, prob] : exact) total += prob;
    ASSERT_NEAR(total, 1.0, 1e-9);
    ASSERT_GE(exact.size(), 3u) << "too few outcomes to test";

    auto model = Make(run.setup, run.p);
    DropoutRng draws(12345);
    std::map<std::string, int> counts;
    for (int i = 0; i < kSamples; ++i) ++counts[Join(FastDropout(*model, run.word, draws))];
    for (const auto& [seg, count] : counts) {
      ASSERT_TRUE(exact.count(seg)) << "impossible segmentation " << seg;
    }
    // Bins: outcomes from least to most likely, pooled until each expects >= 5.
    std::vector<std::pair<double, std::string>> by_probability;
    for (const auto& [seg, prob] : exact) by_probability.push_back({prob, seg});
    std::sort(by_probability.begin(), by_probability.end());
    std::vector<std::pair<double, double>> bins;  // (expected, observed)
    std::pair<double, double> open = {0, 0};
    for (const auto& [prob, seg] : by_probability) {
      open.first += prob * kSamples;
      open.second += counts.count(seg) ? counts[seg] : 0;
      if (open.first >= 5) {
        bins.push_back(open);
        open = {0, 0};
      }
    }
    ASSERT_GE(bins.size(), 2u);
    bins.back().first += open.first;
    bins.back().second += open.second;
    double chi2 = 0;
    for (const auto& [expected, observed] : bins) {
      chi2 += (observed - expected) * (observed - expected) / expected;
    }
    const int bin_count = static_cast<int>(bins.size());
    const double p_value = ChiSquareSurvival(chi2, bin_count - 1);
    EXPECT_GT(p_value, kAlpha) << run.word << " p=" << run.p << " chi2=" << chi2
                               << " bins=" << bin_count;
  }
}

}  // namespace
}  // namespace tokenmill
