// SentencePiece models through SentencePieceProcessor, one thread: encode to ids (one call
// per line) on the dev corpus and on corpus/train-small.txt (the text of sentencepiece's
// published numbers in ../shared/oracles/spm/README.md), sampled encode, and model load.
// The side-by-side run against sentencepiece itself is benchmarks/compare_spm.py.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>

#include "benchmarks/bench_data.h"
#include "tokenizers/sentencepiece/sentencepiece_processor.h"

namespace tokenmill {
namespace {

const SentencePieceProcessor* Processor(const std::string& name) {
  static auto* cache = new std::map<std::string, std::unique_ptr<SentencePieceProcessor>>();
  auto it = cache->find(name);
  if (it != cache->end()) return it->second.get();
  auto path = bench::SentencePieceModelPath(name);
  if (!path) return nullptr;
  auto loaded = SentencePieceProcessor::Load(*path);
  if (!loaded.ok()) return nullptr;
  return cache->emplace(name, std::move(*loaded)).first->second.get();
}

const std::vector<std::string>& Texts(const std::string& corpus) {
  return corpus == "dev" ? bench::DevTexts() : bench::TrainSmallLines();
}

void BM_SentencePieceEncode(benchmark::State& state, std::string model, std::string corpus) {
  const SentencePieceProcessor* processor = Processor(model);
  const auto& texts = Texts(corpus);
  if (processor == nullptr || texts.empty()) {
    state.SkipWithError("model or corpus not found");
    return;
  }
  std::vector<int> ids;
  size_t tokens = 0;
  for (auto _ : state) {
    for (const std::string& text : texts) {
      if (!processor->EncodeIds(text, ids).ok()) {
        state.SkipWithError("encode failed");
        return;
      }
      tokens += ids.size();
      benchmark::DoNotOptimize(ids.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bench::TotalBytes(texts)));
  state.counters["tokens/s"] =
      benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
  state.counters["sentences/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * texts.size()), benchmark::Counter::kIsRate);
}

// Subword regularization: unigram nbest_size = state.range(0) (-1: whole lattice; > 1: among
// the n-best) or BPE-dropout (which ignores it).
void BM_SentencePieceSampleEncode(benchmark::State& state, std::string model, float alpha) {
  const int nbest_size = static_cast<int>(state.range(0));
  const SentencePieceProcessor* processor = Processor(model);
  const auto& texts = bench::DevTexts();
  if (processor == nullptr || texts.empty()) {
    state.SkipWithError("model or corpus not found");
    return;
  }
  SamplingRng rng(42);
  SentencePieceText out;
  for (auto _ : state) {
    for (const std::string& text : texts) {
      if (!processor->SampleEncode(text, nbest_size, alpha, rng, out).ok()) {
        state.SkipWithError("sample failed");
        return;
      }
      benchmark::DoNotOptimize(out.pieces.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bench::TotalBytes(texts)));
}

// Viterbi through the same full-output path, for the sampled/Viterbi cost ratio.
void BM_SentencePieceEncodeFull(benchmark::State& state, std::string model) {
  const SentencePieceProcessor* processor = Processor(model);
  const auto& texts = bench::DevTexts();
  if (processor == nullptr || texts.empty()) {
    state.SkipWithError("model or corpus not found");
    return;
  }
  SentencePieceText out;
  for (auto _ : state) {
    for (const std::string& text : texts) {
      if (!processor->Encode(text, out).ok()) {
        state.SkipWithError("encode failed");
        return;
      }
      benchmark::DoNotOptimize(out.pieces.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bench::TotalBytes(texts)));
}

void BM_SentencePieceLoad(benchmark::State& state, std::string model) {
  auto path = bench::SentencePieceModelPath(model);
  if (!path) {
    state.SkipWithError("model not found");
    return;
  }
  for (auto _ : state) {
    auto processor = SentencePieceProcessor::Load(*path);
    if (!processor.ok()) {
      state.SkipWithError("load failed");
      return;
    }
    benchmark::DoNotOptimize(processor->get());
  }
}

BENCHMARK_CAPTURE(BM_SentencePieceEncode, unigram_8k_dev, "unigram_8k", "dev")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceEncode, bpe_8k_dev, "bpe_8k", "dev")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceEncode, unigram_8k_train_small, "unigram_8k", "train-small")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceEncode, bpe_8k_train_small, "bpe_8k", "train-small")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceEncode, xlnet_dev, "xlnet-base-cased-spiece", "dev")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceEncodeFull, unigram_8k, "unigram_8k")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceSampleEncode, unigram_8k_alpha_0_1, "unigram_8k", 0.1f)->Arg(-1)->Arg(2)->Arg(8)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceEncodeFull, xlnet, "xlnet-base-cased-spiece")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceSampleEncode, xlnet_alpha_0_1, "xlnet-base-cased-spiece", 0.1f)->Arg(-1)->Arg(2)->Arg(8)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceEncodeFull, bpe_8k, "bpe_8k")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceSampleEncode, bpe_8k_dropout_0_1, "bpe_8k", 0.1f)->Arg(-1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceLoad, unigram_8k, "unigram_8k")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceLoad, bpe_8k, "bpe_8k")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_SentencePieceLoad, xlnet, "xlnet-base-cased-spiece")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tokenmill
