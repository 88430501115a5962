// Google's sentencepiece (Debian's libsentencepiece 0.1.97, one thread) on the dev corpus
// (and train-small.txt for Encode),
// as unigram_benchmark.cc runs tokenmill: Encode, SampleEncode, Load. A separate binary:
// libsentencepiece carries its own protobuf runtime (3.14) and its header its own
// absl::string_view, neither of which can share a process or a translation unit with
// tokenmill's. Built when pkg-config finds sentencepiece.
#include <benchmark/benchmark.h>
#include <sentencepiece_processor.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "benchmarks/bench_data.h"

namespace {

std::string ModelPath(const char* name) {
  const char* env = std::getenv("TOKENMILL_SHARED_DIR");
  const std::string shared =
      env != nullptr && *env != '\0' ? env : std::string(TOKENMILL_SOURCE_DIR) + "/../shared";
  return shared + "/vocab/spm/" + name + ".model";
}

void BM_SentencePieceLibEncode(benchmark::State& state, const char* name, const char* corpus) {
  sentencepiece::SentencePieceProcessor sp;
  const auto& texts = std::string(corpus) == "dev" ? tokenmill::bench::DevTexts()
                                                   : tokenmill::bench::TrainSmallLines();
  if (!sp.Load(ModelPath(name)).ok() || texts.empty()) {
    state.SkipWithError("model or dev corpus not found");
    return;
  }
  std::vector<int> ids;
  size_t count = 0;
  for (auto _ : state) {
    for (const std::string& text : texts) {
      if (!sp.Encode(text, &ids).ok()) {
        state.SkipWithError("Encode failed");
        return;
      }
      count += ids.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * tokenmill::bench::TotalBytes(texts)));
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsRate);
}

void BM_SentencePieceLibSampleEncode(benchmark::State& state, const char* name) {
  sentencepiece::SentencePieceProcessor sp;
  const auto& texts = tokenmill::bench::DevTexts();
  if (!sp.Load(ModelPath(name)).ok() || texts.empty()) {
    state.SkipWithError("model or dev corpus not found");
    return;
  }
  sentencepiece::SetRandomGeneratorSeed(1);
  std::vector<int> ids;
  const int nbest_size = static_cast<int>(state.range(0));
  const float alpha = static_cast<float>(state.range(1)) / 100.0f;
  for (auto _ : state) {
    for (const std::string& text : texts) {
      if (!sp.SampleEncode(text, nbest_size, alpha, &ids).ok()) {
        state.SkipWithError("SampleEncode failed");
        return;
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * tokenmill::bench::TotalBytes(texts)));
}

void BM_SentencePieceLibNBest(benchmark::State& state, const char* name) {
  sentencepiece::SentencePieceProcessor sp;
  const auto& texts = tokenmill::bench::DevTexts();
  if (!sp.Load(ModelPath(name)).ok() || texts.empty()) {
    state.SkipWithError("model or dev corpus not found");
    return;
  }
  std::vector<std::vector<int>> ids;
  for (auto _ : state) {
    for (const std::string& text : texts) {
      if (!sp.NBestEncode(text, static_cast<int>(state.range(0)), &ids).ok()) {
        state.SkipWithError("NBestEncode failed");
        return;
      }
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * tokenmill::bench::TotalBytes(texts)));
}

void BM_SentencePieceLibLoad(benchmark::State& state, const char* name) {
  for (auto _ : state) {
    sentencepiece::SentencePieceProcessor sp;
    if (!sp.Load(ModelPath(name)).ok()) {
      state.SkipWithError("model not found");
      return;
    }
  }
}

BENCHMARK_CAPTURE(BM_SentencePieceLibEncode, unigram_8k, "unigram_8k", "dev")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceLibEncode, unigram_8k_train_small, "unigram_8k", "train-small")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceLibEncode, xlnet, "xlnet-base-cased-spiece", "dev")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceLibSampleEncode, unigram_8k, "unigram_8k")
    ->Args({-1, 10})->Args({-1, 100})->Args({2, 10})->Args({8, 10})->Args({64, 10})
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceLibSampleEncode, xlnet, "xlnet-base-cased-spiece")
    ->Args({-1, 10})->Args({2, 10})->Args({8, 10})->Args({64, 10})->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceLibNBest, unigram_8k, "unigram_8k")->Arg(5)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceLibLoad, unigram_8k, "unigram_8k")->Unit(benchmark::kMillisecond);
// SentencePiece BPE (sentencepiece_benchmark.cc has tokenmill's side).
BENCHMARK_CAPTURE(BM_SentencePieceLibEncode, bpe_8k, "bpe_8k", "dev")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceLibEncode, bpe_8k_train_small, "bpe_8k", "train-small")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceLibLoad, bpe_8k, "bpe_8k")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceLibLoad, xlnet, "xlnet-base-cased-spiece")->Unit(benchmark::kMillisecond);

}  // namespace
