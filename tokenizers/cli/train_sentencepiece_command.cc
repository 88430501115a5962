// tokenmill train sentencepiece --input=FILE[,FILE...] --model_prefix=PREFIX [spm_train flags]
//
// spm_train's own flag names and defaults (see trainers/sentencepiece/spm_flags.h), plus
// --quiet; writes PREFIX.model and PREFIX.vocab atomically.
#include <algorithm>
#include <iostream>

#include "tokenizers/cli/commands.h"
#include "tokenizers/trainers/progress.h"
#include "tokenizers/trainers/train_tokenizer.h"
#include "tokenizers/trainers/sentencepiece/spm_flags.h"
#include "tokenizers/trainers/sentencepiece/spm_train.h"

namespace tokenmill::cli {

int RunTrainSentencePiece(const std::vector<std::string>& args) {
  if (std::find(args.begin(), args.end(), "--help") != args.end() ||
      std::find(args.begin(), args.end(), "-h") != args.end()) {
    std::cout << "usage: tokenmill train sentencepiece --input=FILE[,FILE...] "
                 "--model_prefix=PREFIX [--vocab_size=8000] [--model_type=unigram|bpe] [--quiet] "
                 "[--max_memory=SIZE] [spm_train flags...]\n"
                 "Writes PREFIX.model and PREFIX.vocab as spm_train 0.1.97 does.\n"
                 "BPE: the corpus is streamed into a table of distinct words (split_by_whitespace, "
                 "no --input_sentence_size); --max_memory (e.g. 2G, default half the RAM) "
                 "bounds that table: past it the rarest words are dropped, with a warning.\n"
                 "Flags:";
    for (const std::string& name : SpmTrainFlagNames()) std::cout << " --" << name;
    std::cout << "\n";
    return 0;
  }
  std::vector<std::string> spm_args;
  bool quiet = false;
  SpmTrainOptions options;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--quiet" || arg == "-q") {
      quiet = true;
    } else if (arg.rfind("--max_memory", 0) == 0 || arg.rfind("--max-memory", 0) == 0) {
      std::string value;
      if (arg.size() > 12 && arg[12] == '=') {
        value = arg.substr(13);
      } else if (arg.size() == 12 && i + 1 < args.size()) {
        value = args[++i];
      }
      auto size = ParseMemorySize(value);
      if (!size.ok()) {
        std::cerr << "error: " << size.status().message() << "\n";
        return 2;
      }
      options.max_memory = *size;
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
  auto model = TrainSentencePiece(flags.trainer, flags.normalizer, progress, options);
  absl::Status status = model.ok() ? SaveSpmTraining(*model, flags.trainer.model_prefix())
                                   : model.status();
  if (!status.ok()) {
    std::cerr << "error: " << status.message() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace tokenmill::cli
