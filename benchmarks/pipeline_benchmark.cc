// Encoding real text (the dev corpus, one call per line), single thread: end to end and per
// stage, for the BERT tokenizers and GPT-2's byte-level BPE.
//
//   BM_Encode/<model>        Tokenizer::Encode per line: added tokens, normalizer,
//                            pre-tokenizer, model, post-processing ([CLS]/[SEP] for BERT).
//   BM_Normalize/<model>     the model's normalizer alone on each line.
//   BM_PreTokenize/<model>   the pre-tokenizer alone on already normalized lines.
//   BM_Model/<model>         the model alone (WordPiece, BPE) on the pre-tokenized words.
//
// Bytes processed are always bytes of the original lines, so MB/s of the stages add up
// (as 1/throughput) to roughly the end-to-end figure.
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "benchmark/benchmark.h"
#include "benchmarks/bench_inputs.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill::bench {
namespace {

constexpr const char* kModels[] = {"bert-base-uncased", "bert-base-cased",
                                   "bert-base-multilingual-cased", "gpt2"};

// The tokenizer with the dev corpus, or skips the benchmark saying why.
const Tokenizer* TokenizerWithCorpusOrSkip(benchmark::State& state, const std::string& model) {
  const Tokenizer* tokenizer = TokenizerOrSkip(state, model);
  if (tokenizer == nullptr) return nullptr;
  if (DevTexts().empty()) {
    state.SkipWithError("no dev corpus (../shared/corpus/dev.jsonl or tests/data/corpus/dev.jsonl)");
    return nullptr;
  }
  return tokenizer;
}

void BM_Encode(benchmark::State& state, const std::string& model) {
  const Tokenizer* tokenizer = TokenizerWithCorpusOrSkip(state, model);
  if (tokenizer == nullptr) return;
  const auto& texts = DevTexts();
  size_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (const std::string& text : texts) {
      auto encoding = tokenizer->Encode(text);
      if (!encoding.ok()) {
        state.SkipWithError(std::string(encoding.status().message()).c_str());
        return;
      }
      tokens += encoding->size();
      benchmark::DoNotOptimize(encoding->ids.data());
    }
  }
  ReportThroughput(state, TotalBytes(texts), tokens);
}

void BM_Normalize(benchmark::State& state, const std::string& model) {
  const Tokenizer* tokenizer = TokenizerWithCorpusOrSkip(state, model);
  if (tokenizer == nullptr) return;
  const Normalizer* normalizer = tokenizer->parts().normalizer.get();
  if (normalizer == nullptr) {
    state.SkipWithError("the tokenizer has no normalizer");
    return;
  }
  const auto& texts = DevTexts();
  for (auto _ : state) {
    for (const std::string& text : texts) {
      NormalizedString normalized(text);
      normalizer->Normalize(normalized);
      benchmark::DoNotOptimize(normalized.normalized().data());
    }
  }
  ReportThroughput(state, TotalBytes(texts));
}

// The lines after normalization (the pre-tokenizer's input).
std::vector<NormalizedString> NormalizedTexts(const Tokenizer& tokenizer) {
  std::vector<NormalizedString> out;
  for (const std::string& text : DevTexts()) {
    NormalizedString normalized(text);
    if (tokenizer.parts().normalizer) tokenizer.parts().normalizer->Normalize(normalized);
    out.push_back(std::move(normalized));
  }
  return out;
}

void BM_PreTokenize(benchmark::State& state, const std::string& model) {
  const Tokenizer* tokenizer = TokenizerWithCorpusOrSkip(state, model);
  if (tokenizer == nullptr) return;
  const PreTokenizer* pre_tokenizer = tokenizer->parts().pre_tokenizer.get();
  if (pre_tokenizer == nullptr) {
    state.SkipWithError("the tokenizer has no pre-tokenizer");
    return;
  }
  const std::vector<NormalizedString> normalized = NormalizedTexts(*tokenizer);
  PreTokenizedString words;
  size_t splits = 0;
  for (auto _ : state) {
    splits = 0;
    for (const NormalizedString& text : normalized) {
      words.Reset(text);  // a copy, as the tokenizer builds one per call
      pre_tokenizer->PreTokenize(words);
      splits += words.splits().size();
    }
  }
  ReportThroughput(state, TotalBytes(DevTexts()));
  state.counters["words/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * splits), benchmark::Counter::kIsRate);
}

void BM_Model(benchmark::State& state, const std::string& model) {
  const Tokenizer* tokenizer = TokenizerWithCorpusOrSkip(state, model);
  if (tokenizer == nullptr) return;
  // Pre-split once: every word as its own string, so the loop measures the model only.
  std::vector<std::string> words;
  for (const NormalizedString& text : NormalizedTexts(*tokenizer)) {
    PreTokenizedString split;
    split.Reset(text);
    if (tokenizer->parts().pre_tokenizer) tokenizer->parts().pre_tokenizer->PreTokenize(split);
    for (const Split& s : split.splits()) words.emplace_back(split.SplitText(s));
  }
  const Model& model_part = *tokenizer->parts().model;
  std::vector<Token> out;
  size_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (const std::string& word : words) {
      out.clear();
      benchmark::DoNotOptimize(model_part.Tokenize(word, out));
      tokens += out.size();
    }
  }
  ReportThroughput(state, TotalBytes(DevTexts()), tokens);
  state.counters["words"] = static_cast<double>(words.size());
}

