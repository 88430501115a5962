// tiktoken encodings (cl100k_base, o200k_base, ...): encode_ordinary of the dev corpus, one
// call per line, and loading the bundled rank file. Compare with tiktoken's own numbers from
// ../shared/oracles/bench_oracles.js on the same text (see README.md).
#include <benchmark/benchmark.h>

#include "benchmarks/bench_data.h"
#include "tokenizers/models/tiktoken/tiktoken_loader.h"

namespace tokenmill {
namespace {

const TiktokenEncoding* Encoding(std::string_view name) {
  static auto* cache = new std::vector<std::pair<std::string, std::unique_ptr<TiktokenEncoding>>>();
  for (auto& [n, e] : *cache) {
    if (n == name) return e.get();
  }
  auto loaded = LoadTiktokenEncoding(name);
  if (!loaded.ok()) return nullptr;
  cache->emplace_back(std::string(name), std::move(*loaded));
  return cache->back().second.get();
}

void BM_TiktokenEncodeOrdinary(benchmark::State& state, const char* name) {
  const TiktokenEncoding* encoding = Encoding(name);
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

BENCHMARK_CAPTURE(BM_TiktokenEncodeOrdinary, cl100k_base, "cl100k_base")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TiktokenEncodeOrdinary, o200k_base, "o200k_base")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TiktokenEncodeOrdinary, r50k_base, "r50k_base")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TiktokenLoad, cl100k_base, "cl100k_base")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_TiktokenLoad, o200k_base, "o200k_base")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tokenmill
