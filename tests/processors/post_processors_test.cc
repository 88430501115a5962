// Post-processors and HF's overflow merging (Encoding::merge_with, processors/template.rs,
// bert.rs, roberta.rs, sequence.rs in HF tokenizers 0.22).
#include <memory>

#include "gtest/gtest.h"
#include "tests/processors/encoding_fixtures.h"
#include "tokenizers/processors/bert_processing.h"
#include "tokenizers/processors/processor_sequence.h"
#include "tokenizers/processors/roberta_processing.h"
#include "tokenizers/processors/template_processing.h"
#include "tokenizers/processors/truncation.h"

namespace tokenmill {
namespace {

using testing::MakeEncoding;

std::unique_ptr<TemplateProcessing> BertTemplate() {
  using P = TemplatePiece;
  auto t = TemplateProcessing::Create(
      {{P::kSpecialToken, "[CLS]", 0}, {P::kSequenceA, "", 0}, {P::kSpecialToken, "[SEP]", 0}},
      {{P::kSpecialToken, "[CLS]", 0}, {P::kSequenceA, "", 0}, {P::kSpecialToken, "[SEP]", 0},
       {P::kSequenceB, "", 1}, {P::kSpecialToken, "[SEP]", 1}},
      {{"[CLS]", {101}, {"[CLS]"}}, {"[SEP]", {102}, {"[SEP]"}}});
  EXPECT_TRUE(t.ok()) << t.status();
  return *std::move(t);
}

TEST(MergeWithTest, CombinesOverflowingPartsLikeHf) {
  Encoding a = MakeEncoding({1});
  a.overflowing.push_back(MakeEncoding({2}));
  Encoding b = MakeEncoding({3});
  b.overflowing.push_back(MakeEncoding({4}));
  a.MergeWith(b);
  EXPECT_EQ(a.ids, (std::vector<uint32_t>{1, 3}));
  // Ours with the pair, ours with its overflowing, then us with its overflowing.
  ASSERT_EQ(a.overflowing.size(), 3u);
  EXPECT_EQ(a.overflowing[0].ids, (std::vector<uint32_t>{2, 3}));
  EXPECT_EQ(a.overflowing[1].ids, (std::vector<uint32_t>{2, 4}));
  EXPECT_EQ(a.overflowing[2].ids, (std::vector<uint32_t>{1, 4}));
  // HF nests: (2,3) carries (2,4), and (1,4) carries (2,4) from our copied overflowing part.
  ASSERT_EQ(a.overflowing[0].overflowing.size(), 1u);
  EXPECT_EQ(a.overflowing[0].overflowing[0].ids, (std::vector<uint32_t>{2, 4}));
  ASSERT_EQ(a.overflowing[2].overflowing.size(), 1u);
  EXPECT_EQ(a.overflowing[2].overflowing[0].ids, (std::vector<uint32_t>{2, 4}));
}

// Encodings as users hold them (Python's Encoding.merge): HF's map sequence id → range.
TEST(MergeWithTest, UserEncodingsLetThePairsRangesWin) {
  Encoding::MergeOptions user;
  user.user_encodings = true;
  Encoding marked = MakeEncoding({1, 2});
  marked.SetSequenceId(0);
  Encoding unmarked = MakeEncoding({3});
  Encoding a = marked;
  a.MergeWith(unmarked, user);  // the unmarked side's tokens join no sequence
  EXPECT_EQ(a.sequence_ids, (std::vector<int8_t>{0, 0, -1}));
  EXPECT_EQ(a.NumSequences(), 1u);
  Encoding b = marked;
  b.MergeWith(marked, user);  // the pair's range of input 0 replaces ours
  EXPECT_EQ(b.sequence_ids, (std::vector<int8_t>{-1, -1, 0, 0}));
  EXPECT_EQ(b.TokenToSequence(0), std::nullopt);
  EXPECT_EQ(b.CharToToken(0, 0), 2u);
  Encoding c = unmarked;
  c.MergeWith(unmarked, user);  // neither marked: one sequence, every token in it
  EXPECT_EQ(c.sequence_ranges, 0);
  EXPECT_EQ(c.TokenToSequence(1), 0u);
}

TEST(MergeWithTest, GrowingOffsetsContinueFromTheLastTokensEnd) {
  Encoding::MergeOptions growing;
  growing.growing_offsets = true;
  Encoding a = MakeEncoding({1, 2});  // offsets (0, 1) (1, 2)
  a.MergeWith(MakeEncoding({3}), growing);
  EXPECT_EQ(a.offsets, (std::vector<Span>{{0, 1}, {1, 2}, {2, 3}}));
  a.InsertSpecial(a.size(), 102, "[SEP]", 0);  // a last token at (0, 0) shifts nothing, as HF
  a.MergeWith(MakeEncoding({4}), growing);
  EXPECT_EQ(a.offsets.back(), (Span{0, 1}));
  // Merge starts from an empty encoding, as HF's Encoding::merge.
  Encoding merged = Encoding::Merge({MakeEncoding({5}), MakeEncoding({6, 7})}, growing);
  EXPECT_EQ(merged.offsets, (std::vector<Span>{{0, 1}, {1, 2}, {2, 3}}));
}

TEST(TemplateProcessingTest, OverflowingWindowsGetSpecialTokensAndKeepTheirTypeIds) {
  auto processor = BertTemplate();
  Encoding first = MakeEncoding({1, 2});
  Encoding second = MakeEncoding({3, 4, 5}, /*type_id=*/1, /*sequence=*/1);
  ASSERT_TRUE(TruncateEncoding(second, 2, 1, Direction::kRight).ok());
  auto out = processor->Process(std::move(first), std::move(second), true);
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->ids, (std::vector<uint32_t>{101, 1, 2, 102, 3, 4, 102}));
  EXPECT_EQ(out->type_ids, (std::vector<uint32_t>{0, 0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(out->sequence_ids, (std::vector<int8_t>{-1, 0, 0, -1, 1, 1, -1}));
  EXPECT_EQ(out->special_tokens_mask, (std::vector<uint8_t>{1, 0, 0, 1, 0, 0, 1}));
  ASSERT_EQ(out->overflowing.size(), 1u);
  EXPECT_EQ(out->overflowing[0].ids, (std::vector<uint32_t>{101, 1, 2, 102, 4, 5, 102}));
  EXPECT_EQ(out->overflowing[0].offsets,
            (std::vector<Span>{{0, 0}, {0, 1}, {1, 2}, {0, 0}, {1, 2}, {2, 3}, {0, 0}}));
}

TEST(TemplateProcessingTest, WithoutSpecialTokens) {
  auto processor = BertTemplate();
  auto out = processor->Process(MakeEncoding({1}), MakeEncoding({2}, 1, 1), false);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->ids, (std::vector<uint32_t>{1, 2}));
  EXPECT_EQ(out->type_ids, (std::vector<uint32_t>{0, 1}));
}

TEST(BertProcessingTest, MatchesTheBertTemplate) {
  BertProcessing bert({"[SEP]", 102}, {"[CLS]", 101});
  auto processor = BertTemplate();
  EXPECT_EQ(bert.AddedTokens(true), 3u);
  EXPECT_EQ(bert.AddedTokens(false), 2u);
  for (bool pair : {false, true}) {
    auto make = [&] {
      Encoding first = MakeEncoding({1, 2, 3});
      EXPECT_TRUE(TruncateEncoding(first, 2, 0, Direction::kRight).ok());
      std::optional<Encoding> second;
      if (pair) second = MakeEncoding({4, 5}, 1, 1);
      return std::pair(std::move(first), std::move(second));
    };
    auto [f1, s1] = make();
    auto [f2, s2] = make();
    auto ours = bert.Process(std::move(f1), std::move(s1), true);
    auto templ = processor->Process(std::move(f2), std::move(s2), true);
    ASSERT_TRUE(ours.ok() && templ.ok());
    EXPECT_EQ(ours->ids, templ->ids);
    EXPECT_EQ(ours->type_ids, templ->type_ids);
    EXPECT_EQ(ours->tokens, templ->tokens);
    EXPECT_EQ(ours->offsets, templ->offsets);
    EXPECT_EQ(ours->special_tokens_mask, templ->special_tokens_mask);
    EXPECT_EQ(ours->sequence_ids, templ->sequence_ids);
    ASSERT_EQ(ours->overflowing.size(), templ->overflowing.size());
    EXPECT_EQ(ours->overflowing[0].ids, templ->overflowing[0].ids);
  }
  EXPECT_EQ(bert.ToJson().dump(),
            R"({"type":"BertProcessing","sep":["[SEP]",102],"cls":["[CLS]",101]})");
}

// roberta.rs roberta_processing: <s> A </s> and <s> A </s> </s> B </s>, every type id 0.
TEST(RobertaProcessingTest, HfCases) {
  RobertaProcessing roberta({"</s>", 2}, {"<s>", 0}, true, true);
  EXPECT_EQ(roberta.AddedTokens(false), 2u);
  EXPECT_EQ(roberta.AddedTokens(true), 4u);
  auto single = roberta.Process(MakeEncoding({12, 14}), std::nullopt, true);
  ASSERT_TRUE(single.ok());
  EXPECT_EQ(single->ids, (std::vector<uint32_t>{0, 12, 14, 2}));
  EXPECT_EQ(single->type_ids, (std::vector<uint32_t>{0, 0, 0, 0}));
  EXPECT_EQ(single->tokens, (std::vector<std::string>{"<s>", "t12", "t14", "</s>"}));
  EXPECT_EQ(single->offsets, (std::vector<Span>{{0, 0}, {0, 1}, {1, 2}, {0, 0}}));
  EXPECT_EQ(single->special_tokens_mask, (std::vector<uint8_t>{1, 0, 0, 1}));
  EXPECT_EQ(single->sequence_ids, (std::vector<int8_t>{-1, 0, 0, -1}));

  auto pair = roberta.Process(MakeEncoding({12, 14}), MakeEncoding({15}, 1, 1), true);
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(pair->ids, (std::vector<uint32_t>{0, 12, 14, 2, 2, 15, 2}));
  EXPECT_EQ(pair->type_ids, (std::vector<uint32_t>(7, 0)));
  EXPECT_EQ(pair->special_tokens_mask, (std::vector<uint8_t>{1, 0, 0, 1, 1, 0, 1}));
  EXPECT_EQ(pair->sequence_ids, (std::vector<int8_t>{-1, 0, 0, -1, -1, 1, -1}));

  // Without special tokens the type ids still become 0.
  auto plain = roberta.Process(MakeEncoding({12, 14}), MakeEncoding({15}, 1, 1), false);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->ids, (std::vector<uint32_t>{12, 14, 15}));
  EXPECT_EQ(plain->type_ids, (std::vector<uint32_t>{0, 0, 0}));

  // Overflowing windows are wrapped too.
  Encoding first = MakeEncoding({1, 2, 3});
  ASSERT_TRUE(TruncateEncoding(first, 2, 0, Direction::kRight).ok());
  auto windows = roberta.Process(std::move(first), std::nullopt, true);
  ASSERT_TRUE(windows.ok());
  ASSERT_EQ(windows->overflowing.size(), 1u);
  EXPECT_EQ(windows->overflowing[0].ids, (std::vector<uint32_t>{0, 3, 2}));

  EXPECT_EQ(roberta.ToJson().dump(),
            R"({"type":"RobertaProcessing","sep":["</s>",2],"cls":["<s>",0],"trim_offsets":true,"add_prefix_space":true})");
}

TEST(ProcessorSequenceTest, ChainsAndSumsAddedTokens) {
  std::vector<std::unique_ptr<PostProcessor>> chain;
  chain.push_back(std::make_unique<BertProcessing>(SpecialTokenId{"[SEP]", 102},
                                                   SpecialTokenId{"[CLS]", 101}));
  ProcessorSequence sequence(std::move(chain));
  EXPECT_EQ(sequence.AddedTokens(true), 3u);
  auto out = sequence.Process(MakeEncoding({1}), std::nullopt, true);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->ids, (std::vector<uint32_t>{101, 1, 102}));
  EXPECT_EQ(sequence.ToJson()["processors"].size(), 1u);
}

}  // namespace
}  // namespace tokenmill
