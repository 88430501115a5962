#include "benchmarks/bench_inputs.h"

#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "tests/testing/worst_case_inputs.h"
#include "tokenizers/models/tiktoken/tiktoken_loader.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill::bench {
namespace {

// A loaded thing or the reason it is not there; cached for the process (never freed).
template <typename T>
struct Loaded {
  std::unique_ptr<T> value;
  std::string error;
};

template <typename T, typename LoadFn>
const T* CachedOrSkip(benchmark::State& state, std::string_view name, LoadFn load) {
  static auto* cache = new std::map<std::string, Loaded<T>, std::less<>>();
  auto it = cache->find(name);
  if (it == cache->end()) it = cache->emplace(std::string(name), load(std::string(name))).first;
  if (it->second.value == nullptr) state.SkipWithError(it->second.error.c_str());
  return it->second.value.get();
}

// Cuts `s` to at most `bytes` bytes without splitting a UTF-8 character.
void CutAtCharBoundary(std::string& s, size_t bytes) {
  if (s.size() <= bytes) return;
  size_t end = bytes;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  s.resize(end);
}

std::string MakeInput(std::string_view kind, size_t bytes) {
  if (kind != "text") return testing::MakeWorstCaseInput(kind, bytes);
  std::string out;
  const auto& texts = DevTexts();
  if (texts.empty()) return out;
  // Lines in a fixed shuffled order, so every size has the corpus' mix of languages (the
  // corpus is grouped by language: its first kilobytes are one language).
  std::vector<size_t> order(texts.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  testing::WorstCaseLcg rng(2024);
  for (size_t i = order.size() - 1; i > 0; --i) {
    std::swap(order[i], order[(rng.Next() << 15 | rng.Next()) % (i + 1)]);
  }
  out.reserve(bytes + 4096);
  while (out.size() < bytes) {
    for (size_t i : order) {
      out += texts[i];
      out += '\n';
      if (out.size() >= bytes) break;
    }
  }
  CutAtCharBoundary(out, bytes);
  return out;
}

}  // namespace

const Tokenizer* TokenizerOrSkip(benchmark::State& state, std::string_view model) {
  return CachedOrSkip<Tokenizer>(state, model, [](const std::string& name) {
    Loaded<Tokenizer> loaded;
    if (auto path = TokenizerJsonPath(name)) {
      auto tokenizer = LoadTokenizerJson(*path);
      if (tokenizer.ok()) {
        loaded.value = *std::move(tokenizer);
      } else {
        loaded.error = std::string(tokenizer.status().message());
      }
    } else {
      loaded.error = name + "/tokenizer.json not found in ../shared/vocab or vocab/";
    }
    return loaded;
  });
}

const TiktokenEncoding* TiktokenOrSkip(benchmark::State& state, std::string_view name,
                                       bool piece_cache) {
  const std::string key = std::string(name) + (piece_cache ? "" : "/cold");
  return CachedOrSkip<TiktokenEncoding>(state, key, [name, piece_cache](const std::string&) {
    Loaded<TiktokenEncoding> loaded;
    auto encoding = LoadTiktokenEncoding(name);
    if (encoding.ok()) {
      (*encoding)->set_use_piece_cache(piece_cache);
      loaded.value = *std::move(encoding);
    } else {
      loaded.error = std::string(encoding.status().message());
    }
    return loaded;
  });
}

const std::string& SizedInput(std::string_view kind, size_t bytes) {
  static auto* cache = new std::map<std::pair<std::string, size_t>, std::string>();
  const auto key = std::make_pair(std::string(kind), bytes);
  auto it = cache->find(key);
  if (it == cache->end()) it = cache->emplace(key, MakeInput(kind, bytes)).first;
  return it->second;
}

void ReportThroughput(benchmark::State& state, size_t bytes_per_iteration,
                      size_t tokens_per_iteration) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes_per_iteration));
  if (tokens_per_iteration > 0) {
    state.counters["tokens/s"] =
        benchmark::Counter(static_cast<double>(state.iterations() * tokens_per_iteration),
                           benchmark::Counter::kIsRate);
  }
}

}  // namespace tokenmill::bench
