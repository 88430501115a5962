// `tokenmill bench`: single-thread throughput of one tokenizer on a text file, as JSON.
//
// Mirrors what the HF oracle benchmark measures, so the two can be put side by side: load
// time of the tokenizer file, then one Encode call per non-empty line, best of --repeat
// passes, MB/s (10^6 bytes of line text per wall second) and tokens/s, peak RSS.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "simdjson.h"
#include "tokenizers/cli/commands.h"

namespace tokenmill::cli {
namespace {

struct BenchOptions {
  TokenizerSource source;
  std::string input;
  int repeat = 3;
  int load_repeat = 5;
  bool no_special_tokens = false;
  bool jsonl = false;  // also implied by a .jsonl input name
};

double WallMs() {
  return std::chrono::duration<double, std::milli>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double CpuMs() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

double PeakRssMb() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux reports KiB
}

// The non-empty lines of a text file, or the "text" fields of a JSONL file.
absl::StatusOr<std::vector<std::string>> ReadLines(const std::string& path, bool jsonl) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrFormat("%s: cannot open file", path));
  std::vector<std::string> lines;
  simdjson::dom::parser parser;
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    if (!jsonl) {
      lines.push_back(std::move(line));
      continue;
    }
    simdjson::dom::element doc;
    std::string_view text;
    if (parser.parse(line).get(doc) || doc["text"].get_string().get(text)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: line %d: expected a JSON object with a \"text\" string", path,
                          line_number));
    }
    if (!text.empty()) lines.emplace_back(text);
  }
  return lines;
}

struct Pass {
  double wall_ms = 0;
  double cpu_ms = 0;
  size_t tokens = 0;
};

absl::StatusOr<Pass> EncodeAll(const Tokenizer& tokenizer, const std::vector<std::string>& lines,
                               size_t count, bool add_special_tokens) {
  Pass pass;
  const double wall0 = WallMs(), cpu0 = CpuMs();
  for (size_t i = 0; i < count; ++i) {
    auto encoding = tokenizer.Encode(lines[i], std::nullopt, add_special_tokens);
    if (!encoding.ok()) {
      return absl::Status(encoding.status().code(),
                          absl::StrFormat("line %d: %s", i + 1, encoding.status().message()));
    }
    pass.tokens += encoding->size();
  }
  pass.wall_ms = WallMs() - wall0;
  pass.cpu_ms = CpuMs() - cpu0;
  return pass;
}

int RunBench(const BenchOptions& o) {
  auto fail = [](const absl::Status& status) {
    std::cerr << "error: " << status.message() << "\n";
    return 1;
  };
  // Load time: the first load (cold caches) and the best of --load-repeat.
  std::unique_ptr<Tokenizer> tokenizer;
  double first_load_ms = 0, best_load_ms = 0;
  for (int i = 0; i < std::max(1, o.load_repeat); ++i) {
    const double t0 = WallMs();
    auto loaded = o.source.Load();
    const double ms = WallMs() - t0;
    if (!loaded.ok()) return fail(loaded.status());
    if (i == 0) first_load_ms = best_load_ms = ms;
    best_load_ms = std::min(best_load_ms, ms);
    tokenizer = *std::move(loaded);
  }
  auto lines = ReadLines(o.input, o.jsonl || absl::EndsWith(o.input, ".jsonl"));
  if (!lines.ok()) return fail(lines.status());
  size_t bytes = 0;
  for (const std::string& line : *lines) bytes += line.size();

  const bool add_special = !o.no_special_tokens;
  // The first call pays for whatever a component builds lazily (e.g. WordPiece's trie): a
  // fair "ready to encode" time is load + first encode.
  double first_encode_ms = 0;
  if (!lines->empty()) {
    const double t0 = WallMs();
    auto first = tokenizer->Encode(lines->front(), std::nullopt, add_special);
    first_encode_ms = WallMs() - t0;
    if (!first.ok()) return fail(first.status());
  }
  // Warm-up on the first lines (as the HF benchmark does), then the timed passes.
  if (auto warm = EncodeAll(*tokenizer, *lines, std::min<size_t>(2000, lines->size()), add_special);
      !warm.ok()) {
    return fail(warm.status());
  }
  Pass best;
  for (int r = 0; r < std::max(1, o.repeat); ++r) {
    auto pass = EncodeAll(*tokenizer, *lines, lines->size(), add_special);
    if (!pass.ok()) return fail(pass.status());
    if (r == 0 || pass->wall_ms < best.wall_ms) best = *pass;
  }
  const double seconds = best.wall_ms / 1e3;
  std::cout << absl::StrFormat(
      "{\"tokenizer\": \"%s\", \"input\": \"%s\", \"lines\": %d, \"bytes\": %d, "
      "\"add_special_tokens\": %s, \"repeat\": %d, \"load_ms\": %.3f, \"load_ms_best\": %.3f, \"first_encode_ms\": %.3f, "
      "\"wall_ms\": %.3f, \"cpu_ms\": %.3f, \"tokens\": %d, \"mb_per_s\": %.3f, "
      "\"mb_per_cpu_s\": %.3f, \"tokens_per_s\": %.0f, \"max_rss_mb\": %.1f}\n",
      o.source.path, o.input, lines->size(), bytes, add_special ? "true" : "false", o.repeat,
      first_load_ms, best_load_ms, first_encode_ms, best.wall_ms, best.cpu_ms, best.tokens,
      bytes / 1e6 / seconds, bytes / 1e6 / (best.cpu_ms / 1e3), best.tokens / seconds,
      PeakRssMb());
  return 0;
}

}  // namespace

void AddBenchCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand(
      "bench", "Single-thread throughput: encode every line of a file, print JSON (MB/s, tokens/s, load ms)");
  options->source.AddFlags(*cmd);
  cmd->add_option("-i,--input", options->input, "text file (one text per line) or .jsonl with \"text\"")
      ->required();
  cmd->add_option("-n,--repeat", options->repeat, "timed passes over the file; the best is reported");
  cmd->add_option("--load-repeat", options->load_repeat, "tokenizer loads; first and best are reported");
  cmd->add_flag("--jsonl", options->jsonl, "read JSONL {\"text\": ...} whatever the file name");
  cmd->add_flag("--no-special-tokens", options->no_special_tokens, "do not add [CLS]/[SEP] etc.");
  cmd->callback([options, &exit_code] { exit_code = RunBench(*options); });
}

}  // namespace tokenmill::cli
