// The n-best without heap replay (Lattice::NBestWithoutReplay, and NBest / NBestUnordered
// that use it) against the plain replay of sentencepiece's A* (Lattice::NBestAStar), on
// random vocabularies whose scores come from a few values (so equal path scores, and equal
// search keys, are everywhere) or are continuous, and random texts, some long and repetitive
// enough to reach the A*'s 10,000-entry agenda limit.
#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/base/casts.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tokenizers/models/unigram/unigram_lattice.h"
#include "tokenizers/models/unigram/unigram_model.h"

namespace tokenmill {
namespace {

using unigram_internal::Lattice;

const std::vector<std::string> kLetters = {"a", "b", "c", "\xC3\xA9", "x"};  // "x": often unknown

std::unique_ptr<UnigramModel> RandomNBestModel(std::mt19937& gen, bool few_scores) {
  std::vector<UnigramPiece> pieces;
  pieces.push_back({"<unk>", 0.0f, PieceType::kUnknown});
  std::uniform_int_distribution<int> length(1, 4), letter(0, 3), kind(0, 29);
  std::uniform_int_distribution<int> step(1, 6);
  std::uniform_real_distribution<float> continuous(-9.0f, -0.5f);
  std::set<std::string> seen;
  const int count = std::uniform_int_distribution<int>(5, 16)(gen);
  while (static_cast<int>(pieces.size()) < count) {
    std::string piece;
    const int n = length(gen);
    for (int i = 0; i < n; ++i) piece += kLetters[letter(gen)];
    if (!seen.insert(piece).second) continue;
    const float score = few_scores ? -0.5f * static_cast<float>(step(gen)) : continuous(gen);
    const int k = kind(gen);
    pieces.push_back({piece, score, k == 0 ? PieceType::kUserDefined : PieceType::kNormal});
  }
  auto model = UnigramModel::Create(std::move(pieces));
  EXPECT_TRUE(model.ok()) << model.status();
  return std::move(*model);
}

// Random letters, or a short random word repeated (many equal-score alternatives).
std::string RandomRepetitiveText(std::mt19937& gen, int max_chars) {
  std::uniform_int_distribution<int> letter(0, static_cast<int>(kLetters.size()) - 1);
  const int n = std::uniform_int_distribution<int>(1, max_chars)(gen);
  std::string word;
  const bool repeat = std::uniform_int_distribution<int>(0, 2)(gen) == 0;
  const int word_chars = repeat ? std::uniform_int_distribution<int>(1, 4)(gen) : n;
  for (int i = 0; i < word_chars; ++i) word += kLetters[letter(gen)];
  std::string text;
  for (int i = 0; i < n; i += word_chars) text += word;
  return text;
}

using PathSet = std::multiset<std::tuple<std::vector<uint32_t>, float>>;
PathSet AsSet(const Lattice::FlatPaths& paths) {
  PathSet set;
  for (size_t i = 0; i < paths.size(); ++i) {
    const auto nodes = paths.path(i);
    set.emplace(std::vector<uint32_t>(nodes.begin(), nodes.end()), paths.scores[i]);
  }
  return set;
}

void ExpectSamePaths(const Lattice::FlatPaths& got, const Lattice::FlatPaths& want,
                     const std::string& where) {
  ASSERT_EQ(got.size(), want.size()) << where;
  EXPECT_EQ(got.nodes, want.nodes) << where;
  EXPECT_EQ(got.offsets, want.offsets) << where;
  for (size_t i = 0; i < want.size(); ++i) {
    // Bitwise: the same float sums in the same order.
    EXPECT_EQ(absl::bit_cast<uint32_t>(got.scores[i]), absl::bit_cast<uint32_t>(want.scores[i]))
        << where << " path " << i;
  }
}

struct Counts {
  int answered_ordered = 0, answered_unordered = 0, declined = 0;
};

void CheckAgainstAStar(Lattice& lattice, size_t n, const std::string& where, Counts& counts) {
  Lattice::FlatPaths want, got;
  lattice.NBestAStar(n, false, 0.0, nullptr, want);

  if (lattice.NBestWithoutReplay(n, true, &got)) {
    ++counts.answered_ordered;
    ExpectSamePaths(got, want, where + " ordered");
  }
  if (lattice.NBestWithoutReplay(n, false, &got)) {
    ++counts.answered_unordered;
    EXPECT_EQ(AsSet(got), AsSet(want)) << where << " unordered";
  } else {
    ++counts.declined;
  }
  lattice.NBest(n, false, 0.0, nullptr, got);
  ExpectSamePaths(got, want, where + " NBest");
  lattice.NBestUnordered(n, got);
  EXPECT_EQ(AsSet(got), AsSet(want)) << where << " NBestUnordered";

  // Scores with paths read on demand, as tokens.
  auto flat = [](const std::vector<Token>& tokens) {
    std::vector<uint32_t> v;
    for (const Token& t : tokens) v.insert(v.end(), {t.id, t.begin, t.end});
    return v;
  };
  std::multiset<std::tuple<std::vector<uint32_t>, float>> read, expected;
  for (size_t i = 0; i < want.size(); ++i) {
    std::vector<Token> tokens;
    lattice.AppendTokens(want.path(i), tokens);
    expected.emplace(flat(tokens), want.scores[i]);
  }
  for (const bool try_without_replay : {true, false}) {
    std::vector<float> scores;
    lattice.NBestScores(n, try_without_replay, scores);
    read.clear();
    for (size_t i = 0; i < scores.size(); ++i) {
      std::vector<Token> tokens;
      lattice.AppendNBestPath(i, tokens);
      read.emplace(flat(tokens), scores[i]);
    }
    EXPECT_EQ(read, expected) << where << " NBestScores " << try_without_replay;
  }
}

TEST(UnigramNBestTest, WithoutReplayMatchesAStarOnRandomLattices) {
  std::mt19937 gen(20261126);
  Counts counts;
  const std::vector<size_t> sizes = {2, 3, 5, 8, 64};
  for (int round = 0; round < 1500; ++round) {
    const bool few_scores = round % 3 != 0;
    auto model = RandomNBestModel(gen, few_scores);
    const std::string text = RandomRepetitiveText(gen, round % 10 == 0 ? 120 : 24);
    Lattice lattice;
    model->BuildLattice(text, lattice);
    const size_t n = sizes[static_cast<size_t>(round) % sizes.size()];
    CheckAgainstAStar(lattice, n, absl::StrCat("round ", round, " n ", n, " text ", text), counts);
    if (HasFailure()) return;
  }
  // Both branches are exercised: the fast path answers most cases, ties send some back.
  EXPECT_GT(counts.answered_ordered, 300);
  EXPECT_GT(counts.answered_unordered, counts.answered_ordered);
  EXPECT_GT(counts.declined, 50);
}

// Every string of one to three letters over {a, b} a piece, scores from a few values, and
// long texts: the A* pops tens of thousands of hypotheses and reaches its 10,000-entry agenda
// limit (then drops all but the best entries and rebuilds its heap). The fast path must
// decline whenever that could happen, and agree otherwise.
TEST(UnigramNBestTest, LongTextsNearTheAgendaLimit) {
  std::mt19937 gen(7);
  Counts counts;
  for (int round = 0; round < 16; ++round) {
    std::vector<UnigramPiece> pieces = {{"<unk>", 0.0f, PieceType::kUnknown}};
    std::uniform_int_distribution<int> step(1, 3);
    std::uniform_real_distribution<float> continuous(-6.0f, -0.5f);
    for (const std::string piece : {"a", "b", "aa", "ab", "ba", "bb", "aaa", "aab", "aba", "abb",
                                    "baa", "bab", "bba", "bbb"}) {
      const float score = round % 2 == 0 ? -0.25f * static_cast<float>(step(gen)) : continuous(gen);
      pieces.push_back({piece, score, PieceType::kNormal});
    }
    auto model = UnigramModel::Create(std::move(pieces));
    ASSERT_TRUE(model.ok()) << model.status();
    std::string text;
    std::uniform_int_distribution<int> letter(0, 1);
    const int length = 40 + 40 * round;
    const std::string word = round % 3 == 0 ? "ab" : "";
    while (static_cast<int>(text.size()) < length) text += word.empty() ? (letter(gen) ? "a" : "b") : word;
    Lattice lattice;
    (*model)->BuildLattice(text, lattice);
    for (const size_t n : {2, 8, 64}) {
      CheckAgainstAStar(lattice, n, absl::StrCat("round ", round, " n ", n), counts);
      if (HasFailure()) return;
    }
  }
  EXPECT_GT(counts.answered_ordered, 0);
  EXPECT_GT(counts.declined, 0);
}

}  // namespace
}  // namespace tokenmill
