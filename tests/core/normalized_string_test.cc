#include "tokenizers/normalized_string.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace tokenmill {
namespace {

// A fresh string answers OriginalSpan from its text; the answer must be what the
// materialized identity alignment gives, for every range, mid-character ones included.
TEST(NormalizedStringTest, FreshSpansEqualTheMaterializedAlignment) {
  const std::vector<std::string> texts = {
      "", "a", "abc def", "\xC3\xA9t\xC3\xA9", "\xE4\xB8\xAD\xE6\x96\x87 x",
      "\xF0\x9F\x98\x80!\xF0\x9F\x98\x80", "a\xCC\x81\xE2\x96\x81" "b"};
  for (const std::string& text : texts) {
    for (uint32_t base : {0u, 7u}) {
      const NormalizedString fresh(text, base);
      NormalizedString materialized(text, base);
      materialized.alignments();  // forces the alignment
      ASSERT_TRUE(fresh.identity());
      ASSERT_FALSE(materialized.identity());
      for (size_t begin = 0; begin <= text.size() + 1; ++begin) {
        for (size_t end = 0; end <= text.size(); ++end) {
          EXPECT_EQ(fresh.OriginalSpan(begin, end), materialized.OriginalSpan(begin, end))
              << "text \"" << text << "\" base " << base << " [" << begin << ", " << end << ")";
        }
      }
      EXPECT_TRUE(fresh.identity());  // answering did not materialize it
    }
  }
}

}  // namespace
}  // namespace tokenmill