void BM_LoadTokenizerJson(benchmark::State& state, const std::string& model) {
  auto path = TokenizerJsonPath(model);
  if (!path) {
    state.SkipWithError((model + "/tokenizer.json not found").c_str());
    return;
  }
  for (auto _ : state) {
    auto tokenizer = LoadTokenizerJson(*path);
    if (!tokenizer.ok()) {
      state.SkipWithError(std::string(tokenizer.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(tokenizer->get());
  }
}

// Load plus one short encode: includes what components build lazily on first use (the
// WordPiece trie), i.e. the time until the tokenizer is ready.
void BM_LoadAndFirstEncode(benchmark::State& state, const std::string& model) {
  auto path = TokenizerJsonPath(model);
  if (!path) {
    state.SkipWithError((model + "/tokenizer.json not found").c_str());
    return;
  }
  for (auto _ : state) {
    auto tokenizer = LoadTokenizerJson(*path);
    if (!tokenizer.ok()) {
      state.SkipWithError(std::string(tokenizer.status().message()).c_str());
      return;
    }
    // A word that is not a whole vocabulary token, so the WordPiece trie is needed.
    benchmark::DoNotOptimize((*tokenizer)->Encode("Hello, tokenmill!").ok());
  }
}

// Parsing only (the file already in memory): separates JSON + vocab + trie from file I/O.
void BM_ParseTokenizerJson(benchmark::State& state, const std::string& model) {
  auto path = TokenizerJsonPath(model);
  auto json = path ? ReadFile(*path) : absl::NotFoundError(model + "/tokenizer.json not found");
  if (!json.ok()) {
    state.SkipWithError(std::string(json.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    auto tokenizer = ParseTokenizerJson(*json, *path);
    if (!tokenizer.ok()) {
      state.SkipWithError(std::string(tokenizer.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(tokenizer->get());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * json->size()));
}

// Encoding the dev corpus with state.range(0) extra added tokens ("<extra_i>", as T5's
// sentinels or a domain vocabulary): matching them must not cost per added token.
void BM_EncodeWithAddedTokens(benchmark::State& state) {
  const Tokenizer* base = TokenizerWithCorpusOrSkip(state, "bert-base-uncased");
  if (base == nullptr) return;
  auto tokenizer = ParseTokenizerJson(ToTokenizerJson(*base, false), "bert-base-uncased");
  if (!tokenizer.ok()) {
    state.SkipWithError(std::string(tokenizer.status().message()).c_str());
    return;
  }
  std::vector<AddedToken> added(static_cast<size_t>(state.range(0)));
  for (size_t i = 0; i < added.size(); ++i) added[i].content = "<extra_" + std::to_string(i) + ">";
  (*tokenizer)->AddTokens(added);
  const auto& texts = DevTexts();
  size_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (const std::string& text : texts) {
      auto encoding = (*tokenizer)->Encode(text);
      if (!encoding.ok()) {
        state.SkipWithError(std::string(encoding.status().message()).c_str());
        return;
      }
      tokens += encoding->size();
    }
  }
  ReportThroughput(state, TotalBytes(texts), tokens);
}

// The dev corpus split on spaces and encoded as pre-split words (is_pretokenized), beside
// BM_Encode of the same texts: one encoding for all words, not one per word.
void BM_EncodeWords(benchmark::State& state) {
  const Tokenizer* tokenizer = TokenizerWithCorpusOrSkip(state, "bert-base-uncased");
  if (tokenizer == nullptr) return;
  std::vector<std::vector<std::string_view>> inputs;
  for (const std::string& text : DevTexts()) {
    std::vector<std::string_view>& words = inputs.emplace_back();
    for (absl::string_view word : absl::StrSplit(text, ' ', absl::SkipEmpty())) {
      words.emplace_back(word.data(), word.size());
    }
  }
  size_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (const auto& words : inputs) {
      auto encoding = tokenizer->EncodeWords(words);
      if (!encoding.ok()) {
        state.SkipWithError(std::string(encoding.status().message()).c_str());
        return;
      }
      tokens += encoding->size();
    }
  }
  ReportThroughput(state, TotalBytes(DevTexts()), tokens);
}

void RegisterAll() {
  benchmark::RegisterBenchmark("BM_EncodeWords/bert-base-uncased", BM_EncodeWords)
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_EncodeWithAddedTokens", BM_EncodeWithAddedTokens)
      ->Arg(0)->Arg(100)->Arg(20000)->Unit(benchmark::kMillisecond);
  for (const char* model : kModels) {
    const std::string m = model;
    benchmark::RegisterBenchmark(("BM_Encode/" + m).c_str(), BM_Encode, m)->Unit(benchmark::kMillisecond);
    if (m.starts_with("bert")) {  // GPT-2 has no normalizer
      benchmark::RegisterBenchmark(("BM_Normalize/" + m).c_str(), BM_Normalize, m)->Unit(benchmark::kMillisecond);
    }
    benchmark::RegisterBenchmark(("BM_PreTokenize/" + m).c_str(), BM_PreTokenize, m)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_Model/" + m).c_str(), BM_Model, m)->Unit(benchmark::kMillisecond);
  }
  for (const char* model : {"bert-base-uncased", "bert-base-multilingual-cased", "gpt2"}) {
    const std::string m = model;
    benchmark::RegisterBenchmark(("BM_LoadTokenizerJson/" + m).c_str(), BM_LoadTokenizerJson, m)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_LoadAndFirstEncode/" + m).c_str(), BM_LoadAndFirstEncode, m)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_ParseTokenizerJson/" + m).c_str(), BM_ParseTokenizerJson, m)
        ->Unit(benchmark::kMillisecond);
  }
}

const bool registered = (RegisterAll(), true);

}  // namespace
}  // namespace tokenmill::bench
