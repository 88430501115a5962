// `tokenmill bench`: encoding throughput of one tokenizer on a text file.
//
// The file (plain lines, or JSONL {"text": ...}) is read into memory first; only encoding is
// timed. Then: load time (first and best of --load-repeat), the first encode (lazy builds),
// one untimed pass that warms up and computes a digest of every id (so a run can be checked
// against another implementation's output), then --repeat timed passes. Each pass cuts the
// texts into calls of --batch-size texts, which --threads workers take in turn (one encode per
// text: the library's public call, a fresh result each time). Reported: bytes, tokens, MB/s
// (10^6 bytes of text per wall second) and tokens/s of the best and the median pass, per-call
// latency percentiles from one more pass that times every call (the throughput passes read no
// clock per call), CPU time, peak RSS. --json prints one object.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <ctime>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "nlohmann/json.hpp"
#include "simdjson.h"
#include "tokenizers/cli/bench_encoder.h"
#include "tokenizers/cli/commands.h"

namespace tokenmill::cli {
namespace {

struct BenchOptions {
  TokenizerSource source;
  std::string input;
  int threads = 1;
  int batch_size = 1;
  int repeat = 5;
  int load_repeat = 3;
  bool no_special_tokens = false;
  bool no_piece_cache = false;
  bool jsonl = false;  // also implied by a .jsonl input name
  bool json = false;
};

double NowSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double CpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);  // all threads of the process
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

double PeakRssMb() {
  rusage usage;
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;  // Linux reports KiB
}

struct Corpus {
  std::vector<std::string> texts;  // non-empty texts only
  size_t bytes = 0;
};

// The non-empty lines of a text file, or the non-empty "text" fields of a JSONL file.
absl::StatusOr<Corpus> ReadCorpus(const std::string& path, bool jsonl) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrFormat("%s: cannot open file", path));
  Corpus corpus;
  simdjson::dom::parser parser;
  std::string line;
  size_t line_number = 0;
  while (std::getline(in, line)) {
    ++line_number;
    if (line.empty()) continue;
    if (!jsonl) {
      corpus.texts.push_back(std::move(line));
      continue;
    }
    simdjson::dom::element doc;
    std::string_view text;
    if (parser.parse(line).get(doc) || doc["text"].get_string().get(text)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: line %d: expected a JSON object with a \"text\" string", path, line_number));
    }
    if (!text.empty()) corpus.texts.emplace_back(text);
  }
  if (in.bad()) return absl::DataLossError(absl::StrFormat("%s: read error", path));
  for (const std::string& text : corpus.texts) corpus.bytes += text.size();
  return corpus;
}

// FNV-1a over every id, with a separator after each text: equal digests mean equal ids,
// text by text. benchmarks/compare computes the same for the other implementations.
class IdsDigest {
 public:
  void AddText(const std::vector<uint32_t>& ids) {
    for (uint32_t id : ids) Mix(id);
    Mix(0xFFFFFFFFu);
  }
  std::string Hex() const { return absl::StrFormat("%08x", hash_); }

 private:
  void Mix(uint32_t value) { hash_ = (hash_ ^ value) * 16777619u; }
  uint32_t hash_ = 2166136261u;
};

struct Pass {
  double seconds = 0;
  double cpu_seconds = 0;
  size_t tokens = 0;
  std::vector<float> call_us;  // one per call (batch of texts), in call order
};

// One timed pass: calls of `batch_size` texts taken in turn by `threads` workers. With
// `time_calls`, each call's latency too (the throughput passes read no clock per call: a read
// costs ~20 ns, a few percent of a short call, which the anchors' whole-pass timing does not pay).
absl::StatusOr<Pass> TimedPass(const BenchEncoder& encoder, const Corpus& corpus, int threads,
                               int batch_size, bool time_calls) {
  const size_t n = corpus.texts.size();
  const size_t calls = (n + batch_size - 1) / batch_size;
  Pass pass;
  if (time_calls) pass.call_us.assign(calls, 0.f);
  std::atomic<size_t> next_call{0};
  std::atomic<size_t> tokens{0};
  std::mutex error_mutex;
  absl::Status error;
  auto worker = [&] {
    size_t my_tokens = 0;
    // One clock read per call: a call's end is the next one's start.
    double t0 = time_calls ? NowSeconds() : 0;
    for (size_t call = next_call++; call < calls; call = next_call++) {
      const size_t end = std::min(n, (call + 1) * batch_size);
      for (size_t i = call * batch_size; i < end; ++i) {
        auto ids = encoder.Encode(corpus.texts[i]);
        if (!ids.ok()) {
          std::lock_guard lock(error_mutex);
          if (error.ok()) {
            error = absl::Status(ids.status().code(),
                                 absl::StrFormat("text %d: %s", i + 1, ids.status().message()));
          }
          next_call = calls;  // stop every worker
          return;
        }
        my_tokens += ids->size();
      }
      if (time_calls) {
        const double t1 = NowSeconds();
        pass.call_us[call] = static_cast<float>((t1 - t0) * 1e6);
        t0 = t1;
      }
    }
    tokens += my_tokens;
  };
  const double wall0 = NowSeconds(), cpu0 = CpuSeconds();
  if (threads <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t) pool.emplace_back(worker);
    for (std::thread& thread : pool) thread.join();
  }
  pass.seconds = NowSeconds() - wall0;
  pass.cpu_seconds = CpuSeconds() - cpu0;
  if (!error.ok()) return error;
  pass.tokens = tokens;
  return pass;
}

