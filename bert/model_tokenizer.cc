#include "bert/model_tokenizer.h"

#include <filesystem>

#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/serialization/vocab_txt.h"

namespace tokenmill::bert {

namespace {

absl::StatusOr<std::unique_ptr<Tokenizer>> Load(const std::string& dir) {
  namespace fs = std::filesystem;
  if (fs::exists(dir + "/tokenizer.json")) return LoadTokenizerJson(dir + "/tokenizer.json");
  if (!fs::exists(dir + "/vocab.txt")) {
    return absl::NotFoundError(
        absl::StrFormat("%s: no tokenizer.json or vocab.txt for the model", dir));
  }
  BertVocabOptions options;
  if (auto text = ReadFile(dir + "/tokenizer_config.json"); text.ok()) {
    auto j = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (j.is_object() && j.contains("do_lower_case") && j["do_lower_case"].is_boolean()) {
      options.lowercase = j["do_lower_case"].get<bool>();
    }
  }
  return LoadBertVocabTxt(dir + "/vocab.txt", options);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Tokenizer>> LoadModelTokenizer(const std::string& dir,
                                                              size_t max_length) {
  auto tokenizer = Load(dir);
  if (tokenizer.ok() && !(*tokenizer)->truncation()) {
    TruncationParams truncation;
    truncation.max_length = max_length;
    (*tokenizer)->SetTruncation(truncation);
  }
  return tokenizer;
}

}  // namespace tokenmill::bert
