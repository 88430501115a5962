#include "absl/strings/match.h"
#include "tokenizers/cli/commands.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/serialization/vocab_txt.h"

namespace tokenmill::cli {

void TokenizerSource::AddFlags(CLI::App& app) {
  app.add_option("-t,--tokenizer", path, "tokenizer.json, or a BERT vocab.txt")->required();
  app.add_flag("--cased", cased, "for vocab.txt: a cased model (no lowercasing or accent stripping)");
}

absl::StatusOr<std::unique_ptr<Tokenizer>> TokenizerSource::Load() const {
  if (absl::EndsWith(path, ".txt")) {
    BertVocabOptions options;
    options.lowercase = !cased;
    return LoadBertVocabTxt(path, options);
  }
  return LoadTokenizerJson(path);
}

}  // namespace tokenmill::cli
