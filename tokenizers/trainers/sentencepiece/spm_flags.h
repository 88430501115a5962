// spm_train's flags (0.1.97 names and defaults) parsed into the specs spm_train fills.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tokenizers/sentencepiece/sentencepiece_model.pb.h"

namespace tokenmill {

struct SpmFlags {
  spm::TrainerSpec trainer;
  spm::NormalizerSpec normalizer;
};

// `args` without the program name, e.g. {"--input=a.txt,b.txt", "--model_type=bpe"}.
// Requires --input and --model_prefix; errors name the flag.
absl::Status ParseSpmTrainFlags(const std::vector<std::string>& args, SpmFlags& flags);

std::vector<std::string> SpmTrainFlagNames();

}  // namespace tokenmill
