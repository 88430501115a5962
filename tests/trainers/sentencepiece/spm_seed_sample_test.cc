// The Unigram trainer's seed sample (spm_seed_sample.h): below its budget the seed text is
// spm's (every sentence, in order); past it a bounded sample, the same whatever the threads,
// in corpus order; a model trained from sampled seeds is valid and close to the full one.
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

// The streamed word table's sample text under `budget`, and whether lines were dropped.
std::pair<std::string, bool> SampleText(const SpmFlags& flags, uint64_t budget) {
  auto meta = MakeSpmMetaPieces(flags.trainer);
  EXPECT_TRUE(meta.ok());
  SpmSeedSample sample(budget);
  auto table = LoadSpmWords(flags.trainer, flags.normalizer, *meta, 0, Progress::Silent(), &sample);
  EXPECT_TRUE(table.ok()) << table.status();
  uint64_t sentences = 0, chars = 0;
  std::string text = sample.TakeText(table->words.required_chars, sentences, chars);
  EXPECT_EQ(sentences, static_cast<uint64_t>(std::count(text.begin(), text.end(), '\0')));
  return {text, sample.sampled()};
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

TEST(SpmSeedSample, PastTheBudgetABoundedSampleInCorpusOrderWhateverTheThreads) {
  TM_SHARED_DIR_OR_SKIP(shared);
  const std::string corpus = shared + "/corpus/train-small.txt";  // 8 MB: several batches
  constexpr uint64_t kBudget = 256 << 10;
  auto [one, sampled] = SampleText(Flags(corpus, {"--num_threads=1"}), kBudget);
  EXPECT_TRUE(sampled);
  EXPECT_LE(one.size(), kBudget);
  EXPECT_GT(one.size(), kBudget / 2);
  for (const char* threads : {"--num_threads=2", "--num_threads=4"}) {
    EXPECT_EQ(SampleText(Flags(corpus, {threads}), kBudget).first, one) << threads;
  }
  // Every sampled sentence is one of spm's, in the same order (a subsequence).
  const std::string all = SpmSeedText(Flags(corpus, {}));
  std::string_view rest = all;
  std::string_view sample = one;
  size_t matched = 0;
  while (!sample.empty()) {
    const std::string_view sentence = sample.substr(0, sample.find('\0') + 1);
    sample.remove_prefix(sentence.size());
    size_t at = 0;
    while (at < rest.size() && rest.substr(at, sentence.size()) != sentence) {
      const size_t end = rest.find('\0', at);
      at = end == std::string_view::npos ? rest.size() : end + 1;
    }
    ASSERT_LT(at, rest.size()) << "sentence " << matched << " not found in order";
    rest.remove_prefix(at + sentence.size());
    ++matched;
  }
  EXPECT_GT(matched, 100u);
}

TEST(SpmSeedSample, SampledSeedsGiveAValidModelCloseToTheFullOne) {
  const std::string slice = DataDir() + "train-slice.txt";  // 237 KB
  const SpmFlags flags = Flags(slice, {"--vocab_size=2000", "--num_threads=2"});
  auto full = TrainSentencePiece(flags.trainer, flags.normalizer, Progress::Silent());
  ASSERT_TRUE(full.ok()) << full.status();

  SpmTrainOptions options;
  options.seed_sample_bytes = 64 << 10;
  Progress notes(Progress::Mode::kAuto);  // stderr is captured: notes only
  ::testing::internal::CaptureStderr();
  auto sampled = TrainSentencePiece(flags.trainer, flags.normalizer, notes, options);
  const std::string err = ::testing::internal::GetCapturedStderr();
  ASSERT_TRUE(sampled.ok()) << sampled.status();
  EXPECT_NE(err.find("seed pieces mined from a sample of the corpus"), std::string::npos) << err;
  EXPECT_NE(err.find("--seed_sample_bytes=65536"), std::string::npos) << err;
  ASSERT_EQ(sampled->pieces_size(), 2000);

  std::set<std::string> full_pieces, common;
  for (const auto& p : full->pieces()) full_pieces.insert(p.piece());
  for (const auto& p : sampled->pieces()) {
    if (full_pieces.contains(p.piece())) common.insert(p.piece());
  }
  // Measured 0.95; seeds from a sample a quarter of the size give 0.93 or less.
  EXPECT_GE(common.size(), 1880u);

  // It loads and encodes held-out lines about as compactly.
  size_t tokens[2] = {0, 0};
  const std::vector<std::string> lines = Lines(ReadFile(DataDir() + "encode-lines.txt"));
  int which = 0;
  for (const spm::ModelProto* model : {&*full, &*sampled}) {
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
  EXPECT_LE(tokens[1], tokens[0] * 1.03) << tokens[0] << " vs " << tokens[1];
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
}

}  // namespace
}  // namespace tokenmill
