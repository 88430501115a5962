// The streamed word table (spm_word_loader.h) against what spm does — every sentence loaded,
// then split into words — on the bundled slice, with options that change the splitting and
// replace rare characters by ▅; and the memory bound on it.
#include "tokenizers/trainers/sentencepiece/spm_word_loader.h"

#include <fstream>

#include "absl/container/flat_hash_map.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/trainers/sentencepiece/spm_flags.h"
#include "tokenizers/trainers/sentencepiece/spm_train.h"

namespace tokenmill {
namespace {

std::string Slice() { return testing::SourceDir() + "/tests/data/spm_train/train-slice.txt"; }

SpmFlags Flags(std::vector<std::string> args) {
  args.insert(args.begin(), {"--input=" + Slice(), "--model_prefix=unused", "--model_type=bpe"});
  SpmFlags flags;
  EXPECT_TRUE(ParseSpmTrainFlags(args, flags).ok());
  EXPECT_TRUE(PopulateSpmNormalizerSpec(flags.normalizer).ok());
  return flags;
}

TEST(SpmWordLoader, SameWordsAsLoadingSentencesThenSplitting) {
  const std::vector<std::vector<std::string>> setups = {
      {},
      {"--num_threads=1"},
      {"--num_threads=3", "--character_coverage=0.98"},  // ▅ merges words
      {"--treat_whitespace_as_suffix=true", "--allow_whitespace_only_pieces=true",
       "--remove_extra_whitespaces=false"},
      {"--user_defined_symbols=the,ing", "--control_symbols=<cls>", "--byte_fallback=true"},
      {"--normalization_rule_name=nfkc_cf", "--character_coverage=0.99"},
  };
  for (const auto& args : setups) {
    SpmFlags flags = Flags(args);
    ASSERT_TRUE(CanStreamSpmWords(flags.trainer));
    auto meta = MakeSpmMetaPieces(flags.trainer);
    ASSERT_TRUE(meta.ok());
    auto expected = LoadSpmSentences(flags.trainer, flags.normalizer, *meta, Progress::Silent());
    ASSERT_TRUE(expected.ok()) << expected.status();
    // Where each word was seen: the last word of a sentence, or before another.
    absl::flat_hash_map<std::string, uint8_t> want_ends;
    std::vector<std::string_view> parts;
    size_t both = 0;
    for (const auto& [sentence, count] : expected->sentences) {
      SplitSpmWords(sentence, flags.trainer.treat_whitespace_as_suffix(),
                    flags.trainer.allow_whitespace_only_pieces(), parts);
      for (size_t i = 0; i < parts.size(); ++i) {
        want_ends[std::string(parts[i])] |=
            i + 1 < parts.size() ? kSpmWordMidSentence : kSpmWordSentenceFinal;
      }
    }
    SplitSpmSentencesByWhitespace(flags.trainer, *expected);
    auto got = LoadSpmWords(flags.trainer, flags.normalizer, *meta, 0, Progress::Silent());
    ASSERT_TRUE(got.ok()) << got.status();
    EXPECT_TRUE(got->words.split_into_words);
    EXPECT_EQ(got->pruned_words, 0u);
    EXPECT_EQ(got->words.sentences, expected->sentences) << args.size();
    EXPECT_EQ(got->words.required_chars, expected->required_chars);
    EXPECT_EQ(got->words.skipped_too_long, expected->skipped_too_long);
    ASSERT_EQ(got->words.word_ends.size(), got->words.sentences.size());
    for (size_t i = 0; i < got->words.sentences.size(); ++i) {
      const std::string& word = got->words.sentences[i].first;
      EXPECT_EQ(got->words.word_ends[i], want_ends[word]) << word;
      both += got->words.word_ends[i] == (kSpmWordMidSentence | kSpmWordSentenceFinal);
    }
    EXPECT_GT(both, 10u);  // the test sees all three kinds
    EXPECT_LT(both, got->words.sentences.size() / 2);
  }
}

TEST(SpmWordLoader, SamplingAndUnsplitSentencesKeepSpmsPath) {
  EXPECT_FALSE(CanStreamSpmWords(Flags({"--input_sentence_size=1000"}).trainer));
  EXPECT_FALSE(CanStreamSpmWords(Flags({"--split_by_whitespace=false"}).trainer));
}

TEST(SpmWordLoader, TinyMemoryBoundDropsRareWordsKeepsFrequentOnesExact) {
  SpmFlags flags = Flags({});
  auto meta = MakeSpmMetaPieces(flags.trainer);
  ASSERT_TRUE(meta.ok());
  auto full = LoadSpmWords(flags.trainer, flags.normalizer, *meta, 0, Progress::Silent());
  auto bounded =
      LoadSpmWords(flags.trainer, flags.normalizer, *meta, 48 << 10, Progress::Silent());
  ASSERT_TRUE(full.ok() && bounded.ok());
  EXPECT_GT(bounded->pruned_words, 1000u);
  EXPECT_GE(bounded->prune_threshold, 1u);
  EXPECT_LT(bounded->words.sentences.size(), full->words.sentences.size());
  // The most frequent words are never dropped and keep their exact counts.
  for (size_t i = 0; i < 20; ++i) EXPECT_EQ(bounded->words.sentences[i], full->words.sentences[i]);
  // Training still succeeds on what is left (hard_vocab_limit off: the pruned corpus gives fewer pieces).
  flags.trainer.set_vocab_size(1800);
  flags.trainer.set_hard_vocab_limit(false);
  SpmTrainOptions options;
  options.max_memory = 48 << 10;
  auto model = TrainSentencePiece(flags.trainer, flags.normalizer, Progress::Silent(), options);
  EXPECT_TRUE(model.ok()) << model.status();
}

TEST(SpmWordLoader, MissingInputIsNamed) {
  SpmFlags flags = Flags({});
  flags.trainer.clear_input();
  flags.trainer.add_input("/nonexistent/corpus.txt");
  auto meta = MakeSpmMetaPieces(flags.trainer);
  auto got = LoadSpmWords(flags.trainer, flags.normalizer, *meta, 0, Progress::Silent());
  ASSERT_FALSE(got.ok());
  EXPECT_NE(got.status().message().find("/nonexistent/corpus.txt"), std::string::npos);
}

TEST(SpmWordLoader, InvalidUtf8IsAnErrorNamingFileAndLine) {
  const std::string invalid = ::testing::TempDir() + "/spm_bpe_invalid.txt";
  std::ofstream(invalid) << "fine line\nanother fine line\nbad \xff line\n";
  SpmFlags flags;
  ASSERT_TRUE(ParseSpmTrainFlags({"--input=" + invalid, "--model_prefix=m", "--model_type=bpe",
                                  "--vocab_size=50"},
                                 flags)
                  .ok());
  ASSERT_TRUE(CanStreamSpmWords(flags.trainer));
  auto model = TrainSentencePiece(flags.trainer, flags.normalizer, Progress::Silent());
  ASSERT_FALSE(model.ok());
  EXPECT_NE(model.status().message().find(invalid + ":3: invalid UTF-8"), std::string::npos)
      << model.status();
}

}  // namespace
}  // namespace tokenmill
