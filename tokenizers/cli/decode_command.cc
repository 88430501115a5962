#include <fstream>
#include <iostream>

#include "absl/strings/str_format.h"
#include "simdjson.h"
#include "tokenizers/cli/commands.h"
#include "tokenizers/cli/json_lines.h"

namespace tokenmill::cli {
namespace {

struct DecodeOptions {
  TokenizerSource source;
  std::string input = "-";
  bool keep_special_tokens = false;
};

int RunDecode(const DecodeOptions& o) {
  auto tokenizer = o.source.Load();
  if (!tokenizer.ok()) {
    std::cerr << "error: " << tokenizer.status().message() << "\n";
    return 1;
  }
  std::ifstream file;
  if (o.input != "-") file.open(o.input, std::ios::binary);
  std::istream& in = o.input == "-" ? std::cin : file;
  simdjson::dom::parser parser;
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    simdjson::dom::element doc;
    simdjson::dom::array ids_json;
    std::vector<uint32_t> ids;
    bool ok = !parser.parse(line).get(doc) && !doc["ids"].get_array().get(ids_json);
    for (auto v : ids_json) {
      uint64_t id;
      if (!ok || v.get_uint64().get(id) || id > UINT32_MAX) { ok = false; break; }
      ids.push_back(static_cast<uint32_t>(id));
    }
    if (!ok) {
      std::cerr << absl::StrFormat("error: line %d: expected {\"ids\": [non-negative integers]}\n", line_number);
      return 2;
    }
    auto text = (*tokenizer)->Decode(ids, !o.keep_special_tokens);
    if (!text.ok()) {
      std::cerr << absl::StrFormat("error: line %d: %s\n", line_number, text.status().message());
      return 2;
    }
    std::string out = "{\"text\": ";
    AppendJsonString(*text, out);
    std::cout << out << "}\n";
  }
  return 0;
}

}  // namespace

void AddDecodeCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DecodeOptions>();
  CLI::App* cmd = app.add_subcommand("decode", "Decode JSONL {\"ids\": [...]} lines to {\"text\": ...}");
  options->source.AddFlags(*cmd);
  cmd->add_option("-i,--input", options->input, "input file (default: stdin)");
  cmd->add_flag("--keep-special-tokens", options->keep_special_tokens, "do not skip special tokens");
  cmd->callback([options, &exit_code] { exit_code = RunDecode(*options); });
}

}  // namespace tokenmill::cli
