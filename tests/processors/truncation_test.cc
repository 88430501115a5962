// Truncation edge cases, most taken from HF tokenizers' own unit tests
// (tokenizer/encoding.rs and utils/truncation.rs, 0.22).
#include "tokenizers/processors/truncation.h"

#include "gtest/gtest.h"
#include "tests/processors/encoding_fixtures.h"

namespace tokenmill {
namespace {

using testing::Empty;
using testing::Long;
using testing::MakeEncoding;
using testing::Medium;
using testing::Short;

TEST(TruncateEncodingTest, KeepsTheStartAndOverflowsTheRest) {  // HF encoding.rs `truncate`
  Encoding e = MakeEncoding({1, 2, 3});
  ASSERT_TRUE(TruncateEncoding(e, 2, 0, Direction::kRight).ok());
  EXPECT_EQ(e.ids, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(e.offsets, (std::vector<Span>{{0, 1}, {1, 2}}));
  ASSERT_EQ(e.overflowing.size(), 1u);
  EXPECT_EQ(e.overflowing[0].ids, (std::vector<uint32_t>{3}));
  EXPECT_EQ(e.overflowing[0].tokens, (std::vector<std::string>{"t3"}));
  EXPECT_EQ(e.overflowing[0].offsets, (std::vector<Span>{{2, 3}}));
  EXPECT_EQ(e.overflowing[0].word_ids[0], 2u);
}

TEST(TruncateEncodingTest, WindowsLoseTheSequenceMarks) {  // HF: "we lose the sequence_ranges"
  Encoding e = MakeEncoding({1, 2, 3}, /*type_id=*/0, /*sequence=*/0);
  e.SetSequenceId(1);
  ASSERT_EQ(e.NumSequences(), 2u);
  ASSERT_TRUE(TruncateEncoding(e, 2, 0, Direction::kRight).ok());
  EXPECT_EQ(e.sequence_ranges, 0);
  EXPECT_EQ(e.NumSequences(), 1u);
  EXPECT_EQ(e.TokenToSequence(1), 0u);
  ASSERT_EQ(e.overflowing.size(), 1u);
  EXPECT_EQ(e.overflowing[0].sequence_ranges, 0);
}

TEST(TruncateEncodingTest, LeftKeepsTheEnd) {  // HF encoding.rs `truncate_left`
  Encoding e = MakeEncoding({1, 2, 3});
  ASSERT_TRUE(TruncateEncoding(e, 2, 0, Direction::kLeft).ok());
  EXPECT_EQ(e.ids, (std::vector<uint32_t>{2, 3}));
  ASSERT_EQ(e.overflowing.size(), 1u);
  EXPECT_EQ(e.overflowing[0].ids, (std::vector<uint32_t>{1}));
}

TEST(TruncateEncodingTest, ZeroMovesEverythingToOverflowing) {  // HF `truncate_to_empty`
  Encoding e = MakeEncoding({1, 2, 3});
  ASSERT_TRUE(TruncateEncoding(e, 0, 0, Direction::kRight).ok());
  EXPECT_TRUE(e.empty());
  EXPECT_TRUE(e.tokens.empty());
  ASSERT_EQ(e.overflowing.size(), 1u);
  EXPECT_EQ(e.overflowing[0].ids, (std::vector<uint32_t>{1, 2, 3}));
}

TEST(TruncateEncodingTest, StrideRepeatsTokensInOverflowing) {  // HF `truncate_overflow_with_stride`
  Encoding e = MakeEncoding({1, 2, 3, 4, 5});
  ASSERT_TRUE(TruncateEncoding(e, 4, 2, Direction::kRight).ok());
  EXPECT_EQ(e.ids, (std::vector<uint32_t>{1, 2, 3, 4}));
  ASSERT_EQ(e.overflowing.size(), 1u);
  EXPECT_EQ(e.overflowing[0].ids, (std::vector<uint32_t>{3, 4, 5}));
  EXPECT_EQ(e.overflowing[0].offsets, (std::vector<Span>{{2, 3}, {3, 4}, {4, 5}}));
}

TEST(TruncateEncodingTest, StrideWindowsRightAndLeft) {
  // Windows start max_length - stride = 2 apart; the last one reaches the far end.
  Encoding right = MakeEncoding({1, 2, 3, 4, 5, 6, 7});
  ASSERT_TRUE(TruncateEncoding(right, 3, 1, Direction::kRight).ok());
  EXPECT_EQ(right.ids, (std::vector<uint32_t>{1, 2, 3}));
  ASSERT_EQ(right.overflowing.size(), 2u);
  EXPECT_EQ(right.overflowing[0].ids, (std::vector<uint32_t>{3, 4, 5}));
  EXPECT_EQ(right.overflowing[1].ids, (std::vector<uint32_t>{5, 6, 7}));

  Encoding left = MakeEncoding({1, 2, 3, 4, 5, 6});
  ASSERT_TRUE(TruncateEncoding(left, 3, 1, Direction::kLeft).ok());
  EXPECT_EQ(left.ids, (std::vector<uint32_t>{4, 5, 6}));
  ASSERT_EQ(left.overflowing.size(), 2u);
  EXPECT_EQ(left.overflowing[0].ids, (std::vector<uint32_t>{2, 3, 4}));
  EXPECT_EQ(left.overflowing[1].ids, (std::vector<uint32_t>{1, 2}));
}

TEST(TruncateEncodingTest, DropsPreviousOverflowing) {
  Encoding e = MakeEncoding({1, 2, 3});
  e.overflowing.push_back(MakeEncoding({9}));
  ASSERT_TRUE(TruncateEncoding(e, 1, 0, Direction::kRight).ok());
  ASSERT_EQ(e.overflowing.size(), 2u);
  EXPECT_EQ(e.overflowing[0].ids, (std::vector<uint32_t>{2}));
  EXPECT_EQ(e.overflowing[1].ids, (std::vector<uint32_t>{3}));
}

TEST(TruncateEncodingTest, ShortEnoughIsUntouched) {
  Encoding e = MakeEncoding({1, 2});
  // HF returns before checking the stride when nothing has to go.
  ASSERT_TRUE(TruncateEncoding(e, 2, 5, Direction::kRight).ok());
  EXPECT_EQ(e.ids, (std::vector<uint32_t>{1, 2}));
  EXPECT_TRUE(e.overflowing.empty());
}

TEST(TruncateEncodingTest, StrideNotBelowMaxLengthIsAnError) {
  // HF panics ("`stride` must be strictly less than `max_len`"); we refuse cleanly.
  Encoding e = MakeEncoding({1, 2, 3, 4});
  absl::Status status = TruncateEncoding(e, 2, 2, Direction::kRight);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("stride"), std::string_view::npos) << status;
}

size_t LengthAfter(Encoding e, Encoding* pair, const TruncationParams& p, size_t* pair_length) {
  EXPECT_TRUE(Truncate(e, pair, p).ok());
  if (pair != nullptr) *pair_length = pair->size();
  return e.size();
}

// HF utils/truncation.rs `truncate_encodings_longest_first`: max_length 7 over every pair of
// empty (0), short (2), medium (4) and long (8) sequences.
TEST(TruncateTest, LongestFirstSharesTheRoomLikeHf) {
  const TruncationParams params{7, TruncationStrategy::kLongestFirst, 0, Direction::kRight};
  struct Case {
    Encoding (*first)();
    Encoding (*second)();
    size_t n1, n2;
  };
  const Case cases[] = {
      {Empty, Empty, 0, 0},   {Empty, Short, 0, 2},   {Empty, Medium, 0, 4},
      {Empty, Long, 0, 7},    {Short, Empty, 2, 0},   {Short, Short, 2, 2},
      {Short, Medium, 2, 4},  {Short, Long, 2, 5},    {Medium, Empty, 4, 0},
      {Medium, Short, 4, 2},  {Medium, Medium, 3, 4}, {Medium, Long, 3, 4},
      {Long, Empty, 7, 0},    {Long, Short, 5, 2},    {Long, Medium, 4, 3},
      {Long, Long, 3, 4},
  };
  for (const Case& c : cases) {
    Encoding second = c.second();
    size_t n2 = 0;
    const size_t n1 = LengthAfter(c.first(), &second, params, &n2);
    EXPECT_EQ(n1, c.n1) << "first of (" << c.first().size() << ", " << c.second().size() << ")";
    EXPECT_EQ(n2, c.n2) << "second of (" << c.first().size() << ", " << c.second().size() << ")";
  }
}

TEST(TruncateTest, MaxLengthZeroEmptiesBoth) {  // HF `truncate_encodings_empty`
  const TruncationParams params{0, TruncationStrategy::kLongestFirst, 0, Direction::kRight};
  using Make = Encoding (*)();
  const std::pair<Make, Make> cases[] = {{Empty, Short}, {Medium, Medium}, {Long, Long}};
  for (auto [make_first, make_second] : cases) {
    Encoding first = make_first(), second = make_second();
    ASSERT_TRUE(Truncate(first, &second, params).ok());
    EXPECT_EQ(first.size(), 0u);
    EXPECT_EQ(second.size(), 0u);
    EXPECT_EQ(second.overflowing.size(), 1u);  // the whole of it
  }
}

TEST(TruncateTest, LongestFirstSingleSequence) {
  Encoding e = Long();
  ASSERT_TRUE(Truncate(e, nullptr, {5, TruncationStrategy::kLongestFirst, 0, Direction::kRight}).ok());
  EXPECT_EQ(e.ids, (std::vector<uint32_t>{7, 8, 9, 10, 11}));
  EXPECT_EQ(e.overflowing.size(), 1u);
}

TEST(TruncateTest, OnlyFirstAndOnlySecondTouchOneSequence) {
  Encoding first = Medium(), second = Long();
  ASSERT_TRUE(Truncate(first, &second, {10, TruncationStrategy::kOnlySecond, 0, Direction::kLeft}).ok());
  EXPECT_EQ(first.size(), 4u);
  EXPECT_EQ(second.ids, (std::vector<uint32_t>{9, 10, 11, 12, 13, 14}));

  first = Long();
  second = Medium();
  ASSERT_TRUE(Truncate(first, &second, {10, TruncationStrategy::kOnlyFirst, 0, Direction::kRight}).ok());
  EXPECT_EQ(first.ids, (std::vector<uint32_t>{7, 8, 9, 10, 11, 12}));
  EXPECT_EQ(second.size(), 4u);
}

TEST(TruncateTest, OnlySecondWithoutPairIsAnError) {  // HF SecondSequenceNotProvided
  Encoding e = Long();
  absl::Status s = Truncate(e, nullptr, {4, TruncationStrategy::kOnlySecond, 0, Direction::kRight});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("Second sequence not provided"), std::string_view::npos) << s;
}

TEST(TruncateTest, TargetTooShortIsAnError) {  // HF SequenceTooShort
  Encoding first = Short(), second = Long();
  // 10 tokens, max 7: 3 must go but the first has only 2 (HF also refuses when exactly all
  // of it would go).
  absl::Status s =
      Truncate(first, &second, {7, TruncationStrategy::kOnlyFirst, 0, Direction::kRight});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("too short"), std::string_view::npos) << s;

  first = Short();
  second = Long();
  s = Truncate(first, &second, {8, TruncationStrategy::kOnlyFirst, 0, Direction::kRight});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << "removing all of it is refused too";
}

TEST(TruncateTest, StrideTooLargeForTheRoomIsAnError) {
  Encoding first = Long(), second = Long();
  absl::Status s =
      Truncate(first, &second, {6, TruncationStrategy::kLongestFirst, 3, Direction::kRight});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << "3 tokens each, stride 3";
}

}  // namespace
}  // namespace tokenmill