// Untimed: every text once, in order (also the warm-up). Returns the tokens and the digest.
absl::StatusOr<std::pair<size_t, std::string>> DigestPass(const BenchEncoder& encoder,
                                                         const Corpus& corpus) {
  IdsDigest digest;
  size_t tokens = 0;
  for (size_t i = 0; i < corpus.texts.size(); ++i) {
    auto ids = encoder.Encode(corpus.texts[i]);
    if (!ids.ok()) {
      return absl::Status(ids.status().code(),
                          absl::StrFormat("text %d: %s", i + 1, ids.status().message()));
    }
    tokens += ids->size();
    digest.AddText(*ids);
  }
  return std::make_pair(tokens, digest.Hex());
}

double Percentile(const std::vector<float>& sorted, double p) {
  if (sorted.empty()) return 0;
  const size_t index = std::min(sorted.size() - 1, static_cast<size_t>(p * sorted.size()));
  return sorted[index];
}

int RunBench(BenchOptions o) {
  if (o.threads <= 0) o.threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (o.batch_size <= 0) return Fail(absl::InvalidArgumentError("--batch-size must be at least 1"));
  o.repeat = std::max(1, o.repeat);
  // The text first, so loading is timed on its own and the passes touch memory only.
  auto corpus = ReadCorpus(o.input, o.jsonl || absl::EndsWith(o.input, ".jsonl"));
  if (!corpus.ok()) return Fail(corpus.status());
  if (corpus->texts.empty()) return Fail(absl::InvalidArgumentError(o.input + ": no text to encode"));

  BenchEncoderOptions encoder_options;
  encoder_options.add_special_tokens = !o.no_special_tokens;
  encoder_options.piece_cache = !o.no_piece_cache;
  std::unique_ptr<BenchEncoder> encoder;
  double first_load_ms = 0, best_load_ms = 0;
  for (int i = 0; i < std::max(1, o.load_repeat); ++i) {
    const double t0 = NowSeconds();
    auto loaded = LoadBenchEncoder(o.source, encoder_options);
    const double ms = (NowSeconds() - t0) * 1e3;
    if (!loaded.ok()) return Fail(loaded.status());
    if (i == 0) first_load_ms = best_load_ms = ms;
    best_load_ms = std::min(best_load_ms, ms);
    encoder = *std::move(loaded);
  }
  // The first call pays for what a component builds lazily (e.g. WordPiece's trie).
  const double t0 = NowSeconds();
  if (auto first = encoder->Encode(corpus->texts.front()); !first.ok()) return Fail(first.status());
  const double first_encode_ms = (NowSeconds() - t0) * 1e3;

  auto digest = DigestPass(*encoder, *corpus);
  if (!digest.ok()) return Fail(digest.status());

  // --repeat throughput passes, then one more that times every call for the latencies.
  std::vector<Pass> passes;
  for (int r = 0; r <= o.repeat; ++r) {
    auto pass = TimedPass(*encoder, *corpus, o.threads, o.batch_size, /*time_calls=*/r == o.repeat);
    if (!pass.ok()) return Fail(pass.status());
    if (pass->tokens != digest->first) {
      return Fail(absl::InternalError(absl::StrFormat(
          "pass %d gave %d tokens, the first pass %d", r + 1, pass->tokens, digest->first)));
    }
    passes.push_back(*std::move(pass));
  }
  std::vector<float> calls = std::move(passes.back().call_us);
  passes.pop_back();

  std::vector<double> seconds;
  double cpu_seconds_total = 0, seconds_total = 0;
  for (const Pass& p : passes) {
    seconds.push_back(p.seconds);
    cpu_seconds_total += p.cpu_seconds;
    seconds_total += p.seconds;
  }
  std::vector<double> sorted_seconds = seconds;
  std::sort(sorted_seconds.begin(), sorted_seconds.end());
  std::sort(calls.begin(), calls.end());
  const double best = sorted_seconds.front(), worst = sorted_seconds.back();
  const size_t m = sorted_seconds.size();
  const double median = m % 2 ? sorted_seconds[m / 2]
                              : (sorted_seconds[m / 2 - 1] + sorted_seconds[m / 2]) / 2;
  const double mb = corpus->bytes / 1e6;
  const size_t tokens = digest->first;
  double mean_call = 0;
  for (float c : calls) mean_call += c;
  mean_call /= std::max<size_t>(1, calls.size());

  nlohmann::ordered_json j;
  j["tokenizer"] = o.source.encoding.empty() ? o.source.path : o.source.encoding;
  j["encoder"] = encoder->Description();
  j["input"] = o.input;
  j["texts"] = corpus->texts.size();
  j["bytes"] = corpus->bytes;
  j["tokens"] = tokens;
  j["threads"] = o.threads;
  j["batch_size"] = o.batch_size;
  j["repeat"] = o.repeat;
  j["add_special_tokens"] = !o.no_special_tokens && !o.source.is_tiktoken();
  if (o.source.is_tiktoken()) j["piece_cache"] = !o.no_piece_cache;
  j["seconds"] = best;
  j["seconds_median"] = median;
  j["mb_per_s"] = mb / best;
  j["mb_per_s_median"] = mb / median;
  j["mb_per_s_min"] = mb / worst;
  j["tokens_per_s"] = tokens / best;
  j["tokens_per_s_median"] = tokens / median;
  j["cpu_per_wall"] = cpu_seconds_total / seconds_total;
  j["mb_per_cpu_s"] = mb * o.repeat / cpu_seconds_total;
  j["pass_seconds"] = seconds;
  j["latency_us"] = {{"calls", calls.size()},
                     {"mean", mean_call},
                     {"p50", Percentile(calls, 0.50)},
                     {"p90", Percentile(calls, 0.90)},
                     {"p99", Percentile(calls, 0.99)},
                     {"p999", Percentile(calls, 0.999)},
                     {"max", calls.empty() ? 0.0 : calls.back()}};
  j["load_ms"] = first_load_ms;
  j["load_ms_best"] = best_load_ms;
  j["first_encode_ms"] = first_encode_ms;
  j["peak_rss_mb"] = PeakRssMb();
  j["ids_digest"] = digest->second;

  if (o.json) {
    std::cout << j.dump() << "\n";
    return 0;
  }
  std::cout << absl::StrFormat(
      "tokenizer   %s\n"
      "encoder     %s\n"
      "input       %s: %d texts, %.2f MB (in memory), %d tokens (%.0f per MB)\n"
      "load        %.1f ms first, %.1f ms best of %d; first encode %.2f ms\n"
      "threads     %d, %d text(s) per call, %d timed passes after one warm-up pass\n"
      "throughput  best %.2f MB/s, %.2f M tokens/s (%.3f s); median %.2f MB/s; worst %.2f MB/s\n"
      "cpu         %.2f cpu-s per wall-s, %.2f MB per cpu-s\n"
      "latency     per call (us, one more pass): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.1f  mean %.2f\n"
      "peak RSS    %.1f MB\n"
      "ids digest  %s\n",
      j["tokenizer"].get<std::string>(), encoder->Description(), o.input, corpus->texts.size(), mb,
      tokens, tokens / mb, first_load_ms, best_load_ms, std::max(1, o.load_repeat),
      first_encode_ms, o.threads, o.batch_size, o.repeat, mb / best, tokens / best / 1e6, best,
      mb / median, mb / worst, cpu_seconds_total / seconds_total,
      mb * o.repeat / cpu_seconds_total, Percentile(calls, 0.5), Percentile(calls, 0.9),
      Percentile(calls, 0.99), Percentile(calls, 0.999), calls.empty() ? 0.0 : calls.back(),
      mean_call, PeakRssMb(), digest->second);
  return 0;
}

}  // namespace

void AddBenchCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand(
      "bench",
      "Encoding throughput on a text file: MB/s, tokens/s, per-call latency, peak RSS");
  options->source.AddFlags(*cmd, /*with_tiktoken=*/true);
  cmd->add_option("-i,--input", options->input,
                  "text file (one text per non-empty line), or .jsonl with \"text\" fields")
      ->required();
  cmd->add_option("--threads", options->threads, "worker threads (0: all cores)")
      ->capture_default_str();
  cmd->add_option("--batch-size", options->batch_size,
                  "texts per call; workers take calls in turn; latency is per call")
      ->capture_default_str();
  cmd->add_option("-n,--repeat", options->repeat, "timed passes; best and median are reported")
      ->capture_default_str();
  cmd->add_option("--load-repeat", options->load_repeat, "loads; first and best are reported")
      ->capture_default_str();
  cmd->add_flag("--jsonl", options->jsonl, "read JSONL {\"text\": ...} whatever the file name");
  cmd->add_flag("--no-special-tokens", options->no_special_tokens, "do not add [CLS]/[SEP] etc.");
  cmd->add_flag("--no-piece-cache", options->no_piece_cache,
                "tiktoken encodings: no per-thread cache of multi-token pieces (the repeated "
                "passes over one file would otherwise hit it more than new text does)");
  cmd->add_flag("--json", options->json, "print one JSON object instead of the text report");
  cmd->callback([options, &exit_code] { exit_code = RunBench(*options); });
}

}  // namespace tokenmill::cli
