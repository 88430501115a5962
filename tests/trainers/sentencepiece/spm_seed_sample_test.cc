// The Unigram trainer's seed text (spm_seed_sample.h): below its budget it is spm's (every
// sentence, in order); past it the sentences are dropped and seeds come from the word table —
// spm's model when every word fits (whitespace as a prefix), else a valid model close to it;
// the budget is checked. (The weighted suffix-tree walk and its
// independence from the threads: tests/trainers/unigram/unigram_core_test.cc.)
#include "tokenizers/trainers/sentencepiece/spm_seed_sample.h"

#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tests/trainers/sentencepiece/spm_train_testing.h"
#include "tokenizers/trainers/sentencepiece/spm_flags.h"
#include "tokenizers/trainers/sentencepiece/spm_train.h"

namespace tokenmill {
namespace {

using spm_train_testing::DataDir;
using spm_train_testing::Lines;
using spm_train_testing::ReadFile;

SpmFlags Flags(const std::string& input, std::vector<std::string> args) {
  args.insert(args.begin(), {"--input=" + input, "--model_prefix=unused", "--model_type=unigram"});
  SpmFlags flags;
  EXPECT_TRUE(ParseSpmTrainFlags(args, flags).ok());
  EXPECT_TRUE(PopulateSpmNormalizerSpec(flags.normalizer).ok());
  return flags;
}

// The streamed word table's seed text under `budget`, and whether it overflowed.
std::pair<std::string, bool> SampleText(const SpmFlags& flags, uint64_t budget) {
  auto meta = MakeSpmMetaPieces(flags.trainer);
  EXPECT_TRUE(meta.ok());
  SpmSeedSample sample(budget);
  auto table = LoadSpmWords(flags.trainer, flags.normalizer, *meta, 0, Progress::Silent(), &sample);
  EXPECT_TRUE(table.ok()) << table.status();
  if (sample.overflowed()) return {"", true};
  return {sample.TakeText(table->words.required_chars), false};
}

// What spm builds its suffix array over: every loaded sentence, each followed by NUL.
std::string SpmSeedText(const SpmFlags& flags) {
  auto meta = MakeSpmMetaPieces(flags.trainer);
  EXPECT_TRUE(meta.ok());
  auto loaded = LoadSpmSentences(flags.trainer, flags.normalizer, *meta, Progress::Silent());
  EXPECT_TRUE(loaded.ok()) << loaded.status();
  std::string text;
  for (const auto& [sentence, count] : loaded->sentences) text += sentence + '\0';
  return text;
}

TEST(SpmSeedSample, BelowTheBudgetTheSeedTextIsSpms) {
  const std::string slice = DataDir() + "train-slice.txt";
  for (const auto& args : std::vector<std::vector<std::string>>{
           {}, {"--num_threads=1", "--character_coverage=0.98"},  // ▅ in the text
           {"--user_defined_symbols=the,ing", "--treat_whitespace_as_suffix=true",
            "--remove_extra_whitespaces=false"}}) {
    const SpmFlags flags = Flags(slice, args);
    auto [text, sampled] = SampleText(flags, 1 << 20);
    EXPECT_FALSE(sampled);
    EXPECT_EQ(text, SpmSeedText(flags)) << args.size();
  }
}

TEST(SpmSeedSample, PastTheBudgetNothingIsKept) {
  const std::string slice = DataDir() + "train-slice.txt";
  const uint64_t input_bytes = ReadFile(slice).size();
  // The input fits, its normalized sentences (▁ for each space) do not: dropped while
  // streaming. A smaller budget: nothing is kept from the start.
  for (const uint64_t budget : {input_bytes, uint64_t{1} << 10}) {
    const SpmFlags flags = Flags(slice, {});
    SpmSeedSample sample(budget);
    auto meta = MakeSpmMetaPieces(flags.trainer);
    ASSERT_TRUE(meta.ok());
    auto table =
        LoadSpmWords(flags.trainer, flags.normalizer, *meta, 0, Progress::Silent(), &sample);
    ASSERT_TRUE(table.ok()) << table.status();
    EXPECT_TRUE(sample.overflowed());
    EXPECT_EQ(sample.TakeText(table->words.required_chars), "");
  }
}

// Trains with seeds from the word table (a tiny budget), capturing the notes.
spm::ModelProto TrainFromWordSeeds(const SpmFlags& flags, std::string& notes,
                                   size_t budget = 230 << 10) {
  SpmTrainOptions options;
  // 230K: the words fit (about 200K of text), the sentences (the input is 236 600 bytes) do not.
  options.seed_sample_bytes = budget;
  Progress progress(Progress::Mode::kAuto);  // stderr is captured: notes only
  ::testing::internal::CaptureStderr();
  auto model = TrainSentencePiece(flags.trainer, flags.normalizer, progress, options);
  notes = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(model.ok()) << model.status();
  return model.ok() ? *model : spm::ModelProto();
}

// Pieces and scores of `model`, in order.
std::vector<std::pair<std::string, float>> Pieces(const spm::ModelProto& model) {
  std::vector<std::pair<std::string, float>> out;
  for (const auto& p : model.pieces()) out.emplace_back(p.piece(), p.score());
  return out;
}

TEST(SpmSeedSample, SeedsFromTheWordTableGiveSpmsModel) {
  const std::string slice = DataDir() + "train-slice.txt";
  // Fewer seeds than candidates: which substrings are chosen depends on their counts and on
  // the suffix-tree nodes at word ends. ▅ in the text, too. Every budget past the sentences
  // mines all the words; a smaller one sorts their suffixes in more buckets.
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--vocab_size=2000", "--num_threads=2", "--seed_sentencepiece_size=6000"},
           {"--vocab_size=1500", "--num_threads=1", "--character_coverage=0.98"}}) {
    const SpmFlags flags = Flags(slice, args);
    auto full = TrainSentencePiece(flags.trainer, flags.normalizer, Progress::Silent());
    ASSERT_TRUE(full.ok()) << full.status();
    for (const size_t budget : {size_t{230} << 10, size_t{24} << 10, size_t{1} << 10}) {
      std::string notes;
      const spm::ModelProto words = TrainFromWordSeeds(flags, notes, budget);
      EXPECT_NE(notes.find("seed pieces mined from the word table"), std::string::npos)
          << notes;
      EXPECT_NE(notes.find("--seed_sample_bytes=" + std::to_string(budget)), std::string::npos)
          << notes;
      EXPECT_NE(notes.find(absl::StrCat("sorted ", budget / 20, " at a time")),
                std::string::npos)
          << notes;
      EXPECT_EQ(notes.find("left out"), std::string::npos) << notes;  // every word
      // Measured before word ends were kept apart: 1946 of 2000 pieces in common with every
      // word, 1885 at 128K (the rarest words left out).
      EXPECT_TRUE(Pieces(words) == Pieces(*full)) << args[0] << " " << budget;
    }
  }
}

