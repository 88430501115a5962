// The sentencepiece-exact Unigram model on the dev corpus (4,407 lines), each line first
// normalized by the model's own SentencePiece normalizer (outside the timing, except in
// BM_UnigramNormalizeAndEncode): Viterbi encode vs sampled encode (whole-lattice FFBS, and
// among the n-best), n-best, model load. Google's sentencepiece on the same lines:
// sentencepiece_benchmarks (sentencepiece_lib_benchmark.cc, a separate binary because
// libsentencepiece carries its own protobuf runtime).
//
// bytes_per_second counts the original line bytes everywhere, so the numbers compare.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "benchmarks/bench_data.h"
#include "tokenizers/models/unigram/unigram_model.h"
#include "tokenizers/models/unigram/unigram_model_proto.h"
#include "tokenizers/sentencepiece/model_file.h"
#include "tokenizers/sentencepiece/sentencepiece_normalizer.h"


namespace tokenmill {
namespace {

std::string ModelPath(std::string_view name) {
  const char* env = std::getenv("TOKENMILL_SHARED_DIR");
  const std::string shared =
      env != nullptr && *env != '\0' ? env : std::string(TOKENMILL_SOURCE_DIR) + "/../shared";
  return shared + "/vocab/spm/" + std::string(name) + ".model";
}

struct Loaded {
  std::unique_ptr<UnigramModel> model;
  std::optional<SentencePieceNormalizer> normalizer;
  std::vector<std::string> normalized;  // the dev lines, normalized
  size_t original_bytes = 0;
};

const Loaded* Load(std::string_view name) {
  static auto* cache = new std::map<std::string, std::unique_ptr<Loaded>, std::less<>>();
  if (auto it = cache->find(name); it != cache->end()) return it->second.get();
  auto proto = LoadSentencePieceModel(ModelPath(name));
  if (!proto.ok()) return nullptr;
  auto model = UnigramModelFromProto(*proto);
  auto normalizer = SentencePieceNormalizer::FromSpec(
      proto->normalizer_spec(), proto->trainer_spec().treat_whitespace_as_suffix());
  if (!model.ok() || !normalizer.ok()) return nullptr;
  auto loaded = std::make_unique<Loaded>();
  loaded->model = std::move(*model);
  loaded->normalizer = std::move(*normalizer);
  for (const std::string& text : bench::DevTexts()) {
    loaded->normalized.push_back(loaded->normalizer->Normalize(text));
  }
  loaded->original_bytes = bench::TotalBytes(bench::DevTexts());
  return cache->emplace(std::string(name), std::move(loaded)).first->second.get();
}

// Runs `encode(normalized_line, tokens)` over the corpus per iteration.
template <typename Encode>
void RunOverCorpus(benchmark::State& state, const char* name, Encode encode) {
  const Loaded* loaded = Load(name);
  if (loaded == nullptr || loaded->normalized.empty()) {
    state.SkipWithError("model (../shared/vocab/spm) or dev corpus not found");
    return;
  }
  std::vector<Token> tokens;
  size_t count = 0;
  for (auto _ : state) {
    for (const std::string& line : loaded->normalized) {
      tokens.clear();
      encode(*loaded, line, tokens);
      count += tokens.size();
      benchmark::DoNotOptimize(tokens.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * loaded->original_bytes));
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsRate);
}

void BM_UnigramViterbi(benchmark::State& state, const char* name) {
  RunOverCorpus(state, name, [](const Loaded& l, const std::string& line, std::vector<Token>& out) {
    l.model->Encode(line, out);
  });
}

void BM_UnigramSampleWholeLattice(benchmark::State& state, const char* name) {
  SamplingRng rng(1);
  const float alpha = static_cast<float>(state.range(0)) / 100.0f;
  RunOverCorpus(state, name, [&](const Loaded& l, const std::string& line, std::vector<Token>& out) {
    (void)l.model->SampleEncode(line, -1, alpha, rng, out);
  });
}

void BM_UnigramSampleNBest(benchmark::State& state, const char* name) {
  SamplingRng rng(1);
  const int nbest_size = static_cast<int>(state.range(0));
  RunOverCorpus(state, name, [&](const Loaded& l, const std::string& line, std::vector<Token>& out) {
    (void)l.model->SampleEncode(line, nbest_size, 0.1f, rng, out);
  });
}

void BM_UnigramNBest(benchmark::State& state, const char* name) {
  const int nbest_size = static_cast<int>(state.range(0));
  RunOverCorpus(state, name, [&](const Loaded& l, const std::string& line, std::vector<Token>& out) {
    const auto nbest = l.model->NBestEncode(line, nbest_size);
    out.insert(out.end(), nbest[0].tokens.begin(), nbest[0].tokens.end());
  });
}

// Normalizer + Viterbi + unknown-run merge: the processor's work short of building output.
void BM_UnigramNormalizeAndEncode(benchmark::State& state, const char* name) {
  const Loaded* loaded = Load(name);
  const auto& texts = bench::DevTexts();
  if (loaded == nullptr || texts.empty()) {
    state.SkipWithError("model or dev corpus not found");
    return;
  }
  SentencePieceNormalized normalized;
  std::vector<Token> tokens;
  size_t count = 0;
  for (auto _ : state) {
    for (const std::string& text : texts) {
      loaded->normalizer->Normalize(text, normalized);
      tokens.clear();
      loaded->model->Encode(normalized.text, tokens);
      MergeUnknownRuns(tokens, 0, loaded->model->unk_id());
      count += tokens.size();
      benchmark::DoNotOptimize(tokens.data());
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * loaded->original_bytes));
  state.counters["tokens/s"] = benchmark::Counter(static_cast<double>(count), benchmark::Counter::kIsRate);
}

void BM_UnigramLoad(benchmark::State& state, const char* name) {
  for (auto _ : state) {
    auto proto = LoadSentencePieceModel(ModelPath(name));
    if (!proto.ok()) {
      state.SkipWithError("model not found");
      return;
    }
    auto model = UnigramModelFromProto(*proto);
    benchmark::DoNotOptimize(model->get());
  }
}


BENCHMARK_CAPTURE(BM_UnigramViterbi, unigram_8k, "unigram_8k")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UnigramViterbi, xlnet, "xlnet-base-cased-spiece")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UnigramSampleWholeLattice, unigram_8k, "unigram_8k")->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UnigramSampleWholeLattice, xlnet, "xlnet-base-cased-spiece")->Arg(10)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UnigramSampleNBest, unigram_8k, "unigram_8k")->Arg(2)->Arg(8)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UnigramSampleNBest, xlnet, "xlnet-base-cased-spiece")->Arg(2)->Arg(8)->Arg(64)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UnigramNBest, unigram_8k, "unigram_8k")->Arg(5)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UnigramNBest, xlnet, "xlnet-base-cased-spiece")->Arg(5)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UnigramNormalizeAndEncode, unigram_8k, "unigram_8k")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UnigramNormalizeAndEncode, xlnet, "xlnet-base-cased-spiece")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UnigramLoad, unigram_8k, "unigram_8k")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_UnigramLoad, xlnet, "xlnet-base-cased-spiece")->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tokenmill
