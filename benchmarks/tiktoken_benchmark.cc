// tiktoken encodings (cl100k_base, o200k_base, ...): encode_ordinary of the dev corpus, one
// call per line, and loading the bundled rank file. Compare with tiktoken's own numbers from
// ../shared/oracles/bench_oracles.js on the same text (see README.md).
#include <benchmark/benchmark.h>

#include "benchmarks/bench_data.h"
#include "tests/testing/worst_case_inputs.h"
#include "tokenizers/models/tiktoken/tiktoken_loader.h"

namespace tokenmill {
namespace {

// `piece_cache`: whether repeated multi-token pieces come from the per-thread cache. The
// benchmark encodes the same corpus again and again, so "cold" (no cache) is the merge loop's
// own speed, and the cached one is what a long run over similar text sees.
const TiktokenEncoding* Encoding(std::string_view name, bool piece_cache = true) {
  static auto* loaded_encodings =
      new std::vector<std::pair<std::string, std::unique_ptr<TiktokenEncoding>>>();
  const std::string key = std::string(name) + (piece_cache ? "" : "/cold");
  for (auto& [n, e] : *loaded_encodings) {
    if (n == key) return e.get();
  }
  auto loaded = LoadTiktokenEncoding(name);
  if (!loaded.ok()) return nullptr;
  (*loaded)->set_use_piece_cache(piece_cache);
  loaded_encodings->emplace_back(key, std::move(*loaded));
  return loaded_encodings->back().second.get();
}

void BM_TiktokenEncodeOrdinary(benchmark::State& state, const char* name, bool piece_cache) {
  const TiktokenEncoding* encoding = Encoding(name, piece_cache);
  const auto& texts = bench::DevTexts();
  if (encoding == nullptr || texts.empty()) {
    state.SkipWithError("encoding or dev corpus not found");
    return;
  }
  size_t tokens = 0;
  for (auto _ : state) {
    for (const std::string& text : texts) {
      auto result = encoding->EncodeOrdinary(text);
      if (!result.ok()) {
        state.SkipWithError("encode failed");
        return;
      }
      tokens += result->size();
      benchmark::DoNotOptimize(result->data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bench::TotalBytes(texts)));
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}

// Worst-case inputs (tests/testing/worst_case_inputs.h) at growing sizes: bytes_per_second
// stays flat when the cost is linear; compare it with the dev corpus above (issue: within 2x).
void BM_TiktokenWorstCase(benchmark::State& state, const char* name) {
  const TiktokenEncoding* encoding = Encoding(name, /*piece_cache=*/false);
  const std::string_view kind = testing::kWorstCaseKinds[state.range(0)];
  const std::string text = testing::MakeWorstCaseInput(kind, static_cast<size_t>(state.range(1)));
  if (encoding == nullptr) {
    state.SkipWithError("encoding not found");
    return;
  }
  state.SetLabel(std::string(kind));
  for (auto _ : state) {
    auto ids = encoding->EncodeOrdinary(text);
    benchmark::DoNotOptimize(ids->data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

void WorstCaseArgs(benchmark::internal::Benchmark* b) {
  for (int kind = 0; kind < 5; ++kind) {
    for (int64_t size : {64 << 10, 1 << 20}) b->Args({kind, size});
  }
  b->Unit(benchmark::kMillisecond);
}

void BM_TiktokenLoad(benchmark::State& state, const char* name) {
  for (auto _ : state) {
    auto encoding = LoadTiktokenEncoding(name);
    if (!encoding.ok()) {
      state.SkipWithError("encoding not found");
      return;
    }
    benchmark::DoNotOptimize(encoding->get());
  }
}

BENCHMARK_CAPTURE(BM_TiktokenEncodeOrdinary, cl100k_base, "cl100k_base", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TiktokenEncodeOrdinary, o200k_base, "o200k_base", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TiktokenEncodeOrdinary, r50k_base, "r50k_base", true)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TiktokenEncodeOrdinary, cl100k_base_cold, "cl100k_base", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TiktokenEncodeOrdinary, o200k_base_cold, "o200k_base", false)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TiktokenWorstCase, cl100k_base, "cl100k_base")->Apply(WorstCaseArgs);
BENCHMARK_CAPTURE(BM_TiktokenWorstCase, o200k_base, "o200k_base")->Apply(WorstCaseArgs);
BENCHMARK_CAPTURE(BM_TiktokenLoad, cl100k_base, "cl100k_base")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TiktokenLoad, o200k_base, "o200k_base")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tokenmill
