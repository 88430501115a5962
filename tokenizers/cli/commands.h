// The tokenmill subcommands. Each registers its flags on the app; flags live only in cli/.
#pragma once

#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "tokenizers/models/tiktoken/tiktoken_encoding.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill::cli {

// Prints `error: <message>` to stderr; returns the exit code that goes with it (1).
inline int Fail(const absl::Status& status) {
  std::cerr << "error: " << status.message() << "\n";
  return 1;
}

// Options shared by commands that need a tokenizer.
struct TokenizerSource {
  std::string path;          // tokenizer.json, vocab.txt, .model, or (with tiktoken) a .tiktoken file
  std::string encoding;      // a bundled tiktoken encoding (cl100k_base, ...)
  bool cased = false;        // for vocab.txt: keep case (and accents)
  // `with_tiktoken`: also accept --encoding NAME and .tiktoken files.
  void AddFlags(CLI::App& app, bool with_tiktoken = false);
  bool is_tiktoken() const;
  bool is_sentencepiece() const;  // a SentencePiece .model
  absl::StatusOr<std::unique_ptr<Tokenizer>> Load() const;
  absl::StatusOr<std::unique_ptr<TiktokenEncoding>> LoadTiktoken() const;
};

// Each Add*Command registers a subcommand; its callback stores the command's exit code.
void AddEncodeCommand(CLI::App& app, int& exit_code);
void AddDecodeCommand(CLI::App& app, int& exit_code);
void AddDemoCommand(CLI::App& app, int& exit_code);
void AddBenchCommand(CLI::App& app, int& exit_code);
void AddTrainCommand(CLI::App& app, int& exit_code);
// `tokenmill train sentencepiece ...`: spm_train's flags, parsed by hand (see main.cc).
int RunTrainSentencePiece(const std::vector<std::string>& args);
// The BERT encoder (bert/): embed, fill-mask.
void AddEmbedCommand(CLI::App& app, int& exit_code);
void AddFillMaskCommand(CLI::App& app, int& exit_code);

}  // namespace tokenmill::cli
