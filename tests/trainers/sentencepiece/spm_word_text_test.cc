// The Unigram trainer's text of distinct words (spm_word_text.h): its layout, and on the
// bundled slice the claim it rests on — mined with the words' counts, it has exactly the
// suffix-tree nodes (and counts) that may be pieces in spm's sentence text, which the plain
// layout (NUL after every word) does not.
#include "tokenizers/trainers/sentencepiece/spm_word_text.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "gtest/gtest.h"
#include "tests/trainers/sentencepiece/spm_train_testing.h"
#include "tokenizers/trainers/sentencepiece/spm_word_loader.h"
#include "tokenizers/trainers/unigram/repeated_substrings.h"

namespace tokenmill {
namespace {

using spm_train_testing::DataDir;
using namespace std::string_literals;

constexpr uint8_t kMid = kSpmWordMidSentence;
constexpr uint8_t kFinal = kSpmWordSentenceFinal;

spm::TrainerSpec Spec(bool suffix = false) {
  spm::TrainerSpec spec;
  spec.set_treat_whitespace_as_suffix(suffix);
  return spec;
}

SpmSentences Table(std::vector<std::pair<std::string, int64_t>> words,
                   std::vector<uint8_t> ends) {
  SpmSentences table;
  table.sentences = std::move(words);
  table.word_ends = std::move(ends);
  table.split_into_words = true;
  return table;
}

TEST(SpmWordText, EachWordEndsAsItEndsInSpmsText) {
  SpmSentences table =
      Table({{"▁the", 9}, {"▁end.", 4}, {"▁of", 3}}, {kMid | kFinal, kFinal, kMid});
  const SpmWordText text = PackSpmWordText(Spec(), table);
  EXPECT_TRUE(text.mid_sentence_ends);
  EXPECT_EQ(text.bytes, "▁the\x01▁the\0▁end.\0▁of\x01"s);
  EXPECT_EQ(text.counts, (std::vector<int64_t>{9, 0, 4, 3}));
  EXPECT_TRUE(table.sentences.empty());
  EXPECT_TRUE(table.word_ends.empty());
  // EM sees each word once.
  const unigram_training::Words want = {{"▁the", 9}, {"▁end.", 4}, {"▁of", 3}};
  EXPECT_EQ(SpmWordTextWords(text), want);
}

TEST(SpmWordText, WhitespaceAsASuffixGuessesWhatFollowsMidSentenceWords) {
  // A word seen mid-sentence is followed by the next word's first character: by two different
  // ones, it is guessed, when seen twice; a word seen once mid-sentence ends as in the prefix
  // case.
  SpmSentences table = Table({{"the▁", 9}, {"of▁", 1}, {"end.", 4}}, {kMid, kMid, kFinal});
  const SpmWordText text = PackSpmWordText(Spec(/*suffix=*/true), table);
  EXPECT_TRUE(text.mid_sentence_ends);
  EXPECT_EQ(text.bytes, "the▁\x01the▁\0of▁\x01" "end.\0"s);
  EXPECT_EQ(text.counts, (std::vector<int64_t>{9, 0, 1, 4}));
}

TEST(SpmWordText, PlainLayoutWhenEndsAreUnknownOrAmbiguous) {
  // A word holding the second terminator itself, and a table without ends (sentences loaded).
  SpmSentences odd = Table({{"▁a\x01", 2}, {"▁b", 1}}, {kMid, kMid});
  const SpmWordText text = PackSpmWordText(Spec(), odd);
  EXPECT_FALSE(text.mid_sentence_ends);
  EXPECT_EQ(text.bytes, "▁a\x01\0▁b\0"s);
  EXPECT_EQ(text.counts, (std::vector<int64_t>{2, 1}));
  SpmSentences no_ends = Table({{"▁a", 2}}, {});
  EXPECT_EQ(PackSpmWordText(Spec(), no_ends).bytes, "▁a\0"s);
}

TEST(SpmWordText, PrefixKeepsAWordsTwoCopiesTogether) {
  SpmSentences table = Table({{"ab", 9}, {"cd", 4}, {"ef", 3}}, {kMid, kMid | kFinal, kFinal});
  const SpmWordText text = PackSpmWordText(Spec(), table);
  ASSERT_EQ(text.bytes, "ab\x01" "cd\x01" "cd\0" "ef\0"s);
  for (const auto& [budget, want_bytes, want_starts] :
       std::vector<std::tuple<uint64_t, size_t, std::vector<uint32_t>>>{
           {2, 0, {}}, {3, 3, {0}}, {8, 3, {0}}, {9, 9, {0, 3, 6}}, {12, 12, {0, 3, 6, 9}}}) {
    std::vector<uint32_t> starts;
    EXPECT_EQ(SpmWordTextPrefix(text, budget, starts).size(), want_bytes) << budget;
    EXPECT_EQ(starts, want_starts) << budget;
  }
}

// Substring → count over the nodes of `text` that may be pieces: no sentence or word end
// inside, ▁ only in front.
std::map<std::string, uint64_t> PieceNodes(std::string_view text,
                                           const unigram_training::WordTextWeights* weights) {
  std::map<std::string, uint64_t> nodes;
  EXPECT_TRUE(unigram_training::ForEachRepeatedSubstring(
                  text, 16,
                  [&](const unigram_training::RepeatedSubstring& node) {
                    const std::string s(text.substr(node.byte_offset, node.byte_length));
                    if (s.find_first_of(std::string_view("\0\x01", 2)) != std::string::npos ||
                        s.find("▁", 1) != std::string::npos) {
                      return;
                    }
                    EXPECT_TRUE(nodes.emplace(s, node.frequency).second) << s;
                  },
                  2, weights)
                  .ok());
  return nodes;
}

TEST(SpmWordText, SameCandidateNodesAsSpmsSentenceText) {
  SpmFlags flags;
  ASSERT_TRUE(ParseSpmTrainFlags({"--input=" + DataDir() + "train-slice.txt",
                                  "--model_prefix=unused", "--model_type=unigram"},
                                 flags)
                  .ok());
  ASSERT_TRUE(PopulateSpmNormalizerSpec(flags.normalizer).ok());
  auto meta = MakeSpmMetaPieces(flags.trainer);
  ASSERT_TRUE(meta.ok());
  auto sentences = LoadSpmSentences(flags.trainer, flags.normalizer, *meta, Progress::Silent());
  ASSERT_TRUE(sentences.ok()) << sentences.status();
  std::string spm_text;
  for (const auto& [sentence, count] : sentences->sentences) spm_text += sentence + '\0';
  const std::map<std::string, uint64_t> want = PieceNodes(spm_text, nullptr);

  for (const bool keep_ends : {true, false}) {
    auto table = LoadSpmWords(flags.trainer, flags.normalizer, *meta, 0, Progress::Silent());
    ASSERT_TRUE(table.ok()) << table.status();
    if (!keep_ends) table->words.word_ends.clear();
    const SpmWordText text = PackSpmWordText(flags.trainer, table->words);
    EXPECT_EQ(text.mid_sentence_ends, keep_ends);
    std::vector<uint32_t> starts;
    const std::string_view all = SpmWordTextPrefix(text, text.bytes.size(), starts);
    ASSERT_EQ(all.size(), text.bytes.size());
    unigram_training::WordTextWeights weights;
    weights.of_suffix = [&](uint32_t offset) {
      return static_cast<uint64_t>(
          text.counts[std::upper_bound(starts.begin(), starts.end(), offset) - starts.begin() - 1]);
    };
    const std::map<std::string, uint64_t> got = PieceNodes(all, &weights);
    if (keep_ends) {
      EXPECT_EQ(got.size(), want.size());
      EXPECT_TRUE(got == want);
    } else {
      // NUL after every word: the substrings that end words both mid-sentence and at a
      // sentence end (or only one way in one word, the other in another) are missing.
      size_t missing = 0;
      for (const auto& [s, n] : want) missing += !got.contains(s);
      EXPECT_GT(missing, 100u);
      EXPECT_EQ(got.size() + missing, want.size());
    }
  }
}

}  // namespace
}  // namespace tokenmill
