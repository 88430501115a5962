// The shared PiecesFromMatches against a literal port of HF's fold (PiecesFromRuns, from
// normalizer.rs `split`) on random delimiter sets shaped like a regex engine's output.
#include <random>

#include "gtest/gtest.h"
#include "tokenizers/pre_tokenizers/split_behavior.h"

namespace tokenmill {
namespace {

constexpr SplitBehavior kAllBehaviors[] = {
    SplitBehavior::kRemoved, SplitBehavior::kIsolated, SplitBehavior::kMergedWithPrevious,
    SplitBehavior::kMergedWithNext, SplitBehavior::kContiguous};

// HF's find_matches cover: gaps (non-delimiters) between the matches.
std::vector<DelimiterRun> Cover(uint32_t length, const std::vector<Match>& matches) {
  std::vector<DelimiterRun> runs;
  uint32_t previous = 0;
  for (const Match& m : matches) {
    if (previous != m.begin) runs.push_back({previous, m.begin, false});
    runs.push_back({m.begin, m.end, true});
    previous = m.end;
  }
  if (previous != length) runs.push_back({previous, length, false});
  return runs;
}

std::vector<Match> NonEmpty(const std::vector<Match>& pieces) {
  std::vector<Match> out;
  for (const Match& p : pieces) {
    if (p.begin < p.end) out.push_back(p);
  }
  return out;
}

// Matches as find_iter yields them: ordered, non-overlapping, possibly touching, and an
// empty match never right at the end of the previous match.
std::vector<Match> RandomMatches(std::mt19937& rng, uint32_t length) {
  std::vector<Match> matches;
  uint32_t pos = 0;
  int64_t last_end = -1;
  while (pos <= length) {
    const uint32_t begin = pos + rng() % 3;
    if (begin > length) break;
    const uint32_t end = std::min(length, begin + static_cast<uint32_t>(rng() % 3));
    if (begin == end && static_cast<int64_t>(end) == last_end) {
      pos = begin + 1;
      continue;
    }
    matches.push_back({begin, end});
    last_end = end;
    pos = begin == end ? end + 1 : end;
  }
  return matches;
}

TEST(SplitBehaviorTest, PiecesFromMatchesAgreesWithHfFold) {
  std::mt19937 rng(20240601);
  for (int trial = 0; trial < 20000; ++trial) {
    const uint32_t length = rng() % 12;
    const std::vector<Match> matches = RandomMatches(rng, length);
    for (SplitBehavior behavior : kAllBehaviors) {
      std::vector<Match> fast, reference;
      PiecesFromMatches(length, matches, behavior, fast);
      PiecesFromRuns(Cover(length, matches), behavior, reference);
      const auto a = NonEmpty(fast), b = NonEmpty(reference);
      ASSERT_EQ(a.size(), b.size()) << "trial " << trial << " " << SplitBehaviorName(behavior);
      for (size_t i = 0; i < a.size(); ++i) {
        ASSERT_EQ(a[i].begin, b[i].begin) << "trial " << trial << " piece " << i;
        ASSERT_EQ(a[i].end, b[i].end) << "trial " << trial << " piece " << i;
      }
    }
  }
}

TEST(SplitBehaviorTest, NamesRoundTripAndUnknownNameFails) {
  for (SplitBehavior behavior : kAllBehaviors) {
    auto parsed = ParseSplitBehavior(SplitBehaviorName(behavior));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, behavior);
  }
  EXPECT_EQ(SplitBehaviorName(SplitBehavior::kMergedWithNext), "MergedWithNext");
  EXPECT_FALSE(ParseSplitBehavior("isolated").ok());
}

}  // namespace
}  // namespace tokenmill
