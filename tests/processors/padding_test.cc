// Padding, after HF tokenizers' utils/padding.rs and Encoding::pad (0.22).
#include "tokenizers/processors/padding.h"

#include "gtest/gtest.h"
#include "tests/processors/encoding_fixtures.h"

namespace tokenmill {
namespace {

using testing::MakeEncoding;

PaddingParams Params(std::optional<size_t> fixed, Direction direction = Direction::kRight,
                     std::optional<size_t> multiple = std::nullopt) {
  PaddingParams p;
  p.fixed_length = fixed;
  p.direction = direction;
  p.pad_to_multiple_of = multiple;
  p.pad_id = 99;
  p.pad_type_id = 7;
  p.pad_token = "<pad>";
  return p;
}

std::vector<size_t> PaddedLengths(const PaddingParams& p) {
  Encoding a = MakeEncoding({0, 1, 2, 3, 4}), b = MakeEncoding({0, 1, 2});
  std::vector<Encoding*> batch = {&a, &b};
  Pad(batch, p);
  return {a.size(), b.size()};
}

TEST(PadTest, PadToMultipleOfLikeHf) {  // HF padding.rs `pad_to_multiple`
  EXPECT_EQ(PaddedLengths(Params(7, Direction::kRight, 8)), (std::vector<size_t>{8, 8}));
  EXPECT_EQ(PaddedLengths(Params(std::nullopt, Direction::kRight, 6)), (std::vector<size_t>{6, 6}));
  EXPECT_EQ(PaddedLengths(Params(std::nullopt)), (std::vector<size_t>{5, 5}));
  EXPECT_EQ(PaddedLengths(Params(std::nullopt, Direction::kRight, 0)), (std::vector<size_t>{5, 5}));
  EXPECT_EQ(PaddedLengths(Params(std::nullopt, Direction::kRight, 5)), (std::vector<size_t>{5, 5}));
  // Fixed shorter than an encoding: that one stays as it is.
  EXPECT_EQ(PaddedLengths(Params(4)), (std::vector<size_t>{5, 4}));
}

TEST(PadTest, RightPadTokensAreSpecialAndUnattended) {
  Encoding e = MakeEncoding({5});
  PadEncoding(e, 3, Params(3));
  EXPECT_EQ(e.ids, (std::vector<uint32_t>{5, 99, 99}));
  EXPECT_EQ(e.type_ids, (std::vector<uint32_t>{0, 7, 7}));
  EXPECT_EQ(e.tokens, (std::vector<std::string>{"t5", "<pad>", "<pad>"}));
  EXPECT_EQ(e.attention_mask, (std::vector<uint8_t>{1, 0, 0}));
  EXPECT_EQ(e.special_tokens_mask, (std::vector<uint8_t>{0, 1, 1}));
  EXPECT_EQ(e.offsets, (std::vector<Span>{{0, 1}, {0, 0}, {0, 0}}));
  EXPECT_EQ(e.word_ids, (std::vector<std::optional<uint32_t>>{0u, std::nullopt, std::nullopt}));
  EXPECT_EQ(e.sequence_ids, (std::vector<int8_t>{0, -1, -1}));
}

TEST(PadTest, LeftPadShiftsTheSequence) {  // HF encoding.rs `padding` (left)
  Encoding e = MakeEncoding({1});
  PadEncoding(e, 2, Params(2, Direction::kLeft));
  EXPECT_EQ(e.ids, (std::vector<uint32_t>{99, 1}));
  EXPECT_EQ(e.sequence_ids, (std::vector<int8_t>{-1, 0}));
  EXPECT_EQ(e.attention_mask, (std::vector<uint8_t>{0, 1}));
}

TEST(PadTest, OverflowingPartsArePaddedToo) {
  Encoding a = MakeEncoding({1, 2, 3});
  a.overflowing.push_back(MakeEncoding({4}));
  a.overflowing[0].overflowing.push_back(MakeEncoding({5, 6}));
  Encoding b = MakeEncoding({1});
  std::vector<Encoding*> batch = {&a, &b};
  Pad(batch, Params(std::nullopt, Direction::kLeft));
  // The batch's longest counts only the main encodings (3), not the overflowing ones.
  EXPECT_EQ(b.ids, (std::vector<uint32_t>{99, 99, 1}));
  EXPECT_EQ(a.overflowing[0].ids, (std::vector<uint32_t>{99, 99, 4}));
  EXPECT_EQ(a.overflowing[0].overflowing[0].ids, (std::vector<uint32_t>{99, 5, 6}));
}

TEST(PadTest, EmptyBatchAndEmptyEncoding) {
  std::vector<Encoding*> none;
  Pad(none, Params(std::nullopt));  // nothing to do, must not crash
  Encoding e;
  std::vector<Encoding*> batch = {&e};
  Pad(batch, Params(std::nullopt));
  EXPECT_TRUE(e.empty()) << "batch longest of one empty encoding is 0";
  Pad(batch, Params(2));
  EXPECT_EQ(e.ids, (std::vector<uint32_t>{99, 99}));
}

}  // namespace
}  // namespace tokenmill
