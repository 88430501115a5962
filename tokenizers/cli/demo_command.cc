#include <chrono>
#include <fstream>
#include <iostream>

#include "absl/strings/str_format.h"
#include "tokenizers/cli/commands.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill::cli {
namespace {

struct DemoOptions {
  TokenizerSource source;
  std::string text_file;
};

// Tokenizes a sample text, prints its first tokens and a throughput line.
int RunDemo(const DemoOptions& o) {
  auto tokenizer = o.source.Load();
  if (!tokenizer.ok()) {
    std::cerr << "error: " << tokenizer.status().message() << "\n";
    return 1;
  }
  auto text = ReadFile(o.text_file);
  if (!text.ok()) {
    std::cerr << "error: " << text.status().message() << "\n";
    return 1;
  }
  std::vector<std::string_view> lines;
  for (size_t start = 0; start < text->size();) {
    size_t end = text->find('\n', start);
    if (end == std::string::npos) end = text->size();
    if (end > start) lines.emplace_back(text->data() + start, end - start);
    start = end + 1;
  }
  if (lines.empty()) {
    std::cerr << "error: " << o.text_file << ": no text\n";
    return 1;
  }
  auto first = (*tokenizer)->Encode(lines[0]);
  if (!first.ok()) {
    std::cerr << "error: " << first.status().message() << "\n";
    return 1;
  }
  std::cout << "text:   " << lines[0].substr(0, 200) << "\ntokens:";
  for (size_t i = 0; i < first->size() && i < 40; ++i) std::cout << ' ' << first->tokens[i];
  std::cout << "\nids:   ";
  for (size_t i = 0; i < first->size() && i < 40; ++i) std::cout << ' ' << first->ids[i];
  std::cout << "\n";
  size_t tokens = 0;
  const auto start = std::chrono::steady_clock::now();
  for (std::string_view line : lines) {
    auto e = (*tokenizer)->Encode(line);
    if (!e.ok()) {
      std::cerr << "error: " << e.status().message() << "\n";
      return 1;
    }
    tokens += e->size();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << absl::StrFormat(
      "throughput: %d lines, %.2f MB, %d tokens in %.3f s = %.1f MB/s, %.2f M tokens/s (1 thread)\n",
      lines.size(), text->size() / 1e6, tokens, seconds, text->size() / 1e6 / seconds,
      tokens / 1e6 / seconds);
  return 0;
}

}  // namespace

void AddDemoCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand("demo", "Tokenize a sample text and report throughput");
  options->source.AddFlags(*cmd);
  cmd->add_option("--text-file", options->text_file, "plain text, one paragraph per line")->required();
  cmd->callback([options, &exit_code] { exit_code = RunDemo(*options); });
}

}  // namespace tokenmill::cli
