// Helpers shared by the SentencePiece trainer tests: the bundled spm_train goldens and
// training from spm_train's command-line flags.
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/sentencepiece/model_file.h"
#include "tokenizers/sentencepiece/sentencepiece_processor.h"
#include "tokenizers/trainers/progress.h"
#include "tokenizers/trainers/sentencepiece/spm_flags.h"
#include "tokenizers/trainers/sentencepiece/spm_train.h"

namespace tokenmill::spm_train_testing {

// The goldens made by gen_spm_train_goldens.sh and gen_spm_unigram_goldens.sh.
inline std::string DataDir() { return testing::SourceDir() + "/tests/data/spm_train/"; }

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// The lines of `text`, without the empty one after a final newline.
inline std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  if (!lines.empty() && lines.back().empty()) lines.pop_back();
  return lines;
}

// Trains as `spm_train --model_type=<model_type> --num_threads=2 <args>` (later flags win).
inline absl::StatusOr<spm::ModelProto> TrainWithFlags(const std::string& model_type,
                                                      std::vector<std::string> args) {
  SpmFlags flags;
  args.insert(args.begin(), {"--model_type=" + model_type, "--num_threads=2"});
  absl::Status status = ParseSpmTrainFlags(args, flags);
  if (!status.ok()) return status;
  return TrainSentencePiece(flags.trainer, flags.normalizer, Progress::Silent());
}

// Trains on the bundled train-slice.txt with the flags of the golden set-up `name`
// (DataDir()/<name>.flags), as the generator scripts ran spm_train.
inline absl::StatusOr<spm::ModelProto> TrainGoldenSetup(const std::string& model_type,
                                                        const std::string& name) {
  std::vector<std::string> args = absl::StrSplit(
      Lines(ReadFile(DataDir() + name + ".flags")).at(0), ' ', absl::SkipEmpty());
  args.push_back("--input=" + DataDir() + "train-slice.txt");
  args.push_back("--model_prefix=unused");
  return TrainWithFlags(model_type, std::move(args));
}

// The model at `model_path` encodes encode-lines.txt into the ids spm_encode gave with
// spm_train's model of the golden set-up `name` (DataDir()/<name>.ids).
inline void ExpectEncodesLikeSpmEncode(const std::string& model_path, const std::string& name) {
  auto processor = SentencePieceProcessor::Load(model_path);
  ASSERT_TRUE(processor.ok()) << processor.status();
  const std::vector<std::string> texts = Lines(ReadFile(DataDir() + "encode-lines.txt"));
  const std::vector<std::string> ids = Lines(ReadFile(DataDir() + name + ".ids"));
  ASSERT_EQ(texts.size(), ids.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    auto encoded = (*processor)->EncodeIds(texts[i]);
    ASSERT_TRUE(encoded.ok()) << encoded.status();
    EXPECT_EQ(absl::StrJoin(*encoded, " "), ids[i])
        << name << ": line " << i + 1 << ": " << texts[i];
  }
}

}  // namespace tokenmill::spm_train_testing
