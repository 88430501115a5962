// The Unigram trainer's seed text (spm_seed_sample.h): below its budget it is spm's (every
// sentence, in order); past it the sentences are dropped and seeds come from the word table —
// a valid model close to spm's; the budget is checked. (The weighted suffix-tree walk and its
// independence from the threads: tests/trainers/unigram/unigram_core_test.cc.)
#include "tokenizers/trainers/sentencepiece/spm_seed_sample.h"

#include <set>

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
spm::ModelProto TrainFromWordSeeds(const SpmFlags& flags, std::string& notes) {
  SpmTrainOptions options;
  options.seed_sample_bytes = 128 << 10;  // the words fit, the sentences do not
  Progress progress(Progress::Mode::kAuto);  // stderr is captured: notes only
  ::testing::internal::CaptureStderr();
  auto model = TrainSentencePiece(flags.trainer, flags.normalizer, progress, options);
  notes = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(model.ok()) << model.status();
  return model.ok() ? *model : spm::ModelProto();
}

TEST(SpmSeedSample, SeedsFromTheWordTableGiveAValidModelCloseToSpms) {
  const std::string slice = DataDir() + "train-slice.txt";
  // Fewer seeds than candidates: which substrings are chosen depends on their counts.
  const SpmFlags flags =
      Flags(slice, {"--vocab_size=2000", "--num_threads=2", "--seed_sentencepiece_size=6000"});
  auto full = TrainSentencePiece(flags.trainer, flags.normalizer, Progress::Silent());
  ASSERT_TRUE(full.ok()) << full.status();
  std::string notes;
  const spm::ModelProto words = TrainFromWordSeeds(flags, notes);
  EXPECT_NE(notes.find("seed pieces mined from the word table"), std::string::npos) << notes;
  EXPECT_NE(notes.find("--seed_sample_bytes=131072"), std::string::npos) << notes;
  ASSERT_EQ(words.pieces_size(), 2000);

  std::set<std::string> full_pieces;
  size_t common = 0;
  for (const auto& p : full->pieces()) full_pieces.insert(p.piece());
  for (const auto& p : words.pieces()) common += full_pieces.contains(p.piece());
  // Measured 1946; unweighted substring counts (each distinct word once) give 1885.
  EXPECT_GE(common, 1920u);

  // It loads and encodes held-out lines about as compactly.
  size_t tokens[2] = {0, 0};
  const std::vector<std::string> lines = Lines(ReadFile(DataDir() + "encode-lines.txt"));
  int which = 0;
  for (const spm::ModelProto* model : {static_cast<const spm::ModelProto*>(&*full), &words}) {
    const std::string prefix = ::testing::TempDir() + "/spm_seed_sample_" + std::to_string(which);
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
  EXPECT_LE(tokens[1], tokens[0] * 1.01) << tokens[0] << " vs " << tokens[1];
  EXPECT_GE(tokens[1], tokens[0] * 0.99) << tokens[0] << " vs " << tokens[1];
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
