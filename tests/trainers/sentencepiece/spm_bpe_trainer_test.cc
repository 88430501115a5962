// The SentencePiece BPE trainer against spm_train 0.1.97: on a 2,000-line slice of
// train-small.txt, six option set-ups give the very .vocab spm_train wrote (pieces, order,
// scores; one samples --input_sentence_size lines), and the trained model encodes like
// spm_encode with spm_train's model.
// Goldens: tests/trainers/sentencepiece/gen_spm_train_goldens.sh.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/sentencepiece/model_file.h"
#include "tokenizers/sentencepiece/sentencepiece_processor.h"
#include "tokenizers/trainers/sentencepiece/builtin_charsmaps.h"
#include "tokenizers/trainers/sentencepiece/spm_flags.h"
#include "tokenizers/trainers/sentencepiece/spm_trainer_spec.h"
#include "tokenizers/trainers/sentencepiece/spm_train.h"

namespace tokenmill {
namespace {

std::string DataDir() { return testing::SourceDir() + "/tests/data/spm_train/"; }

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

absl::StatusOr<spm::ModelProto> TrainWithFlags(std::vector<std::string> args) {
  SpmFlags flags;
  args.insert(args.begin(), {"--model_type=bpe", "--num_threads=2"});  // later flags win
  absl::Status status = ParseSpmTrainFlags(args, flags);
  if (!status.ok()) return status;
  return TrainSentencePiece(flags.trainer, flags.normalizer, Progress::Silent());
}

class SpmBpeGoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SpmBpeGoldenTest, SameVocabAndIdsAsSpmTrain) {
  const std::string name = GetParam();
  std::vector<std::string> args = absl::StrSplit(
      Lines(ReadFile(DataDir() + name + ".flags")).at(0), ' ', absl::SkipEmpty());
  args.push_back("--input=" + DataDir() + "train-slice.txt");
  args.push_back("--model_prefix=unused");
  auto model = TrainWithFlags(args);
  ASSERT_TRUE(model.ok()) << model.status();

  const std::vector<std::string> want = Lines(ReadFile(DataDir() + name + ".vocab"));
  const std::vector<std::string> got = Lines(SpmVocabText(*model));
  ASSERT_GT(want.size(), 1000u);
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    ASSERT_EQ(got[i], want[i]) << name << ": piece id " << i;
  }

  // The written model loads and encodes like spm_encode with spm_train's model.
  const std::string prefix = ::testing::TempDir() + "/spm_bpe_" + name;
  ASSERT_TRUE(SaveSpmTraining(*model, prefix).ok());
  EXPECT_EQ(ReadFile(prefix + ".vocab"), ReadFile(DataDir() + name + ".vocab"));
  auto processor = SentencePieceProcessor::Load(prefix + ".model");
  ASSERT_TRUE(processor.ok()) << processor.status();
  const std::vector<std::string> texts = Lines(ReadFile(DataDir() + "encode-lines.txt"));
  const std::vector<std::string> ids = Lines(ReadFile(DataDir() + name + ".ids"));
  ASSERT_EQ(texts.size(), ids.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    auto encoded = (*processor)->EncodeIds(texts[i]);
    ASSERT_TRUE(encoded.ok()) << encoded.status();
    EXPECT_EQ(absl::StrJoin(*encoded, " "), ids[i]) << name << ": line " << i + 1 << ": " << texts[i];
  }
  std::filesystem::remove(prefix + ".model");
  std::filesystem::remove(prefix + ".vocab");
}

INSTANTIATE_TEST_SUITE_P(SpmTrainGoldens, SpmBpeGoldenTest,
                         ::testing::Values("bpe_default", "bpe_bytefallback", "bpe_symbols_suffix",
                                         "bpe_identity_nosplit", "bpe_nfkc_cf_pad",
                                           "bpe_sampled"));

TEST(SpmFlagsTest, SpmTrainSpellingsAndDefaults) {
  SpmFlags flags;
  ASSERT_TRUE(ParseSpmTrainFlags({"--input=a.txt,b.txt", "--model_prefix", "m", "--byte_fallback",
                                  "--nosplit_by_whitespace", "-vocab_size=123",
                                  "--user_defined_symbols=x,y"},
                                 flags)
                  .ok());
  EXPECT_EQ(flags.trainer.input_size(), 2);
  EXPECT_EQ(flags.trainer.model_prefix(), "m");
  EXPECT_TRUE(flags.trainer.byte_fallback());
  EXPECT_FALSE(flags.trainer.split_by_whitespace());
  EXPECT_EQ(flags.trainer.vocab_size(), 123);
  EXPECT_EQ(flags.trainer.user_defined_symbols_size(), 2);
  EXPECT_EQ(flags.trainer.model_type(), spm::TrainerSpec::UNIGRAM);  // spm_train's default
  EXPECT_FLOAT_EQ(flags.trainer.character_coverage(), 0.9995f);
  // Every field explicit, as spm_train_main.cc writes them (byte-identical .model files).
  EXPECT_TRUE(flags.trainer.has_max_sentence_length());
  EXPECT_TRUE(flags.trainer.has_unk_surface());
  EXPECT_TRUE(flags.normalizer.has_add_dummy_prefix());
  EXPECT_FALSE(flags.normalizer.has_escape_whitespaces());
}

