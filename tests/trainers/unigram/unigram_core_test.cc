// The shared Unigram training core against naive references: the suffix-tree enumeration
// against brute-force substring counting, the lattice's marginals and Viterbi path against
// enumerating every segmentation, and the E-step's independence from the number of threads.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "gtest/gtest.h"
#include "tokenizers/trainers/unigram/repeated_substrings.h"
#include "tokenizers/trainers/unigram/training_lattice.h"
#include "tokenizers/trainers/unigram/unigram_em.h"

namespace tokenmill::unigram_training {
namespace {

std::vector<std::string> Chars(const std::string& s) {
  std::vector<std::string> out;
  for (size_t i = 0; i < s.size();) {
    const unsigned char b = s[i];
    const size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string RandomText(std::mt19937& rng, size_t chars) {
  static const std::vector<std::string> alphabet = {"a", "b", "c", "\xC3\xA9", "\xE2\x96\x81",
                                                    "\xF0\x9F\x98\x80", std::string(1, '\0')};
  std::discrete_distribution<int> pick({5, 4, 3, 2, 2, 1, 1});
  std::string text;
  for (size_t i = 0; i < chars; ++i) text += alphabet[pick(rng)];
  return text;
}

// Internal nodes by brute force: substrings (in characters) occurring at least twice whose
// occurrences do not all continue with the same character.
std::map<std::string, uint32_t> NaiveNodes(const std::string& text, uint32_t max_chars) {
  const std::vector<std::string> c = Chars(text);
  std::map<std::string, std::vector<size_t>> occurrences;
  for (size_t i = 0; i < c.size(); ++i) {
    std::string s;
    for (size_t len = 1; len <= max_chars + 1 && i + len <= c.size(); ++len) {
      s += c[i + len - 1];
      occurrences[s].push_back(i + len);  // where the occurrence ends
    }
  }
  std::map<std::string, uint32_t> nodes;
  for (const auto& [s, ends] : occurrences) {
    const size_t len = Chars(s).size();
    if (len < 2 || len > max_chars || ends.size() < 2) continue;
    std::set<std::string> next;
    for (size_t e : ends) next.insert(e < c.size() ? c[e] : std::string("<end>"));
    if (next.size() > 1 || next.count("<end>")) nodes[s] = static_cast<uint32_t>(ends.size());
  }
  return nodes;
}

TEST(RepeatedSubstringsTest, SameNodesAsBruteForce) {
  std::mt19937 rng(7);
  for (int round = 0; round < 60; ++round) {
    const std::string text = RandomText(rng, 5 + rng() % 120);
    const uint32_t max_chars = 2 + rng() % 6;
    std::map<std::string, uint32_t> got;
    uint64_t last_index = 0;
    bool first = true;
    ASSERT_TRUE(ForEachRepeatedSubstring(text, max_chars, [&](const RepeatedSubstring& n) {
                  EXPECT_TRUE(first || n.node_index > last_index);  // reported in node order
                  first = false;
                  last_index = n.node_index;
                  const std::string s = text.substr(n.byte_offset, n.byte_length);
                  EXPECT_EQ(Chars(s).size(), n.char_length);
                  EXPECT_TRUE(got.emplace(s, n.frequency).second) << "twice: " << s;
                }).ok());
    EXPECT_EQ(got, NaiveNodes(text, max_chars)) << "round " << round;
  }
}

// Over a text of distinct words (each followed by NUL, or by a second word end) with
// weights, a node's frequency is its count in the corpus the words stand for: the sum over
// words of count × occurrences in it. The nodes without a word end are the text's own, in
// the full suffix array's order, however small the buckets the suffixes are sorted in, and
// the LCP threads change nothing.
TEST(RepeatedSubstringsTest, WeightedWordTextCountsAsTheCorpus) {
  std::mt19937 rng(11);
  for (int round = 0; round < 60; ++round) {
    const char word_end = round % 2 ? '\x01' : '\0';
    std::set<std::string> distinct;
    while (distinct.size() < 2 + rng() % 12) {
      std::string word = RandomText(rng, 1 + rng() % 8);
      std::erase(word, '\0');
      if (!word.empty()) distinct.insert(word);
    }
    std::string text;
    std::vector<uint32_t> starts;
    std::vector<uint64_t> counts;
    for (const std::string& word : distinct) {
      starts.push_back(static_cast<uint32_t>(text.size()));
      counts.push_back(1 + rng() % 5);
      text += word + (rng() % 2 ? word_end : '\0');
    }
    auto has_end = [&](const std::string& s) {
      return s.find('\0') != std::string::npos ||
             (word_end != '\0' && s.find(word_end) != std::string::npos);
    };
    WordTextWeights weights;
    weights.word_end = word_end;
    weights.of_suffix = [&](uint32_t offset) {
      return counts[std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin() - 1];
    };
    const uint32_t max_chars = 2 + rng() % 6;
    std::map<std::string, uint64_t> want;
    for (const auto& [node, unweighted] : NaiveNodes(text, max_chars)) {
      if (has_end(node)) continue;
      uint64_t n = 0;
      size_t w = 0;
      for (const std::string& word : distinct) {
        for (size_t at = word.find(node); at != std::string::npos; at = word.find(node, at + 1)) {
          n += counts[w];
        }
        ++w;
      }
      want[node] = n;
    }
    // The order of those nodes over the full suffix array (unweighted).
    std::vector<std::string> want_order;
    ASSERT_TRUE(ForEachRepeatedSubstring(text, max_chars, [&](const RepeatedSubstring& n) {
                  const std::string s = text.substr(n.byte_offset, n.byte_length);
                  if (!has_end(s)) want_order.push_back(s);
                }).ok());
    for (const size_t bucket : {size_t{1} << 22, size_t{1}, size_t{5}}) {
      weights.bucket_suffixes = bucket;
      for (const int threads : {1, 3}) {
        std::map<std::string, uint64_t> got;
        std::vector<std::string> order;
        uint64_t last_index = 0;
        ASSERT_TRUE(ForEachRepeatedSubstring(
                        text, max_chars,
                        [&](const RepeatedSubstring& n) {
                          EXPECT_TRUE(order.empty() || n.node_index > last_index);
                          last_index = n.node_index;
                          const std::string s = text.substr(n.byte_offset, n.byte_length);
                          if (has_end(s)) return;
                          got.emplace(s, n.frequency);
                          order.push_back(s);
                        },
                        threads, &weights)
                        .ok());
        EXPECT_EQ(got, want) << "round " << round << ", bucket " << bucket << ", threads "
                             << threads;
        EXPECT_EQ(order, want_order) << "round " << round << ", bucket " << bucket;
      }
    }
  }
}

// A small vocabulary where several segmentations compete, plus a character no piece covers.
PieceModel<double> SmallModel() {
  PieceModel<double> model;
  const ScoredPieces<double> pieces = {{"a", -2.0}, {"b", -2.5}, {"ab", -3.0}, {"ba", -3.5},
                                       {"aba", -4.0}, {"c", -3.0}, {"bab", -4.5}};
  EXPECT_TRUE(model.Set(pieces).ok());
  return model;
}

// Every segmentation of `word` into pieces (ids; -1 where no one-character piece: unknown).
void Segmentations(const std::vector<std::string>& c, size_t pos, const PieceModel<double>& m,
                   std::vector<std::pair<uint32_t, double>>& path,
                   std::vector<std::vector<std::pair<uint32_t, double>>>& out) {
  if (pos == c.size()) {
    out.push_back(path);
    return;
  }
  std::string s;
  bool single = false;
  for (size_t end = pos + 1; end <= c.size(); ++end) {
    s += c[end - 1];
    for (size_t id = 0; id < m.size(); ++id) {
      if (m.pieces()[id].first != s) continue;
      single |= end == pos + 1;
      path.emplace_back(static_cast<uint32_t>(id), m.pieces()[id].second);
      Segmentations(c, end, m, path, out);
      path.pop_back();
    }
  }
  if (!single) {
    path.emplace_back(0, m.unk_score());
    Segmentations(c, pos + 1, m, path, out);
    path.pop_back();
  }
}

TEST(TrainingLatticeTest, MarginalsAndViterbiMatchEnumeration) {
  const PieceModel<double> model = SmallModel();
  std::mt19937 rng(3);
  TrainingLattice<double> lattice;
  for (int round = 0; round < 200; ++round) {
    std::string word;
    for (size_t n = 1 + rng() % 9; n > 0; --n) word += "abcd"[rng() % 4];
    std::vector<std::vector<std::pair<uint32_t, double>>> all;
    std::vector<std::pair<uint32_t, double>> path;
    Segmentations(Chars(word), 0, model, path, all);
    double z = 0, best = -1e300;
    std::vector<double> want(model.size(), 0.0);
    std::vector<uint32_t> best_ids;
    for (const auto& seg : all) {
      double score = 0;
      for (const auto& [id, s] : seg) score += s;
      z += std::exp(score);
      if (score > best + 1e-12) {
        best = score;
        best_ids.clear();
        for (const auto& [id, s] : seg) best_ids.push_back(id);
      }
    }
    for (const auto& seg : all) {
      double score = 0;
      for (const auto& [id, s] : seg) score += s;
      for (const auto& [id, s] : seg) want[id] += 3.0 * std::exp(score) / z;
    }
    lattice.Build(word, model);
    std::vector<double> got(model.size(), 0.0);
    const double log_z = lattice.AddMarginals(3.0, got);
    EXPECT_NEAR(log_z, std::log(z), 1e-9) << word;
    for (size_t id = 0; id < model.size(); ++id) EXPECT_NEAR(got[id], want[id], 1e-9) << word;
    std::vector<uint32_t> viterbi;
    for (uint32_t node : lattice.Viterbi()) viterbi.push_back(lattice.nodes()[node].id);
    double viterbi_score = 0;
    for (uint32_t node : lattice.Viterbi()) viterbi_score += lattice.nodes()[node].score;
    EXPECT_NEAR(viterbi_score, best, 1e-9) << word;
  }
}

TEST(ExpectedCountsTest, SameBitsWhateverTheThreadCount) {
  std::mt19937 rng(11);
  std::vector<std::string> storage;
  for (int i = 0; i < 3000; ++i) {
    std::string w;
    for (size_t n = 1 + rng() % 12; n > 0; --n) w += "abc"[rng() % 3];
    storage.push_back(w);
  }
  Words words;
  for (const std::string& w : storage) words.emplace_back(w, 1 + rng() % 50);
  PieceModel<float> model;
  ScoredPieces<float> pieces;
  for (const char* p : {"a", "b", "c", "ab", "ba", "abc", "cab", "bb", "aab"}) {
    pieces.emplace_back(p, -1.0f - static_cast<float>(pieces.size()) * 0.37f);
  }
  ASSERT_TRUE(model.Set(pieces).ok());
  EmOptions options;
  options.stripes = 7;
  options.threads = 1;
  const std::vector<float> one = ExpectedCounts(model, words, options);
  for (int threads : {2, 3, 7}) {
    options.threads = threads;
    const std::vector<float> many = ExpectedCounts(model, words, options);
    ASSERT_EQ(one.size(), many.size());
    for (size_t i = 0; i < one.size(); ++i) EXPECT_EQ(one[i], many[i]) << threads << " threads";
  }
  options.threads = 2;
  const ScoredPieces<float> pruned_a = PrunePieces(model, words, options);
  options.threads = 5;
  const ScoredPieces<float> pruned_b = PrunePieces(model, words, options);
  EXPECT_EQ(pruned_a, pruned_b);
}

}  // namespace
}  // namespace tokenmill::unigram_training
