// ByteLevel post-processor: HF tokenizers 0.22's unit tests from
// tokenizers/src/pre_tokenizers/byte_level.rs (processor_trims_offsets,
// processor_trims_offsets_pre_tokenized).
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tokenizers/processors/byte_level_processor.h"

namespace tokenmill {
namespace {

Encoding Make(const std::vector<std::string>& tokens, const std::vector<Span>& offsets) {
  Encoding e;
  for (size_t i = 0; i < tokens.size(); ++i) e.Push(0, tokens[i], offsets[i], std::nullopt, 0, false, 0);
  return e;
}

TEST(ByteLevelProcessor, TrimsOffsets) {  // processor_trims_offsets
  const std::vector<std::string> tokens = {"Ġ", "ĠĠĠĠHelloĠĠ", "ĠĠHello", "HelloĠĠ", "ĠĠĠĠ"};
  const Encoding start = Make(tokens, {{0, 1}, {0, 11}, {11, 18}, {18, 25}, {25, 29}});
  const std::vector<Span> expected = {{0, 0}, {4, 9}, {13, 18}, {18, 23}, {29, 29}};
  ByteLevelProcessor p(true, /*trim_offsets=*/true);
  auto single = p.Process(start, std::nullopt, false);
  ASSERT_TRUE(single.ok()) << single.status();
  EXPECT_EQ(single->offsets, expected);
  EXPECT_EQ(single->tokens, tokens);

  auto pair = p.Process(start, start, false);
  ASSERT_TRUE(pair.ok()) << pair.status();
  std::vector<Span> pair_expected = expected;
  pair_expected.insert(pair_expected.end(), expected.begin(), expected.end());
  EXPECT_EQ(pair->offsets, pair_expected);
  EXPECT_EQ(pair->type_ids, (std::vector<uint32_t>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
  EXPECT_EQ(pair->sequence_ids, (std::vector<int8_t>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
}

TEST(ByteLevelProcessor, KeepsPrefixSpaceOfPreTokenizedWords) {
  // processor_trims_offsets_pre_tokenized: offsets starting at 0 count as "first".
  Encoding e = Make({"Ġl", "ove", "Ġl", "ove"}, {{0, 1}, {1, 4}, {0, 1}, {1, 4}});
  ByteLevelProcessor::TrimOffsets(e, /*add_prefix_space=*/true);
  EXPECT_EQ(e.offsets, (std::vector<Span>{{0, 1}, {1, 4}, {0, 1}, {1, 4}}));
}

TEST(ByteLevelProcessor, NoTrimLeavesOffsets) {
  ByteLevelProcessor p(true, /*trim_offsets=*/false);
  auto out = p.Process(Make({"ĠĠHello"}, {{11, 18}}), std::nullopt, false);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->offsets, (std::vector<Span>{{11, 18}}));
  EXPECT_EQ(p.AddedTokens(true), 0u);
}

}  // namespace
}  // namespace tokenmill
