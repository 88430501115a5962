#include "tokenizers/serialization/vocab_txt.h"

#include <fstream>

#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/decoders/wordpiece_decoder.h"
#include "tokenizers/models/wordpiece/wordpiece.h"
#include "tokenizers/normalizers/bert_normalizer.h"
#include "tokenizers/pre_tokenizers/bert_pre_tokenizer.h"
#include "tokenizers/processors/template_processing.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill {

absl::StatusOr<Vocab> ParseVocabTxt(std::string_view text, std::string_view source) {
  std::vector<std::pair<std::string, uint32_t>> entries;
  size_t line_start = 0;
  uint32_t line = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view token = text.substr(line_start, line_end - line_start);
    if (!token.empty() && token.back() == '\r') token.remove_suffix(1);
    if (auto status = utf8::Validate(token); !status.ok()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: line %d: %s", source, line + 1, status.message()));
    }
    // HF's reader trims the line (trim_end of the newline only); an empty line is a token
    // position too, which a vocabulary never legitimately has.
    if (token.empty()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: line %d: empty token", source, line + 1));
    }
    entries.emplace_back(std::string(token), line);
    ++line;
    line_start = line_end + 1;
  }
  if (entries.empty()) return absl::InvalidArgumentError(absl::StrFormat("%s: no tokens", source));
  auto vocab = Vocab::Create(std::move(entries));
  if (!vocab.ok()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s", source, vocab.status().message()));
  }
  return vocab;
}

absl::StatusOr<Vocab> ReadVocabTxt(const std::string& path) {
  TM_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  return ParseVocabTxt(text, path);
}

absl::StatusOr<std::unique_ptr<Tokenizer>> LoadBertVocabTxt(const std::string& path,
                                                            const BertVocabOptions& options) {
  TM_ASSIGN_OR_RETURN(Vocab vocab, ReadVocabTxt(path));
  TokenizerParts parts;
  // Special tokens present in the vocabulary become added tokens, in id order (as HF does).
  for (const std::string* name : {&options.pad_token, &options.unk_token, &options.cls_token,
                                  &options.sep_token, &options.mask_token}) {
    if (auto id = vocab.Find(*name)) {
      parts.added_tokens.push_back(AddedToken{*name, *id, false, false, false, false, true});
    }
  }
  std::sort(parts.added_tokens.begin(), parts.added_tokens.end(),
            [](const AddedToken& a, const AddedToken& b) { return a.id < b.id; });
  auto cls = vocab.Find(options.cls_token);
  auto sep = vocab.Find(options.sep_token);
  if (!cls || !sep) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: the vocabulary lacks %s or %s", path, options.cls_token, options.sep_token));
  }
  if (!vocab.Find(options.unk_token)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: the vocabulary lacks the unk token %s", path, options.unk_token));
  }
  parts.normalizer = std::make_unique<BertNormalizer>(BertNormalizerOptions{
      options.clean_text, options.handle_chinese_chars, options.strip_accents, options.lowercase});
  parts.pre_tokenizer = std::make_unique<BertPreTokenizer>();
  TM_ASSIGN_OR_RETURN(parts.model,
                      WordPiece::Create(std::move(vocab),
                                        WordPieceOptions{options.unk_token,
                                                         options.continuing_subword_prefix,
                                                         options.max_input_chars_per_word}));
  using P = TemplatePiece;
  TM_ASSIGN_OR_RETURN(
      parts.post_processor,
      TemplateProcessing::Create(
          {{P::kSpecialToken, options.cls_token, 0}, {P::kSequenceA, "", 0},
           {P::kSpecialToken, options.sep_token, 0}},
          {{P::kSpecialToken, options.cls_token, 0}, {P::kSequenceA, "", 0},
           {P::kSpecialToken, options.sep_token, 0}, {P::kSequenceB, "", 1},
           {P::kSpecialToken, options.sep_token, 1}},
          {{options.cls_token, {*cls}, {options.cls_token}},
           {options.sep_token, {*sep}, {options.sep_token}}}));
  parts.decoder = std::make_unique<WordPieceDecoder>(options.continuing_subword_prefix, true);
  return Tokenizer::Create(std::move(parts));
}

absl::Status SaveVocabTxt(const Tokenizer& tokenizer, const std::string& path) {
  const Model& model = *tokenizer.parts().model;
  auto vocab = model.GetVocab();
  std::ofstream out(path, std::ios::binary);
  if (!out) return absl::PermissionDeniedError(absl::StrFormat("%s: cannot write file", path));
  for (size_t i = 0; i < vocab.size(); ++i) {
    if (vocab[i].second != i) {
      return absl::FailedPreconditionError(
          absl::StrFormat("%s: token ids are not dense (id %d missing)", path, i));
    }
    out << vocab[i].first << '\n';
  }
  if (!out) return absl::DataLossError(absl::StrFormat("%s: write failed", path));
  return absl::OkStatus();
}

}  // namespace tokenmill
