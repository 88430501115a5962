#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "simdjson.h"
#include "tokenizers/cli/commands.h"
#include "tokenizers/cli/json_lines.h"
#include "tokenizers/sentencepiece/sentencepiece_processor.h"
#include "tokenizers/serialization/tiktoken_file.h"

namespace tokenmill::cli {
namespace {

struct EncodeOptions {
  TokenizerSource source;
  std::string input = "-";
  std::string output = "-";
  bool no_special_tokens = false;
  bool plain_text = false;
  bool extra = false;
  std::string allowed_special;  // tiktoken: "all" or a comma-separated list; else encode_ordinary
  // SentencePiece: spm_encode's --vocabulary / --vocabulary_threshold (SetVocabulary).
  std::string vocabulary;
  int vocabulary_threshold = 0;
};

// One input: a text and maybe its pair, or (is_pretokenized) words and maybe pair words.
struct Input {
  std::string_view text;
  std::optional<std::string_view> pair;
  bool is_words = false;
  std::vector<std::string_view> words;
  std::optional<std::vector<std::string_view>> pair_words;
  bool single_text() const { return !is_words && !pair; }
};

// `key`'s array of strings in `doc`: nullopt when absent, an error message when malformed.
std::optional<std::vector<std::string_view>> StringArray(simdjson::dom::element doc,
                                                         const char* key, std::string& error) {
  simdjson::dom::element value;
  if (doc[key].get(value)) return std::nullopt;
  simdjson::dom::array array;
  std::vector<std::string_view> out;
  if (value.get_array().get(array)) {
    error = absl::StrFormat("\"%s\" must be an array of strings", key);
    return out;
  }
  for (simdjson::dom::element item : array) {
    std::string_view word;
    if (item.get_string().get(word)) {
      error = absl::StrFormat("\"%s\" must be an array of strings", key);
      return out;
    }
    out.push_back(word);
  }
  return out;
}

// An input from one JSONL object: {"text", optional "pair"} or {"words", optional
// "pair_words"}. An error message (empty when fine).
std::string ParseInput(simdjson::dom::element doc, Input& input) {
  std::string error;
  std::optional<std::vector<std::string_view>> words = StringArray(doc, "words", error);
  if (!error.empty()) return error;
  std::string_view value;
  const bool has_text = !doc["text"].get_string().get(value);
  if (has_text == words.has_value()) {
    return "expected a JSON object with a \"text\" string or a \"words\" array";
  }
  input = Input();
  if (words) {
    input.is_words = true;
    input.words = *std::move(words);
    input.pair_words = StringArray(doc, "pair_words", error);
    return error;
  }
  input.text = value;
  simdjson::dom::element pair;
  if (!doc["pair"].get(pair)) {
    std::string_view pair_text;
    if (pair.get_string().get(pair_text)) return "\"pair\" must be a string";
    input.pair = pair_text;
  }
  return "";
}

// Lines of input: JSONL objects (see ParseInput) or plain text. Calls
// `encode_line(input, line_number)` (returning an exit code, 0 to go on) for each.
template <typename EncodeLine>
int ForEachInput(const EncodeOptions& o, EncodeLine encode_line) {
  std::ifstream file;
  if (o.input != "-") {
    file.open(o.input, std::ios::binary);
    if (!file) {
      std::cerr << "error: " << o.input << ": cannot open file\n";
      return 1;
    }
  }
  std::istream& in = o.input == "-" ? std::cin : file;
  simdjson::dom::parser parser;
  std::string line;
  size_t line_number = 0;
  Input input;
  while (std::getline(in, line)) {
    ++line_number;
    if (o.plain_text) {
      input = Input();
      input.text = line;
    } else {
      if (line.empty()) continue;
      simdjson::dom::element doc;
      std::string error = parser.parse(line).get(doc) ? "not JSON" : ParseInput(doc, input);
      if (!error.empty()) {
        std::cerr << absl::StrFormat("error: %s: line %d: %s\n", o.input, line_number, error);
        return 2;
      }
    }
    if (int code = encode_line(input, line_number); code != 0) return code;
  }
  return 0;
}

// ForEachInput for the encoders that take one text per line (tiktoken, SentencePiece).
template <typename EncodeText>
int ForEachInputText(const EncodeOptions& o, EncodeText encode_text) {
  return ForEachInput(o, [&](const Input& input, size_t line_number) {
    if (!input.single_text()) {
      std::cerr << absl::StrFormat(
          "error: %s: line %d: \"pair\" and \"words\" need a tokenizer.json or vocab.txt "
          "tokenizer\n",
          o.input, line_number);
      return 2;
    }
    return encode_text(input.text, line_number);
  });
}

// {"ids": [...], "tokens": [base64 of each token's bytes], "offsets": [[s, e], ...]}, as
// the tiktoken goldens (a token may be part of a character, so bytes, not text).
std::string TiktokenJsonLine(const TiktokenEncoding& encoding, const std::vector<uint32_t>& ids,
                             const std::vector<TokenOffset>& offsets) {
  std::string out = "{\"ids\": [";
  for (size_t i = 0; i < ids.size(); ++i) absl::StrAppend(&out, i ? ", " : "", ids[i]);
  out += "], \"tokens\": [";
  for (size_t i = 0; i < ids.size(); ++i) {
    absl::StrAppend(&out, i ? ", \"" : "\"",
                    EncodeBase64(*encoding.DecodeSingleTokenBytes(ids[i])), "\"");
  }
  out += "], \"offsets\": [";
  for (size_t i = 0; i < offsets.size(); ++i) {
    absl::StrAppend(&out, i ? ", [" : "[", offsets[i].first, ", ", offsets[i].second, "]");
  }
  out += "]}";
  return out;
}

int RunTiktokenEncode(const EncodeOptions& o, std::ostream& out) {
  auto encoding = o.source.LoadTiktoken();
  if (!encoding.ok()) {
    std::cerr << "error: " << encoding.status().message() << "\n";
    return 1;
  }
  const bool ordinary = o.allowed_special.empty();
  const SpecialTokenSet allowed =
      o.allowed_special == "all"
          ? SpecialTokenSet::All()
          : SpecialTokenSet::Of(absl::StrSplit(o.allowed_special, ',', absl::SkipEmpty()));
  std::vector<uint32_t> ids;
  std::vector<TokenOffset> offsets;
  return ForEachInputText(o, [&](std::string_view text, size_t line_number) {
    ids.clear();
    offsets.clear();
    // Special-token text not allowed is ordinary text here (never an error), as the goldens.
    const absl::Status status =
        ordinary ? (*encoding)->EncodeOrdinary(text, ids, &offsets)
                 : (*encoding)->Encode(text, allowed, SpecialTokenSet::None(), ids, &offsets);
    if (!status.ok()) {
      std::cerr << absl::StrFormat("error: %s: line %d: %s\n", o.input, line_number,
                                   status.message());
      return 2;
    }
    out << TiktokenJsonLine(**encoding, ids, offsets) << '\n';
    return 0;
  });
}

// A SentencePiece .model: {"ids", "tokens" (sentencepiece's pieces), "offsets" (bytes)}.
int RunSentencePieceEncode(const EncodeOptions& o, std::ostream& out) {
  auto processor = SentencePieceProcessor::Load(o.source.path);
  if (processor.ok() && !o.vocabulary.empty()) {
    processor = (*processor)->WithVocabularyFile(o.vocabulary, o.vocabulary_threshold);
  }
  if (!processor.ok()) {
    std::cerr << "error: " << processor.status().message() << "\n";
    return 1;
  }
  SentencePieceText encoded;
  std::string line;
  return ForEachInputText(o, [&](std::string_view text, size_t line_number) {
    const absl::Status status = (*processor)->Encode(text, encoded);
    if (!status.ok()) {
      std::cerr << absl::StrFormat("error: %s: line %d: %s\n", o.input, line_number,
                                   status.message());
      return 2;
    }
    line = "{\"ids\": [";
    for (size_t i = 0; i < encoded.pieces.size(); ++i)
      absl::StrAppend(&line, i ? ", " : "", encoded.pieces[i].id);
    line += "], \"tokens\": [";
    for (size_t i = 0; i < encoded.pieces.size(); ++i) {
      if (i) line += ", ";
      AppendJsonString((*processor)->PieceString(encoded, i), line);
    }
    line += "], \"offsets\": [";
    for (size_t i = 0; i < encoded.pieces.size(); ++i) {
      absl::StrAppend(&line, i ? ", [" : "[", encoded.pieces[i].begin, ", ",
                      encoded.pieces[i].end, "]");
    }
    line += "]}";
    out << line << '\n';
    return 0;
  });
}

// Reads one text per line: JSONL {"text": ...} or plain lines; encodes and writes JSONL.
int RunEncode(const EncodeOptions& o) {
  std::ofstream out_file;
  if (o.output != "-") out_file.open(o.output, std::ios::binary);
  std::ostream& out = o.output == "-" ? std::cout : out_file;
  if (o.source.is_tiktoken()) return RunTiktokenEncode(o, out);
  if (o.source.is_sentencepiece()) return RunSentencePieceEncode(o, out);
  if (!o.vocabulary.empty()) {
    std::cerr << "error: --vocabulary is for SentencePiece .model files\n";
    return 1;
  }
  if (!o.allowed_special.empty()) {
    std::cerr << "error: --allowed-special is for tiktoken encodings (--encoding, .tiktoken)\n";
    return 1;
  }
  auto tokenizer = o.source.Load();
  if (!tokenizer.ok()) {
    std::cerr << "error: " << tokenizer.status().message() << "\n";
    return 1;
  }
  return ForEachInput(o, [&](const Input& input, size_t line_number) {
    const bool special = !o.no_special_tokens;
    std::optional<Tokenizer::Words> pair_words;
    if (input.pair_words) pair_words = *input.pair_words;
    auto encoding = input.is_words ? (*tokenizer)->EncodeWords(input.words, pair_words, special)
                                   : (*tokenizer)->Encode(input.text, input.pair, special);
    if (!encoding.ok()) {
      std::cerr << absl::StrFormat("error: %s: line %d: %s\n", o.input, line_number,
                                   encoding.status().message());
      return 2;
    }
    out << EncodingToJsonLine(*encoding, o.extra) << '\n';
    return 0;
  });
}

}  // namespace

void AddEncodeCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<EncodeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "encode",
      "Encode JSONL lines to ids, tokens and offsets: {\"text\": ..., \"pair\": ...} (pair "
      "optional) or, pre-split, {\"words\": [...], \"pair_words\": [...]}");
  options->source.AddFlags(*cmd, /*with_tiktoken=*/true);
  cmd->add_option("-i,--input", options->input, "input file (default: stdin)");
  cmd->add_option("-o,--output", options->output, "output file (default: stdout)");
  cmd->add_flag("--no-special-tokens", options->no_special_tokens, "do not add [CLS]/[SEP] etc.");
  cmd->add_flag("--text", options->plain_text, "read plain text lines instead of JSONL");
  cmd->add_flag("--extra", options->extra, "also write type_ids, masks and word_ids");
  cmd->add_option("--vocabulary", options->vocabulary,
                  "SentencePiece: encode with only the pieces of this \"piece<TAB>frequency\" "
                  "file (and single characters), as spm_encode --vocabulary");
  cmd->add_option("--vocabulary-threshold", options->vocabulary_threshold,
                  "SentencePiece: with --vocabulary, only pieces seen at least this often")
      ->default_val(0);
  cmd->add_option("--allowed-special", options->allowed_special,
                  "tiktoken: \"all\" or a comma-separated list of special tokens to encode as "
                  "such (default: encode_ordinary, special-token text is ordinary text)");
  cmd->callback([options, &exit_code] { exit_code = RunEncode(*options); });
}

}  // namespace tokenmill::cli
