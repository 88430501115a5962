// SuffixBuckets against sorting every suffix: the same order up to the first word end (or
// max_bytes), whatever the bucket size and the threads sorting a bucket's parts; each
// character-start suffix exactly once.
#include "tokenizers/trainers/unigram/suffix_buckets.h"

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace tokenmill::unigram_training {
namespace {

// The suffix at `at` cut after its first word end and after `max_bytes`.
std::string Cut(const std::string& text, uint32_t at, std::string_view ends, size_t max_bytes) {
  std::string s = text.substr(at, max_bytes);
  const size_t end = s.find_first_of(ends);
  if (end != std::string::npos) s.resize(end + 1);
  return s;
}

TEST(SuffixBuckets, SortedUpToTheFirstWordEndInAnyBucketSize) {
  std::mt19937 rng(5);
  const std::vector<std::string> alphabet = {"a", "b", "\xC3\xA9", "\xE2\x96\x81",
                                             std::string(1, '\0'), "\x01"};
  for (int round = 0; round < 40; ++round) {
    std::string text;
    const size_t chars = 1 + rng() % 300;
    for (size_t i = 0; i < chars; ++i) text += alphabet[rng() % (round % 3 ? 4 : 6)];
    text.push_back('\0');
    const std::string_view ends =
        round % 2 ? std::string_view("\0\x01", 2) : std::string_view("\0", 1);
    const uint32_t max_bytes = 1 + rng() % 20;
    std::vector<std::string> want;
    for (uint32_t i = 0; i < text.size(); ++i) {
      if ((static_cast<uint8_t>(text[i]) & 0xC0) != 0x80) {
        want.push_back(Cut(text, i, ends, max_bytes));
      }
    }
    std::sort(want.begin(), want.end());
    for (const auto& [bucket, threads] : std::vector<std::pair<size_t, int>>{
             {1, 1}, {7, 1}, {7, 2}, {1000, 1}, {1000, 3}}) {
      SuffixBuckets buckets(text, ends, max_bytes, bucket, threads);
      std::vector<std::string> got;
      std::vector<uint32_t> offsets, suffixes;
      while (buckets.Next(suffixes)) {
        for (const uint32_t s : suffixes) {
          got.push_back(Cut(text, s, ends, max_bytes));
          offsets.push_back(s);
        }
      }
      EXPECT_EQ(got, want) << "round " << round << ", bucket " << bucket << ", threads " << threads;
      std::sort(offsets.begin(), offsets.end());
      EXPECT_TRUE(std::adjacent_find(offsets.begin(), offsets.end()) == offsets.end());
      if (bucket == 1000) {
        EXPECT_EQ(buckets.bucket_count(), 1u);
      }
      if (bucket == 1 && want.size() > 8) {
        EXPECT_GT(buckets.bucket_count(), 3u);
      }
    }
  }
}

}  // namespace
}  // namespace tokenmill::unigram_training
