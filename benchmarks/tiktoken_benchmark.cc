// tiktoken encodings (cl100k_base, o200k_base, ...): encode_ordinary of the dev corpus, one
// call per line, and loading the bundled rank file. Compare with tiktoken's own numbers from
// benchmarks/compare on the same text (see README.md). Sized inputs and worst cases are in
// stage_benchmark.cc.
#include <benchmark/benchmark.h>

#include "benchmarks/bench_data.h"
#include "tokenizers/models/tiktoken/tiktoken_loader.h"

namespace tokenmill::bench {
namespace {

void BM_TiktokenEncodeOrdinary(benchmark::State& state, const char* name) {
  const TiktokenEncoding* encoding = TiktokenOrSkip(state, name);
  const auto& texts = DevTexts();
  if (encoding == nullptr) return;
  if (texts.empty()) {
    state.SkipWithError("no dev corpus");
    return;
  }
  size_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (const std::string& text : texts) {
      auto result = encoding->EncodeOrdinary(text);
      if (!result.ok()) {
        state.SkipWithError(std::string(result.status().message()).c_str());
        return;
      }
      tokens += result->size();
      benchmark::DoNotOptimize(result->data());
    }
  }
  ReportThroughput(state, TotalBytes(texts), tokens);
}

void BM_TiktokenLoad(benchmark::State& state, const char* name) {
  for (auto _ : state) {
    auto encoding = LoadTiktokenEncoding(name);
    if (!encoding.ok()) {
      state.SkipWithError(std::string(encoding.status().message()).c_str());
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
BENCHMARK_CAPTURE(BM_TiktokenLoad, r50k_base, "r50k_base")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tokenmill::bench
