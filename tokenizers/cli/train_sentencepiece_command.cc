// tokenmill train sentencepiece --input=FILE[,FILE...] --model_prefix=PREFIX [spm_train flags]
//
// spm_train's own flag names and defaults (see trainers/sentencepiece/spm_flags.h), plus
// --quiet; writes PREFIX.model and PREFIX.vocab atomically.
#include <algorithm>
#include <iostream>
#include <optional>

#include "tokenizers/cli/commands.h"
#include "tokenizers/trainers/progress.h"
#include "tokenizers/trainers/train_tokenizer.h"
#include "tokenizers/trainers/sentencepiece/spm_flags.h"
#include "tokenizers/trainers/sentencepiece/spm_train.h"

namespace tokenmill::cli {
namespace {

// A size flag of ours, --NAME=SIZE or --NAME SIZE (also spelled with '-'): its parsed value, or
// nothing when args[i] is another flag. Advances `i` past a separate value.
std::optional<absl::StatusOr<size_t>> SizeFlag(const std::vector<std::string>& args, size_t& i,
                                               std::string name) {
  const std::string& arg = args[i];
  std::string dashed = name;
  std::replace(dashed.begin(), dashed.end(), '_', '-');
  auto parse = [&](const std::string& value) -> absl::StatusOr<size_t> {
    absl::StatusOr<size_t> size = ParseMemorySize(value);
    if (size.ok()) return size;
    return absl::InvalidArgumentError("--" + name + ": expected a size such as 512M or 4G");
  };
  for (const std::string& flag : {"--" + name, "--" + dashed}) {
    if (arg == flag && i + 1 < args.size()) return parse(args[++i]);
    if (arg.rfind(flag + "=", 0) == 0) return parse(arg.substr(flag.size() + 1));
    if (arg == flag) return parse("");
  }
  return std::nullopt;
}

int BadSize(const absl::Status& status) {
  std::cerr << "error: " << status.message() << "\n";
  return 2;
}

}  // namespace

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
                 "Unigram: the same word table; seed pieces are mined from the sentences while "
                 "they fit --seed_sample_bytes (default 64M, at most max_memory/8): the model is "
                 "then spm_train's. Past it they are mined from every distinct word, counted "
                 "with the words' counts and with spm's word ends (the same seeds, whitespace "
                 "as a prefix), their suffixes sorted in buckets of that many bytes, with a "
                 "notice.\n"
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
    } else if (auto size = SizeFlag(args, i, "max_memory")) {
      if (!size->ok()) return BadSize(size->status());
      options.max_memory = **size;
    } else if (auto size = SizeFlag(args, i, "seed_sample_bytes")) {
      if (!size->ok()) return BadSize(size->status());
      options.seed_sample_bytes = **size;
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