TEST(SpmSeedSample, SeedsFromTheWordTableGiveAValidModelCloseToSpms) {
  const std::string slice = DataDir() + "train-slice.txt";
  // Whitespace as a suffix: what follows a word in spm's text is the next word's first
  // character, guessed (measured 1998 pieces in common; 1826 with NUL after every word).
  for (const auto& [args, budget, min_common] :
       std::vector<std::tuple<std::vector<std::string>, size_t, size_t>>{
           {{"--vocab_size=2000", "--num_threads=2", "--seed_sentencepiece_size=6000",
             "--treat_whitespace_as_suffix=true"},
            230 << 10, 1990},
           {{"--vocab_size=2000", "--num_threads=2", "--seed_sentencepiece_size=6000",
             "--treat_whitespace_as_suffix=true"},
            8 << 10, 1990}}) {
    const SpmFlags flags = Flags(slice, args);
    auto full = TrainSentencePiece(flags.trainer, flags.normalizer, Progress::Silent());
    ASSERT_TRUE(full.ok()) << full.status();
    std::string notes;
    const spm::ModelProto words = TrainFromWordSeeds(flags, notes, budget);
    EXPECT_NE(notes.find("seed pieces mined from the word table"), std::string::npos) << notes;
    ASSERT_EQ(words.pieces_size(), 2000);

    std::set<std::string> full_pieces;
    size_t common = 0;
    for (const auto& p : full->pieces()) full_pieces.insert(p.piece());
    for (const auto& p : words.pieces()) common += full_pieces.contains(p.piece());
    EXPECT_GE(common, min_common) << budget;
    EXPECT_LT(common, 2000u) << budget;

    // It loads and encodes held-out lines about as compactly.
    size_t tokens[2] = {0, 0};
    const std::vector<std::string> lines = Lines(ReadFile(DataDir() + "encode-lines.txt"));
    int which = 0;
    for (const spm::ModelProto* model : {static_cast<const spm::ModelProto*>(&*full), &words}) {
      const std::string prefix =
          ::testing::TempDir() + "/spm_seed_sample_" + std::to_string(which);
      ASSERT_TRUE(SaveSpmTraining(*model, prefix).ok());
      auto processor = SentencePieceProcessor::Load(prefix + ".model");
      ASSERT_TRUE(processor.ok()) << processor.status();
      for (const std::string& line : lines) {
        auto ids = (*processor)->EncodeIds(line);
        ASSERT_TRUE(ids.ok());
        tokens[which] += ids->size();
      }
      ++which;
    }
    EXPECT_LE(tokens[1], tokens[0] * 1.02) << tokens[0] << " vs " << tokens[1];
    EXPECT_GE(tokens[1], tokens[0] * 0.98) << tokens[0] << " vs " << tokens[1];
  }
}

TEST(SpmSeedSample, BudgetOutOfRangeIsAClearError) {
  const SpmFlags flags = Flags(DataDir() + "train-slice.txt", {"--vocab_size=2000"});
  for (const size_t budget : {size_t{100}, size_t{1023}, size_t{2} << 30}) {
    SpmTrainOptions options;
    options.seed_sample_bytes = budget;
    auto model = TrainSentencePiece(flags.trainer, flags.normalizer, Progress::Silent(), options);
    ASSERT_FALSE(model.ok()) << budget;
    EXPECT_EQ(model.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(model.status().message().find("--seed_sample_bytes"), std::string::npos)
        << model.status();
  }
  EXPECT_TRUE(ValidateSpmSeedSampleBytes(1024).ok());
  EXPECT_EQ(DefaultSpmSeedSampleBytes(uint64_t{16} << 30), kDefaultSpmSeedSampleBytes);
  EXPECT_EQ(DefaultSpmSeedSampleBytes(uint64_t{64} << 20), uint64_t{8} << 20);
  EXPECT_EQ(kDefaultSpmSeedSampleBytes, uint64_t{64} << 20);
}

}  // namespace
}  // namespace tokenmill
