// tokenmill train bpe|byte-bpe|wordpiece --vocab-size N --output tokenizer.json [options] FILE...
#include <iostream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "tokenizers/base/atomic_file.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/cli/commands.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/serialization/vocab_writers.h"
#include "tokenizers/trainers/train_tokenizer.h"
#include "tokenizers/trainers/training_setups.h"
#include "tokenizers/trainers/unigram_trainer.h"

namespace tokenmill::cli {
namespace {

struct TrainFlags {
  std::string kind;
  std::vector<std::string> inputs;
  std::string like;
  std::string output;
  std::string vocab_json, merges_txt, vocab_txt, tiktoken;
  std::optional<size_t> vocab_size;  // default 30000 (unigram: 8000)
  uint64_t min_frequency = 0;
  std::string special_tokens;  // comma-separated; repeated options joined by newlines
  bool special_tokens_given = false;
  std::optional<size_t> limit_alphabet;
  std::string initial_alphabet;  // "bytes", "none", or characters
  std::optional<std::string> prefix, suffix;
  std::optional<size_t> max_token_length;
  size_t threads = 0;
  std::string max_memory;
  bool quiet = false;
  bool progress = false;
  // unigram only
  std::optional<std::string> unk_token;
  std::optional<double> shrinking_factor;
  std::optional<int> n_sub_iterations;
  std::optional<size_t> seed_size;
};

absl::StatusOr<std::unique_ptr<Tokenizer>> Run(const TrainFlags& f, Progress& progress) {
  TM_RETURN_IF_ERROR(CheckTrainingKind(f.kind));
  std::unique_ptr<Tokenizer> base;
  if (!f.like.empty()) {
    TM_ASSIGN_OR_RETURN(base, LoadTokenizerJson(f.like));
  } else {
    TM_ASSIGN_OR_RETURN(base, DefaultTrainingTokenizer(f.kind));
  }
  BpeTrainerOptions options = DefaultTrainerOptions(f.kind, f.like.empty() ? nullptr : base.get());
  options.vocab_size = f.vocab_size.value_or(f.kind == "unigram" ? 8000 : 30000);
  options.min_frequency = f.min_frequency;
  if (f.special_tokens_given) {
    options.special_tokens.clear();
    for (absl::string_view token : absl::StrSplit(f.special_tokens, absl::ByAnyChar(",\n"),
                                                  absl::SkipEmpty())) {
      options.special_tokens.emplace_back(token);
    }
  }
  options.limit_alphabet = f.limit_alphabet;
  if (f.initial_alphabet == "bytes") {
    options.initial_alphabet = ByteLevelAlphabet();
  } else if (f.initial_alphabet == "none") {
    options.initial_alphabet.clear();
  } else if (!f.initial_alphabet.empty()) {
    TM_RETURN_IF_ERROR(utf8::Validate(f.initial_alphabet));
    options.initial_alphabet.clear();
    size_t pos = 0;
    while (pos < f.initial_alphabet.size()) {
      options.initial_alphabet.push_back(utf8::DecodeValid(f.initial_alphabet, pos));
    }
  }
  if (f.prefix) options.continuing_subword_prefix = f.prefix->empty() ? std::nullopt : f.prefix;
  if (f.suffix) options.end_of_word_suffix = f.suffix->empty() ? std::nullopt : f.suffix;
  options.max_token_length = f.max_token_length;
  options.num_threads = f.threads;
  TrainOptions run;
  run.num_threads = f.threads;
  if (!f.max_memory.empty()) {
    TM_ASSIGN_OR_RETURN(run.max_memory, ParseMemorySize(f.max_memory));
  }
  std::unique_ptr<Trainer> trainer;
  if (f.kind == "unigram") {
    UnigramTrainerOptions u;
    u.vocab_size = options.vocab_size;
    u.special_tokens = options.special_tokens;
    u.initial_alphabet = options.initial_alphabet;
    if (options.max_token_length) u.max_piece_length = *options.max_token_length;
    u.num_threads = options.num_threads;
    u.unk_token = f.unk_token;
    if (f.shrinking_factor) u.shrinking_factor = *f.shrinking_factor;
    if (f.n_sub_iterations) u.n_sub_iterations = *f.n_sub_iterations;
    if (f.seed_size) u.seed_size = *f.seed_size;
    trainer = std::make_unique<UnigramTrainer>(std::move(u));
  } else {
    trainer = MakeTrainer(f.kind, std::move(options));
  }
  return TrainTokenizer(*base, *trainer, f.inputs, run, progress);
}

absl::Status WriteOutputs(const TrainFlags& f, const Tokenizer& tokenizer) {
  if (!f.output.empty()) {
    TM_RETURN_IF_ERROR(WriteFileAtomically(f.output, ToTokenizerJson(tokenizer)));
  }
  const auto* bpe = dynamic_cast<const Bpe*>(tokenizer.parts().model.get());
  if (!f.vocab_json.empty()) {
    if (bpe == nullptr) {
      return absl::InvalidArgumentError("--vocab-json/--merges-txt need a BPE model");
    }
    TM_RETURN_IF_ERROR(SaveGpt2Files(*bpe, f.vocab_json, f.merges_txt));
  }
  if (!f.vocab_txt.empty()) {
    TM_ASSIGN_OR_RETURN(std::string text, VocabTxt(*tokenizer.parts().model));
    TM_RETURN_IF_ERROR(WriteFileAtomically(f.vocab_txt, text));
  }
  if (!f.tiktoken.empty()) {
    TM_ASSIGN_OR_RETURN(std::string text, TiktokenRanksText(tokenizer));
    TM_RETURN_IF_ERROR(WriteFileAtomically(f.tiktoken, text));
  }
  return absl::OkStatus();
}

}  // namespace

void AddTrainCommand(CLI::App& app, int& exit_code) {
  auto flags = std::make_shared<TrainFlags>();
  CLI::App* cmd = app.add_subcommand(
      "train", "learn a BPE, byte-level BPE, WordPiece or Unigram vocabulary from text files "
               "(one sentence per line), as Hugging Face's trainers do (for SentencePiece: "
               "`tokenmill train sentencepiece --help`, spm_train's flags)");
  cmd->add_option("kind", flags->kind, "bpe, byte-bpe, wordpiece, wordlevel or unigram")->required();
  cmd->add_option("files", flags->inputs, "text files or glob patterns")->required();
  cmd->add_option("--like", flags->like,
                  "a tokenizer.json whose normalizer, pre-tokenizer, post-processor, decoder and "
                  "special tokens to keep (default: the kind's standard set-up)");
  cmd->add_option("-o,--output", flags->output, "where to write the trained tokenizer.json");
  auto* vocab_json = cmd->add_option("--vocab-json", flags->vocab_json, "also write GPT-2 vocab.json");
  auto* merges_txt = cmd->add_option("--merges-txt", flags->merges_txt, "also write GPT-2 merges.txt");
  vocab_json->needs(merges_txt);
  merges_txt->needs(vocab_json);
  cmd->add_option("--vocab-txt", flags->vocab_txt, "also write a BERT vocab.txt");
  cmd->add_option("--tiktoken", flags->tiktoken, "also write a .tiktoken rank file (byte-level BPE)");
  cmd->add_option("--vocab-size", flags->vocab_size, "target vocabulary size (default 30000; unigram 8000)");
  cmd->add_option("--min-frequency", flags->min_frequency,
                  "smallest pair count that still makes a merge (default 0)");
  cmd->add_option("--special-tokens", flags->special_tokens,
                  "special tokens, first ids (comma-separated, or the option repeated; default: "
                  "the template's, or BERT's for wordpiece)")
      ->multi_option_policy(CLI::MultiOptionPolicy::Join)
      ->each([flags](const std::string&) { flags->special_tokens_given = true; });
  cmd->add_option("--limit-alphabet", flags->limit_alphabet,
                  "keep only the N most frequent characters");
  cmd->add_option("--initial-alphabet", flags->initial_alphabet,
                  "characters always in the alphabet: \"bytes\" (the 256 ByteLevel characters; "
                  "default for byte-bpe), \"none\", or the characters themselves");
  cmd->add_option("--continuing-subword-prefix", flags->prefix,
                  "prefix of non-initial subwords (\"##\" by default for wordpiece)");
  cmd->add_option("--end-of-word-suffix", flags->suffix, "suffix of word-final subwords");
  cmd->add_option("--max-token-length", flags->max_token_length,
                  "no merge builds a token this many characters long or longer (HF semantics); "
                  "unigram: the longest piece in characters (default 16)");
  cmd->add_option("--unk-token", flags->unk_token, "unigram: the unknown token (default none)");
  cmd->add_option("--shrinking-factor", flags->shrinking_factor,
                  "unigram: share of pieces kept by each pruning (default 0.75)");
  cmd->add_option("--n-sub-iterations", flags->n_sub_iterations,
                  "unigram: EM rounds between prunings (default 2)");
  cmd->add_option("--seed-size", flags->seed_size,
                  "unigram: seed pieces from the suffix array (default 1000000)");
  cmd->add_option("--threads", flags->threads, "worker threads (default: all cores)");
  cmd->add_option("--max-memory", flags->max_memory,
                  "bound on the word-count table, e.g. 2G (default: half the RAM); past it the "
                  "rarest words are dropped, with a warning");
  cmd->add_flag("-q,--quiet", flags->quiet, "no progress and no summary on stderr");
  cmd->add_flag("--progress", flags->progress, "draw progress even when stderr is not a terminal");
  cmd->callback([flags, &exit_code] {
    const TrainFlags& f = *flags;
    if (f.output.empty() && f.vocab_json.empty() && f.vocab_txt.empty() && f.tiktoken.empty()) {
      std::cerr << "error: give --output (and/or --vocab-json/--merges-txt, --vocab-txt, "
                   "--tiktoken)\n";
      exit_code = 2;
      return;
    }
    Progress progress(f.quiet      ? Progress::Mode::kQuiet
                      : f.progress ? Progress::Mode::kAlways
                                   : Progress::Mode::kAuto);
    auto tokenizer = Run(f, progress);
    absl::Status status = tokenizer.ok() ? WriteOutputs(f, **tokenizer) : tokenizer.status();
    if (!status.ok()) {
      std::cerr << "error: " << status.message() << "\n";
      exit_code = 1;
    }
  });
}

}  // namespace tokenmill::cli
