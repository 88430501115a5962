// DecodeStream (HF's step_decode_stream) over the bundled BERT tokenizer: the chunks join to
// the whole decode, prefilled ids only give what follows them, bad ids are errors.
#include "tokenizers/decode_stream.h"

#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill {
namespace {

TEST(DecodeStream, ChunksJoinToTheWholeDecode) {
  auto tokenizer =
      LoadTokenizerJson(testing::SourceDir() + "/vocab/bert-base-uncased/tokenizer.json");
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  auto encoding = (*tokenizer)->Encode("Streaming unaffable text, chunk by chunk.");
  ASSERT_TRUE(encoding.ok());
  const std::vector<uint32_t>& ids = encoding->ids;
  DecodeStream stream({}, /*skip_special_tokens=*/true);
  std::string joined;
  for (uint32_t id : ids) {
    auto chunk = stream.Step(**tokenizer, {&id, 1});
    ASSERT_TRUE(chunk.ok()) << chunk.status();
    if (*chunk) joined += **chunk;
  }
  EXPECT_EQ(joined, *(*tokenizer)->Decode(ids, true));
  // Prefilled with all but the last id: only the last word's text ("." joins without a space).
  DecodeStream prefilled(std::vector<uint32_t>(ids.begin(), ids.end() - 2), true);
  auto last = prefilled.Step(**tokenizer, {&ids[ids.size() - 2], 1});
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(last->value_or("<none>"), ".");
  const uint32_t bad = 1u << 30;
  EXPECT_FALSE(DecodeStream().Step(**tokenizer, {&bad, 1}).ok());
}

}  // namespace
}  // namespace tokenmill
