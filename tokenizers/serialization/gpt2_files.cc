#include "tokenizers/serialization/gpt2_files.h"

#include <vector>

#include "absl/strings/str_format.h"
#include "simdjson.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/models/bpe/merges_text.h"
#include "tokenizers/serialization/tokenizer_json.h"  // ReadFile

namespace tokenmill {
namespace {

// HF keeps entries whose value is a number and skips the others; a number that is not
// a non-negative integer is an error.
absl::StatusOr<Vocab> ParseVocabJson(std::string_view text, std::string_view name) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (auto error = parser.parse(text.data(), text.size()).get(root)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: not valid JSON (%s)", name, simdjson::error_message(error)));
  }
  simdjson::dom::object object;
  if (root.get_object().get(object)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: expected a JSON object mapping tokens to ids", name));
  }
  std::vector<std::pair<std::string_view, uint32_t>> entries;
  entries.reserve(object.size());
  for (auto [token, value] : object) {
    if (!value.is_number()) continue;
    uint64_t id;
    if (value.get_uint64().get(id) || id > UINT32_MAX) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: the id of \"%s\" is not a valid token id", name, token));
    }
    entries.emplace_back(token, static_cast<uint32_t>(id));
  }
  auto vocab = Vocab::Create(entries);
  if (!vocab.ok()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s", name, vocab.status().message()));
  }
  return vocab;
}

// Lines as Rust's BufRead::lines: split on '\n', one trailing "\r" dropped, no empty
// last line after a final newline.
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    begin = end + 1;
  }
  return lines;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Bpe>> Gpt2BpeFromText(std::string_view vocab_json,
                                                     std::string_view merges_txt,
                                                     BpeOptions options,
                                                     std::string_view vocab_name,
                                                     std::string_view merges_name) {
  TM_ASSIGN_OR_RETURN(Vocab vocab, ParseVocabJson(vocab_json, vocab_name));
  std::vector<MergeStrings> merges;
  std::vector<size_t> line_numbers;  // merge → its 1-based line in merges.txt
  const std::vector<std::string_view> lines = Lines(merges_txt);
  merges.reserve(lines.size());
  for (size_t i = 0; i < lines.size(); ++i) {
    if (IsMergesVersionLine(lines[i])) continue;
    auto merge = SplitMergeLine(lines[i]);
    if (!merge) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s line %d: \"%s\" is not two tokens separated by one space", merges_name, i + 1,
          lines[i]));
    }
    merges.push_back(*merge);
    line_numbers.push_back(i + 1);
  }
  auto locate = [&](size_t index) {
    return absl::StrFormat("%s line %d", merges_name, line_numbers[index]);
  };
  return Bpe::Create(std::move(vocab), merges, std::move(options), locate);
}

absl::StatusOr<std::unique_ptr<Bpe>> LoadGpt2Bpe(const std::string& vocab_path,
                                                 const std::string& merges_path,
                                                 BpeOptions options) {
  TM_ASSIGN_OR_RETURN(std::string vocab_json, ReadFile(vocab_path));
  TM_ASSIGN_OR_RETURN(std::string merges_txt, ReadFile(merges_path));
  return Gpt2BpeFromText(vocab_json, merges_txt, std::move(options), vocab_path, merges_path);
}

}  // namespace tokenmill
