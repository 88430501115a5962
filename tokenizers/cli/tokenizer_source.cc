#include <filesystem>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "tokenizers/cli/commands.h"
#include "tokenizers/models/tiktoken/tiktoken_loader.h"
#include "tokenizers/sentencepiece/sentencepiece_tokenizer.h"
#include "tokenizers/serialization/hf_hub_cache.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/serialization/vocab_txt.h"

namespace tokenmill::cli {

void TokenizerSource::AddFlags(CLI::App& app, bool with_tiktoken) {
  if (!with_tiktoken) {
    app.add_option("-t,--tokenizer", path,
                   "tokenizer.json, a BERT vocab.txt, a SentencePiece .model, or a Hub model id "
                   "in the local Hugging Face cache")->required();
  } else {
    auto* file = app.add_option(
        "-t,--tokenizer", path,
        "tokenizer.json, a BERT vocab.txt, a SentencePiece .model, a Hub model id in the local "
        "Hugging Face cache, or a .tiktoken file named after its encoding");
    auto* name = app.add_option("--encoding", encoding,
                                "a bundled tiktoken encoding: cl100k_base, o200k_base, "
                                "o200k_harmony, r50k_base (gpt2), p50k_base, p50k_edit");
    file->excludes(name);  // one of the two is required: checked when loading
  }
  app.add_flag("--cased", cased, "for vocab.txt: a cased model (no lowercasing or accent stripping)");
}

bool TokenizerSource::is_tiktoken() const {
  return !encoding.empty() || absl::EndsWith(path, ".tiktoken") ||
         absl::EndsWith(path, ".tiktoken.gz") || absl::EndsWith(path, ".tmranks");
}

bool TokenizerSource::is_sentencepiece() const { return absl::EndsWith(path, ".model"); }

absl::StatusOr<std::unique_ptr<TiktokenEncoding>> TokenizerSource::LoadTiktoken() const {
  if (!encoding.empty()) return LoadTiktokenEncoding(encoding);
  return LoadTiktokenFile(path);
}

absl::StatusOr<std::unique_ptr<Tokenizer>> TokenizerSource::Load() const {
  if (path.empty()) return absl::InvalidArgumentError("give --tokenizer FILE or --encoding NAME");
  if (is_tiktoken()) {
    return absl::InvalidArgumentError("tiktoken encodings are supported by `encode` only");
  }
  if (is_sentencepiece()) return LoadSentencePieceTokenizer(path);
  if (absl::EndsWith(path, ".txt")) {
    BertVocabOptions options;
    options.lowercase = !cased;
    return LoadBertVocabTxt(path, options);
  }
  // Not a file: a Hub model id whose tokenizer.json is in the local Hugging Face cache.
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    absl::StatusOr<std::string> cached = FindHfHubFile(path, "main", "tokenizer.json");
    if (cached.ok()) return LoadTokenizerJson(*cached);
    if (cached.status().code() == absl::StatusCode::kNotFound) {
      return absl::NotFoundError(absl::StrFormat(
          "%s: no such file, nor a model in the local Hugging Face cache (%s)", path,
          cached.status().message()));
    }
  }
  return LoadTokenizerJson(path);
}

}  // namespace tokenmill::cli
