#include <cstdio>
#include <fstream>
#include <iostream>

#include "absl/strings/str_format.h"
#include "simdjson.h"
#include "tokenizers/cli/commands.h"
#include "tokenizers/cli/json_lines.h"

namespace tokenmill::cli {
namespace {

struct EncodeOptions {
  TokenizerSource source;
  std::string input = "-";
  std::string output = "-";
  bool no_special_tokens = false;
  bool plain_text = false;
  bool extra = false;
};

// Reads one text per line: JSONL {"text": ...} or plain lines; encodes and writes JSONL.
int RunEncode(const EncodeOptions& o) {
  auto tokenizer = o.source.Load();
  if (!tokenizer.ok()) {
    std::cerr << "error: " << tokenizer.status().message() << "\n";
    return 1;
  }
  std::ifstream file;
  if (o.input != "-") {
    file.open(o.input, std::ios::binary);
    if (!file) {
      std::cerr << "error: " << o.input << ": cannot open file\n";
      return 1;
    }
  }
  std::istream& in = o.input == "-" ? std::cin : file;
  std::ofstream out_file;
  if (o.output != "-") out_file.open(o.output, std::ios::binary);
  std::ostream& out = o.output == "-" ? std::cout : out_file;

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
    auto encoding = (*tokenizer)->Encode(text, std::nullopt, !o.no_special_tokens);
    if (!encoding.ok()) {
      std::cerr << absl::StrFormat("error: %s: line %d: %s\n", o.input, line_number,
                                   encoding.status().message());
      return 2;
    }
    out << EncodingToJsonLine(*encoding, o.extra) << '\n';
  }
  return 0;
}

}  // namespace

void AddEncodeCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<EncodeOptions>();
  CLI::App* cmd = app.add_subcommand("encode", "Encode JSONL {\"text\": ...} lines to ids, tokens and offsets");
  options->source.AddFlags(*cmd);
  cmd->add_option("-i,--input", options->input, "input file (default: stdin)");
  cmd->add_option("-o,--output", options->output, "output file (default: stdout)");
  cmd->add_flag("--no-special-tokens", options->no_special_tokens, "do not add [CLS]/[SEP] etc.");
  cmd->add_flag("--text", options->plain_text, "read plain text lines instead of JSONL");
  cmd->add_flag("--extra", options->extra, "also write type_ids, masks and word_ids");
  cmd->callback([options, &exit_code] { exit_code = RunEncode(*options); });
}

}  // namespace tokenmill::cli
