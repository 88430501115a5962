// tokenmill train sentencepiece --input=FILE[,FILE...] --model_prefix=PREFIX [spm_train flags]
//
// spm_train's own flag names and defaults (see trainers/sentencepiece/spm_flags.h), plus
// --quiet; writes PREFIX.model and PREFIX.vocab atomically.
#include <algorithm>
#include <iostream>

#include "tokenizers/cli/commands.h"
#include "tokenizers/trainers/progress.h"
#include "tokenizers/trainers/sentencepiece/spm_flags.h"
#include "tokenizers/trainers/sentencepiece/spm_train.h"

namespace tokenmill::cli {

int RunTrainSentencePiece(const std::vector<std::string>& args) {
  if (std::find(args.begin(), args.end(), "--help") != args.end() ||
      std::find(args.begin(), args.end(), "-h") != args.end()) {
    std::cout << "usage: tokenmill train sentencepiece --input=FILE[,FILE...] "
                 "--model_prefix=PREFIX [--vocab_size=8000] [--model_type=unigram|bpe] [--quiet] "
                 "[spm_train flags...]\n"
                 "Writes PREFIX.model and PREFIX.vocab as spm_train 0.1.97 does.\nFlags:";
    for (const std::string& name : SpmTrainFlagNames()) std::cout << " --" << name;
    std::cout << "\n";
    return 0;
  }
  std::vector<std::string> spm_args;
  bool quiet = false;
  for (const std::string& arg : args) {
    if (arg == "--quiet" || arg == "-q") {
      quiet = true;
    } else {
      spm_args.push_back(arg);
    }
  }
  SpmFlags flags;
  if (absl::Status status = ParseSpmTrainFlags(spm_args, flags); !status.ok()) {
    std::cerr << "error: " << status.message() << "\n";
    return 2;
  }
  Progress progress(quiet ? Progress::Mode::kQuiet : Progress::Mode::kAuto);
  auto model = TrainSentencePiece(flags.trainer, flags.normalizer, progress);
  absl::Status status = model.ok() ? SaveSpmTraining(*model, flags.trainer.model_prefix())
                                   : model.status();
  if (!status.ok()) {
    std::cerr << "error: " << status.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace tokenmill::cli