TEST(SpmFlagsTest, UnknownAndMalformedFlagsAreErrors) {
  SpmFlags flags;
  absl::Status unknown = ParseSpmTrainFlags({"--input=a", "--model_prefix=m", "--vocab-size=5"}, flags);
  EXPECT_FALSE(unknown.ok());
  EXPECT_NE(unknown.message().find("vocab-size"), std::string::npos);
  EXPECT_FALSE(ParseSpmTrainFlags({"--input=a", "--model_prefix=m", "--vocab_size=x"}, flags).ok());
  EXPECT_FALSE(ParseSpmTrainFlags({"--input=a", "--model_prefix=m", "--byte_fallback=maybe"}, flags).ok());
  SpmFlags fresh;
  EXPECT_FALSE(ParseSpmTrainFlags({"--model_prefix=m"}, fresh).ok());  // --input is required
}

TEST(SpmTrainerErrorsTest, BadInputGivesClearErrors) {
  const std::string slice = "--input=" + DataDir() + "train-slice.txt";
  auto too_small = TrainWithFlags({slice, "--model_prefix=m", "--vocab_size=100"});
  ASSERT_FALSE(too_small.ok());
  EXPECT_NE(too_small.status().message().find("vocab_size"), std::string::npos);

  auto missing = TrainWithFlags({"--input=/nonexistent/corpus.txt", "--model_prefix=m"});
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("/nonexistent/corpus.txt"), std::string::npos);

  const std::string empty = ::testing::TempDir() + "/spm_empty.txt";
  std::ofstream(empty) << "\n\n";
  auto no_lines = TrainWithFlags({"--input=" + empty, "--model_prefix=m"});
  EXPECT_FALSE(no_lines.ok());

  auto too_large = TrainWithFlags({slice, "--model_prefix=m", "--vocab_size=200000"});
  ASSERT_FALSE(too_large.ok());
  EXPECT_NE(too_large.status().message().find("too high"), std::string::npos);

  auto word = TrainWithFlags({slice, "--model_prefix=m", "--model_type=word"});
  EXPECT_FALSE(word.ok());  // not implemented: an error, not a wrong model
}

TEST(SpmBuiltinCharsmapsTest, NamedRulesDecompressAndParse) {
  for (const char* name : {"nmt_nfkc", "nfkc", "nmt_nfkc_cf", "nfkc_cf"}) {
    auto charsmap = BuiltinCharsmap(name);
    ASSERT_TRUE(charsmap.ok()) << charsmap.status();
    EXPECT_TRUE(PrecompiledCharsMap::Parse(*charsmap).ok()) << name;
  }
  EXPECT_TRUE(BuiltinCharsmap("identity").value().empty());
  EXPECT_FALSE(BuiltinCharsmap("nfc").ok());
  // The default rule is byte-identical to the one in spm_train's bpe_8k model.
  auto reference = LoadSentencePieceModel(testing::SourceDir() + "/tests/data/spm/bpe_8k.model");
  ASSERT_TRUE(reference.ok()) << reference.status();
  EXPECT_EQ(BuiltinCharsmap("nmt_nfkc").value(), reference->normalizer_spec().precompiled_charsmap());
}

TEST(SpmPieceValidityTest, SpmRules) {
  spm::TrainerSpec spec;
  EXPECT_TRUE(IsValidSpmPiece(U"\u2581the", spec));
  EXPECT_FALSE(IsValidSpmPiece(U"th\u2581e", spec));   // ▁ only first (split_by_whitespace)
  EXPECT_FALSE(IsValidSpmPiece(U"a1", spec));          // Latin + Common (split_by_number)
  EXPECT_FALSE(IsValidSpmPiece(U"a\u0410", spec));     // Latin + Cyrillic
  EXPECT_TRUE(IsValidSpmPiece(U"\u3042\u30A2\u5B57", spec));  // kana count as Han
  spec.set_split_by_unicode_script(false);
  EXPECT_TRUE(IsValidSpmPiece(U"a\u0410", spec));
  spec.set_split_digits(true);
  EXPECT_FALSE(IsValidSpmPiece(U"12", spec));
  spec.set_max_sentencepiece_length(2);
  EXPECT_FALSE(IsValidSpmPiece(U"abc", spec));
}

}  // namespace
}  // namespace tokenmill
