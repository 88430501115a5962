// SegmentedNBest (the n-best set that sampling among the n-best draws from, found segment by
// segment without the lattice) against the lattice replay of sentencepiece's A*
// (Lattice::NBestAStar): whenever it decides, the same set of paths, with the same scores
// where it reports sentencepiece's float score and within rounding elsewhere; ordered (what
// NBestEncode uses), the same list in the same order with bit-identical scores. Random
// vocabularies over a few letters with words separated by an unknown space (many segments),
// scores from a few values (equal path scores everywhere) or continuous; the bundled
// SentencePiece model on the dev corpus, where it must decide nearly always; long texts.
#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "tests/models/unigram/chi_square.h"
#include "tests/testing/test_data.h"
#include "tokenizers/models/unigram/segmented_nbest.h"
#include "tokenizers/models/unigram/unigram_lattice.h"
#include "tokenizers/models/unigram/unigram_model.h"
#include "tokenizers/models/unigram/unigram_model_proto.h"
#include "tokenizers/sentencepiece/model_file.h"
#include "tokenizers/sentencepiece/sentencepiece_normalizer.h"

namespace tokenmill {
namespace {

using unigram_internal::Lattice;
using unigram_internal::SegmentedNBest;
using TokenKey = std::vector<uint32_t>;

TokenKey Key(const std::vector<Token>& tokens) {
  TokenKey key;
  for (const Token& t : tokens) key.insert(key.end(), {t.id, t.begin, t.end});
  return key;
}

struct Tally {
  int decided = 0, declined = 0, ties = 0, with_level_checks = 0, ordered = 0;
};

// The A*'s paths, in its order, as token sequences with float scores.
std::vector<std::pair<TokenKey, float>> AStarList(const UnigramModel& model,
                                                  const std::string& text, size_t n) {
  Lattice lattice;
  model.BuildLattice(text, lattice);
  Lattice::FlatPaths paths;
  lattice.NBestAStar(n, false, 0.0, nullptr, paths);
  std::vector<std::pair<TokenKey, float>> list;
  for (size_t i = 0; i < paths.size(); ++i) {
    std::vector<Token> tokens;
    lattice.AppendTokens(paths.path(i), tokens);
    list.emplace_back(Key(tokens), paths.scores[i]);
  }
  return list;
}

std::map<TokenKey, float> AStarPaths(const UnigramModel& model, const std::string& text, size_t n) {
  std::map<TokenKey, float> result;
  for (auto& [key, score] : AStarList(model, text, n)) {
    EXPECT_TRUE(result.emplace(key, score).second) << "duplicate A* path";
  }
  return result;
}

// With `ordered`, the list itself: sentencepiece's order and its float scores, bit for bit.
void ExpectSameList(const UnigramModel& model, const std::string& text, size_t n,
                    const std::string& where, int& decided) {
  SegmentedNBest search;
  if (model.SearchNBestBySegments(text, n, search, /*ordered=*/true) !=
      SegmentedNBest::Outcome::kFound) {
    return;
  }
  ++decided;
  const auto want = AStarList(model, text, n);
  ASSERT_EQ(search.scores().size(), want.size()) << where;
  for (size_t i = 0; i < want.size(); ++i) {
    std::vector<Token> tokens;
    search.AppendPath(i, tokens);
    EXPECT_EQ(Key(tokens), want[i].first) << where << " path " << i;
    EXPECT_EQ(search.scores()[i], want[i].second) << where << " path " << i;
  }
}

// After a tie at the n-th place: the A*'s list starts with the paths found (those above the
// tied level, in some order), and the rest of it are tie_slots() paths whose scores are among
// tie_scores().
void ExpectTieSplit(const UnigramModel& model, const std::string& text, size_t n,
                    SegmentedNBest& search, const std::string& where) {
  const auto want = AStarList(model, text, n);
  const size_t sure = search.scores().size();
  ASSERT_EQ(want.size(), n) << where;
  ASSERT_EQ(sure + search.tie_slots(), n) << where;
  std::map<TokenKey, float> head;
  for (size_t i = 0; i < sure; ++i) head.emplace(want[i].first, want[i].second);
  for (size_t i = 0; i < sure; ++i) {
    std::vector<Token> tokens;
    search.AppendPath(i, tokens);
    auto it = head.find(Key(tokens));
    ASSERT_NE(it, head.end()) << where << ": sure path " << i << " is not among the A*'s first " << sure;
    EXPECT_NEAR(search.scores()[i], it->second, 1e-5 * (1.0 + std::abs(it->second))) << where;
  }
  std::multiset<float> tied(search.tie_scores().begin(), search.tie_scores().end());
  EXPECT_GT(tied.size(), search.tie_slots()) << where;
  for (size_t i = sure; i < n; ++i) {
    auto it = tied.find(want[i].second);
    ASSERT_NE(it, tied.end()) << where << ": A* path " << i << " scores " << want[i].second
                              << ", not one of the tied scores";
    tied.erase(it);
  }
}

void ExpectSameSet(const UnigramModel& model, const std::string& text, size_t n,
                   const std::string& where, Tally& tally) {
  SegmentedNBest search;
  const SegmentedNBest::Outcome outcome = model.SearchNBestBySegments(text, n, search);
  if (outcome != SegmentedNBest::Outcome::kFound) {
    ++tally.declined;
    if (outcome == SegmentedNBest::Outcome::kTie) {
      ++tally.ties;
      ExpectTieSplit(model, text, n, search, where);
    }
    return;
  }
  ++tally.decided;
  const std::map<TokenKey, float> want = AStarPaths(model, text, n);
  ASSERT_EQ(search.scores().size(), want.size()) << where;
  bool exact_scores = false;
  for (size_t i = 0; i < search.scores().size(); ++i) {
    std::vector<Token> tokens;
    search.AppendPath(i, tokens);
    auto it = want.find(Key(tokens));
    ASSERT_NE(it, want.end()) << where << ": path " << i << " is not among the A*'s";
    const float got = search.scores()[i];
    exact_scores |= got == it->second;
    EXPECT_NEAR(got, it->second, 1e-5 * (1.0 + std::abs(it->second))) << where << " path " << i;
  }
  if (exact_scores) ++tally.with_level_checks;
}

// Pieces over {a, b, é}; "x" and the space are never pieces (unknown, and the space cuts the
// lattice into words).
std::unique_ptr<UnigramModel> WordModel(std::mt19937& gen, bool few_scores) {
  const std::vector<std::string> letters = {"a", "b", "\xC3\xA9"};
  std::vector<UnigramPiece> pieces = {{"<unk>", 0.0f, PieceType::kUnknown}};
  std::uniform_int_distribution<int> length(1, 4), letter(0, 2), step(1, 4), kind(0, 19);
  std::uniform_real_distribution<float> continuous(-8.0f, -0.5f);
  std::set<std::string> seen;
  const int count = std::uniform_int_distribution<int>(6, 24)(gen);
  while (static_cast<int>(pieces.size()) < count) {
    std::string piece;
    for (int i = length(gen); i > 0; --i) piece += letters[letter(gen)];
    if (!seen.insert(piece).second) continue;
    const float score = few_scores ? -0.5f * static_cast<float>(step(gen)) : continuous(gen);
    pieces.push_back({piece, score, kind(gen) == 0 ? PieceType::kUserDefined : PieceType::kNormal});
  }
  auto model = UnigramModel::Create(std::move(pieces));
  EXPECT_TRUE(model.ok()) << model.status();
  return std::move(*model);
}

// Words of 1-6 letters separated by spaces, some of them repeated (equal alternatives).
std::string WordText(std::mt19937& gen, int words) {
  const std::vector<std::string> letters = {"a", "b", "\xC3\xA9", "x"};
  std::uniform_int_distribution<int> length(1, 6), letter(0, 3), repeat(0, 3);
  std::vector<std::string> used;
  std::string text;
  for (int w = 0; w < words; ++w) {
    std::string word;
    if (!used.empty() && repeat(gen) == 0) {
      word = used[std::uniform_int_distribution<size_t>(0, used.size() - 1)(gen)];
    } else {
      for (int i = length(gen); i > 0; --i) word += letters[letter(gen) % (w % 5 == 0 ? 4 : 3)];
      used.push_back(word);
    }
    if (w > 0) text += " ";
    text += word;
  }
  return text;
}

TEST(SegmentedNBestTest, SameSetAsTheAStarOnRandomVocabularies) {
  std::mt19937 gen(20261127);
  Tally tally;
  const std::vector<size_t> sizes = {2, 3, 8, 64};
  for (int round = 0; round < 1200; ++round) {
    const bool few_scores = round % 2 == 0;
    auto model = WordModel(gen, few_scores);
    const std::string text = WordText(gen, round % 8 == 0 ? 40 : 1 + round % 7);
    const size_t n = sizes[static_cast<size_t>(round) % sizes.size()];
    ExpectSameSet(*model, text, n, absl::StrCat("round ", round, " n ", n, " text ", text), tally);
    ExpectSameList(*model, text, n, absl::StrCat("ordered, round ", round, " n ", n, " text ", text),
                   tally.ordered);
    if (HasFailure()) return;
  }
  // Every outcome happens, and float levels were needed to decide some.
  std::printf("decided %d (float levels in %d), declined %d (ties %d); ordered decided %d\n",
              tally.decided, tally.with_level_checks, tally.declined, tally.ties, tally.ordered);
  EXPECT_GT(tally.ordered, 300);
  EXPECT_GT(tally.decided, 400);
  EXPECT_GT(tally.with_level_checks, 50);
  EXPECT_GT(tally.ties, 10);
  EXPECT_GT(tally.declined, tally.ties);
}

struct RealModel {
  std::unique_ptr<UnigramModel> model;
  std::vector<std::string> lines;  // the dev corpus, normalized
};

RealModel LoadRealModel() {
  RealModel real;
  const std::optional<std::string> shared = testing::SharedDir();
  const std::string model_path = shared ? *shared + "/vocab/spm/unigram_8k.model"
                                        : testing::SourceDir() + "/tests/data/spm/unigram_8k.model";
  auto proto = LoadSentencePieceModel(model_path);
  EXPECT_TRUE(proto.ok()) << proto.status();
  if (!proto.ok()) return real;
  auto model = UnigramModelFromProto(*proto);
  EXPECT_TRUE(model.ok()) << model.status();
  auto normalizer = SentencePieceNormalizer::FromSpec(proto->normalizer_spec(), false);
  EXPECT_TRUE(normalizer.ok()) << normalizer.status();
  auto lines = testing::ReadJsonLines(testing::DataDirFor("corpus/dev.jsonl"));
  EXPECT_TRUE(lines.ok()) << lines.status();
  if (!model.ok() || !normalizer.ok() || !lines.ok()) return real;
  real.model = std::move(*model);
  for (const nlohmann::json& line : *lines) {
    std::string text = normalizer->Normalize(line["text"].get<std::string>());
    if (!text.empty()) real.lines.push_back(std::move(text));
  }
  return real;
}

TEST(SegmentedNBestTest, DecidesNearlyAlwaysOnRealText) {
  const RealModel real = LoadRealModel();
  ASSERT_NE(real.model, nullptr);
  Tally tally;
  size_t checked = 0;
  for (size_t i = 0; i < real.lines.size() && checked < 300; i += 3, ++checked) {
    for (const size_t n : {2, 8, 64}) {
      ExpectSameSet(*real.model, real.lines[i], n, absl::StrCat("dev line ", i + 1, " n ", n), tally);
      ExpectSameList(*real.model, real.lines[i], n, absl::StrCat("ordered, dev line ", i + 1, " n ", n),
                     tally.ordered);
      if (HasFailure()) return;
    }
  }
  std::printf("decided %d, declined %d, float levels needed in %d; ordered decided %d\n",
              tally.decided, tally.declined, tally.with_level_checks, tally.ordered);
  EXPECT_GE(tally.ordered, 6 * (tally.decided + tally.declined) / 10);  // equal levels in the list decline
  EXPECT_GE(tally.decided, 9 * (tally.decided + tally.declined) / 10);
}

// Sampling among the n-best where the n-th place is tied (the draw decides between the paths
// above the tie and the tied ones before it knows which tied ones sentencepiece takes): every
// draw is a path of the A*'s list, and the draws follow exp(alpha · score) over that list
// (Pearson χ², failing below p = 1e-6 per line and summed; fixed seed, so deterministic).
TEST(SegmentedNBestTest, SamplingAcrossTiesFollowsTheAStarList) {
  const RealModel real = LoadRealModel();
  ASSERT_NE(real.model, nullptr);
  constexpr int kSamples = 1500;
  constexpr size_t kLinesPerSize = 12;
  SamplingRng rng(7);
  double combined_x2 = 0;
  int combined_df = 0;
  for (const size_t n : {2, 8}) {
    for (const float alpha : {0.1f, 0.5f}) {
      size_t lines = 0;
      for (size_t i = 0; i < real.lines.size() && lines < kLinesPerSize; ++i) {
        const std::string& text = real.lines[i];
        SegmentedNBest search;
        if (text.size() > 400 ||
            real.model->SearchNBestBySegments(text, n, search) != SegmentedNBest::Outcome::kTie) {
          continue;
        }
        ++lines;
        const std::string where = absl::StrCat("dev line ", i + 1, " n ", n, " alpha ", alpha);
        const auto list = AStarList(*real.model, text, n);
        // Weights relative to the best path's: exp(alpha · score) itself underflows.
        auto weight = [&](float score) {
          return std::exp(static_cast<double>(alpha) * (static_cast<double>(score) - list[0].second));
        };
        double total = 0;
        for (const auto& [key, score] : list) total += weight(score);
        absl::flat_hash_map<std::string, double> probs;
        for (const auto& [key, score] : list) probs[absl::StrJoin(key, " ")] += weight(score) / total;
        absl::flat_hash_map<std::string, int> counts;
        for (int draw = 0; draw < kSamples; ++draw) {
          std::vector<Token> tokens;
          ASSERT_TRUE(real.model->SampleEncode(text, static_cast<int>(n), alpha, rng, tokens).ok());
          const std::string key = absl::StrJoin(Key(tokens), " ");
          ASSERT_TRUE(probs.contains(key)) << where << ": drew a path outside the A*'s list";
          ++counts[key];
        }
        const testing::ChiSquareResult r = testing::ChiSquareTest(probs, counts, kSamples);
        EXPECT_GT(r.p_value, 1e-6) << where << ": X2 " << r.x2 << " df " << r.df;
        combined_x2 += r.x2;
        combined_df += r.df;
      }
      EXPECT_EQ(lines, kLinesPerSize) << "n " << n << ": too few tied dev lines";
    }
  }
  ASSERT_GT(combined_df, 0);
  EXPECT_GT(testing::ChiSquareSurvival(combined_x2, combined_df), 1e-6)
      << "X2 " << combined_x2 << " df " << combined_df;
}

// Dev lines joined into texts of 2-40 KB (sentencepiece's agenda limit comes into play: the
// search must decline whenever it could drop a path it needs), and a 1 MB text sampled in one
// call, its tokens covering it end to end.
TEST(SegmentedNBestTest, LongTexts) {
  const RealModel real = LoadRealModel();
  ASSERT_NE(real.model, nullptr);
  Tally tally;
  size_t next = 0;
  for (const size_t target : {2000, 5000, 10000, 20000, 40000}) {
    std::string text;
    while (text.size() < target) text += real.lines[next++ % real.lines.size()];
    for (const size_t n : {2, 8, 64}) {
      ExpectSameSet(*real.model, text, n, absl::StrCat(text.size(), " bytes, n ", n), tally);
      if (HasFailure()) return;
    }
  }
  std::printf("long texts: decided %d, declined %d (ties %d)\n", tally.decided, tally.declined,
              tally.ties);
  EXPECT_GT(tally.decided, 0);

  std::string huge;
  while (huge.size() < 1000000) huge += real.lines[next++ % real.lines.size()];
  SamplingRng rng(3);
  std::vector<Token> tokens;
  ASSERT_TRUE(real.model->SampleEncode(huge, 8, 0.1f, rng, tokens).ok());
  ASSERT_FALSE(tokens.empty());
  EXPECT_EQ(tokens.front().begin, 0u);
  EXPECT_EQ(tokens.back().end, huge.size());
  for (size_t i = 1; i < tokens.size(); ++i) ASSERT_EQ(tokens[i].begin, tokens[i - 1].end);
}

}  // namespace
}  // namespace tokenmill
