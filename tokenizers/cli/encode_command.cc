#include <cstdio>
#include <fstream>
#include <iostream>

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
};

// Lines of input: JSONL {"text": ...} or plain text. Calls `encode_line(text, line_number)`
// (returning an exit code, 0 to go on) for each.
template <typename EncodeLine>
int ForEachInputText(const EncodeOptions& o, EncodeLine encode_line) {
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
  while (std::getline(in, line)) {
    ++line_number;
    std::string_view text = line;
    if (!o.plain_text) {
      if (line.empty()) continue;
      simdjson::dom::element doc;
      std::string_view value;
      if (parser.parse(line).get(doc) || doc["text"].get_string().get(value)) {
        std::cerr << absl::StrFormat("error: %s: line %d: expected a JSON object with a \"text\" string\n",
                                     o.input, line_number);
        return 2;
      }
      text = value;
    }
    if (int code = encode_line(text, line_number); code != 0) return code;
  }
  return 0;
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
  if (!o.allowed_special.empty()) {
    std::cerr << "error: --allowed-special is for tiktoken encodings (--encoding, .tiktoken)\n";
    return 1;
  }
  auto tokenizer = o.source.Load();
  if (!tokenizer.ok()) {
    std::cerr << "error: " << tokenizer.status().message() << "\n";
    return 1;
  }
  return ForEachInputText(o, [&](std::string_view text, size_t line_number) {
    auto encoding = (*tokenizer)->Encode(text, std::nullopt, !o.no_special_tokens);
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
  CLI::App* cmd = app.add_subcommand("encode", "Encode JSONL {\"text\": ...} lines to ids, tokens and offsets");
  options->source.AddFlags(*cmd, /*with_tiktoken=*/true);
  cmd->add_option("-i,--input", options->input, "input file (default: stdin)");
  cmd->add_option("-o,--output", options->output, "output file (default: stdout)");
  cmd->add_flag("--no-special-tokens", options->no_special_tokens, "do not add [CLS]/[SEP] etc.");
  cmd->add_flag("--text", options->plain_text, "read plain text lines instead of JSONL");
  cmd->add_flag("--extra", options->extra, "also write type_ids, masks and word_ids");
  cmd->add_option("--allowed-special", options->allowed_special,
                  "tiktoken: \"all\" or a comma-separated list of special tokens to encode as "
                  "such (default: encode_ordinary, special-token text is ordinary text)");
  cmd->callback([options, &exit_code] { exit_code = RunEncode(*options); });
}

}  // namespace tokenmill::cli
