// BERT encoder forward latency (embeddings + encoder + pooler, float32), as the torch anchor
// in ../shared/bert/bench.py times it: random ids in 999..V-1, full attention mask.
//
//   BM_BertForward/<model>/batch:B/seq:L/threads:T
//
// Models: ../shared/bert/random-tiny (2 layers, hidden 128) and a BERT-base-sized random model
// (12 layers, hidden 768) at $TOKENMILL_BERT_BASE_DIR (written by benchmarks/compare_torch_bert.py
// --write-base DIR); a model that is absent is reported as skipped. Threads set OpenBLAS's pool.
// Besides wall time, `cpu_ms` reports the calling thread's CPU time per forward.
#include <cstdlib>
#include <ctime>
#include <map>
#include <memory>
#include <random>
#include <string>

#include "benchmark/benchmark.h"
#include "bert/model.h"

namespace tokenmill::bench {
namespace {

std::string ModelDir(const std::string& name) {
  if (name == "base") {
    const char* dir = std::getenv("TOKENMILL_BERT_BASE_DIR");
    return dir ? dir : "";
  }
  const char* shared = std::getenv("TOKENMILL_SHARED_DIR");
  return std::string(shared ? shared : TOKENMILL_SOURCE_DIR "/../shared") + "/bert/" + name;
}

// Loaded once per name; null with the reason when unavailable.
const bert::BertModel* Load(const std::string& name, std::string& error) {
  static auto* cache = new std::map<std::string, std::unique_ptr<bert::BertModel>>();
  static auto* errors = new std::map<std::string, std::string>();
  if (auto it = cache->find(name); it != cache->end()) {
    error = (*errors)[name];
    return it->second.get();
  }
  std::unique_ptr<bert::BertModel> model;
  const std::string dir = ModelDir(name);
  if (dir.empty()) {
    (*errors)[name] = "set TOKENMILL_BERT_BASE_DIR to a BERT-base-sized model folder";
  } else if (auto loaded = bert::BertModel::FromPretrained(dir); loaded.ok()) {
    model = *std::move(loaded);
  } else {
    (*errors)[name] = std::string(loaded.status().message());
  }
  error = (*errors)[name];
  return (*cache)[name] = std::move(model), (*cache)[name].get();
}

double ThreadCpuSeconds() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void BM_BertForward(benchmark::State& state, const std::string& name) {
  std::string error;
  const bert::BertModel* model = Load(name, error);
  if (model == nullptr) {
    state.SkipWithError(error.c_str());
    return;
  }
  const size_t batch = state.range(0), length = state.range(1);
  bert::SetNumThreads(static_cast<int>(state.range(2)));
  bert::BertInput input;
  input.batch = batch;
  input.length = length;
  std::mt19937 rng(0);
  std::uniform_int_distribution<int32_t> id(999, static_cast<int32_t>(model->config().vocab_size) - 1);
  for (size_t i = 0; i < batch * length; ++i) input.input_ids.push_back(id(rng));
  double cpu = 0;
  for (auto _ : state) {
    const double c0 = ThreadCpuSeconds();
    auto out = model->Forward(input);
    cpu += ThreadCpuSeconds() - c0;
    if (!out.ok()) {
      state.SkipWithError(std::string(out.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(out->pooler_output.data());
  }
  state.counters["cpu_ms"] = benchmark::Counter(cpu * 1e3 / state.iterations());
  state.counters["tokens/s"] =
      benchmark::Counter(double(batch * length) * state.iterations(), benchmark::Counter::kIsRate);
}

void Shapes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"batch", "seq", "threads"});
  for (int threads : {1, 2}) {
    for (int batch : {1, 8}) b->Args({batch, 128, threads});
  }
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK_CAPTURE(BM_BertForward, tiny, std::string("random-tiny"))->Apply(Shapes);
BENCHMARK_CAPTURE(BM_BertForward, odd, std::string("random-odd"))->Apply(Shapes);
BENCHMARK_CAPTURE(BM_BertForward, base, std::string("base"))->Apply(Shapes);

}  // namespace
}  // namespace tokenmill::bench
