// Every stage on its own, on inputs of growing size (1 KiB, 32 KiB, 1 MiB: does the cost grow
// linearly?) and of six kinds: real text beside the worst cases of tokenizers (one repeated
// letter, spaces, digits, CJK without spaces, long base64; see bench_inputs.h). Names:
// BM_<Stage>/<component>/<input>/<bytes>.
//
//   BM_Normalize/<normalizer>     NormalizedString + Normalize over the whole input
//   BM_PreTokenize/<pre-tokenizer> PreTokenizedString::Reset + PreTokenize (fresh text)
//   BM_Scan/<gpt2|cl100k|o200k>   the hand-written split scanners alone (piece boundaries)
//   BM_Model/<tokenizer>          the model alone on the input's pre-tokenized words
//   BM_EncodeText/<tokenizer>     Tokenizer::Encode of the whole input as one text
//   BM_TiktokenEncode/<encoding>  TiktokenEncoding::EncodeOrdinary of the whole input (piece
//                                 cache off: repeating one input would make every piece a hit)
//   BM_Decode/<tokenizer>, BM_TiktokenDecode/<encoding>   ids of the input back to text
//
// bytes_per_second is always per byte of the input, so a constant rate across sizes means
// linear cost; each family also reports a fitted O(N) with its RMS (small RMS: linear).
// Components are built from their tokenizer.json form through the same registries a loaded
// file uses, so what is timed is what users get.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "benchmarks/bench_inputs.h"
#include "simdjson.h"
#include "tokenizers/pre_tokenizers/split_scanners.h"
#include "tokenizers/serialization/registries.h"

namespace tokenmill::bench {
namespace {

struct ComponentSpec {
  const char* name;
  std::string json;
};

std::vector<ComponentSpec> NormalizerSpecs() {
  return {
      {"BertNormalizer_uncased",
       R"({"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":true})"},
      {"BertNormalizer_cased",
       R"({"type":"BertNormalizer","clean_text":true,"handle_chinese_chars":true,"strip_accents":null,"lowercase":false})"},
      {"NFC", R"({"type":"NFC"})"},
      {"NFD", R"({"type":"NFD"})"},
      {"NFKC", R"({"type":"NFKC"})"},
      {"NFKD", R"({"type":"NFKD"})"},
      {"Lowercase", R"({"type":"Lowercase"})"},
      {"StripAccents", R"({"type":"StripAccents"})"},
      {"Strip", R"({"type":"Strip","strip_left":true,"strip_right":true})"},
      {"Prepend", R"({"type":"Prepend","prepend":"▁"})"},
      {"Replace_string", R"({"type":"Replace","pattern":{"String":" "},"content":"▁"})"},
      {"Replace_regex", R"({"type":"Replace","pattern":{"Regex":"\\s+"},"content":" "})"},
  };
}

// The cl100k and o200k patterns need lookahead RE2 lacks: their scanners are timed by BM_Scan
// (and inside BM_TiktokenEncode); ByteLevel runs the GPT-2 scanner.
std::vector<ComponentSpec> PreTokenizerSpecs() {
  return {
      {"BertPreTokenizer", R"({"type":"BertPreTokenizer"})"},
      {"Whitespace", R"({"type":"Whitespace"})"},
      {"WhitespaceSplit", R"({"type":"WhitespaceSplit"})"},
      {"Punctuation", R"({"type":"Punctuation","behavior":"Isolated"})"},
      {"Digits", R"({"type":"Digits","individual_digits":true})"},
      {"Split_regex", R"({"type":"Split","pattern":{"Regex":"\\s+"},"behavior":"Removed","invert":false})"},
      {"ByteLevel_gpt2",
       R"({"type":"ByteLevel","add_prefix_space":false,"trim_offsets":true,"use_regex":true})"},
  };
}

// Built once from its JSON through the registry; null (the error in `error`) if that fails.
template <typename T>
std::shared_ptr<const T> Build(const ComponentRegistry<T>& registry, const ComponentSpec& spec,
                               std::string& error) {
  simdjson::dom::parser parser;
  simdjson::dom::element element;
  if (parser.parse(spec.json).get(element)) {
    error = std::string("bad JSON for ") + spec.name;
    return nullptr;
  }
  auto built = registry.Create(element, spec.name);
  if (!built.ok()) {
    error = std::string(built.status().message());
    return nullptr;
  }
  return std::shared_ptr<const T>(std::move(*built));
}

// Sets up the sized input; false (benchmark skipped) when there is none.
const std::string* InputOrSkip(benchmark::State& state, std::string_view kind) {
  const std::string& input = SizedInput(kind, static_cast<size_t>(state.range(0)));
  if (input.empty()) {
    state.SkipWithError("no dev corpus for the text input");
    return nullptr;
  }
  return &input;
}

void Finish(benchmark::State& state, const std::string& input, size_t tokens = 0) {
  ReportThroughput(state, input.size(), tokens);
  state.SetComplexityN(static_cast<int64_t>(input.size()));
}

void BM_Normalize(benchmark::State& state, std::shared_ptr<const Normalizer> normalizer,
                  std::string_view kind) {
  const std::string* input = InputOrSkip(state, kind);
  if (input == nullptr) return;
  for (auto _ : state) {
    NormalizedString text(*input);
    normalizer->Normalize(text);
    benchmark::DoNotOptimize(text.normalized().data());
  }
  Finish(state, *input);
}

void BM_PreTokenize(benchmark::State& state, std::shared_ptr<const PreTokenizer> pre_tokenizer,
                    std::string_view kind) {
  const std::string* input = InputOrSkip(state, kind);
  if (input == nullptr) return;
  const NormalizedString fresh(*input);
  PreTokenizedString words;
  size_t splits = 0;
  for (auto _ : state) {
    words.Reset(fresh);  // a copy, as the tokenizer makes one per call
    pre_tokenizer->PreTokenize(words);
    splits = words.splits().size();
    benchmark::DoNotOptimize(splits);
  }
  Finish(state, *input);
  state.counters["splits"] = static_cast<double>(splits);
}

void BM_Scan(benchmark::State& state, KnownSplitPattern pattern, std::string_view kind) {
  const std::string* input = InputOrSkip(state, kind);
  if (input == nullptr) return;
  std::vector<Match> pieces;
  for (auto _ : state) {
    pieces.clear();
    ScanKnownPattern(pattern, *input, pieces);
    benchmark::DoNotOptimize(pieces.data());
  }
  Finish(state, *input);
  state.counters["pieces"] = static_cast<double>(pieces.size());
}

// The input's words after the tokenizer's own normalizer and pre-tokenizer.
std::vector<std::string> Words(const Tokenizer& tokenizer, const std::string& input) {
  NormalizedString text(input);
  if (tokenizer.parts().normalizer) tokenizer.parts().normalizer->Normalize(text);
  PreTokenizedString split;
  split.Reset(std::move(text));
  if (tokenizer.parts().pre_tokenizer) tokenizer.parts().pre_tokenizer->PreTokenize(split);
  std::vector<std::string> words;
  for (const Split& s : split.splits()) words.emplace_back(split.SplitText(s));
  return words;
}

void BM_Model(benchmark::State& state, const char* model, std::string_view kind) {
  const Tokenizer* tokenizer = TokenizerOrSkip(state, model);
  const std::string* input = tokenizer ? InputOrSkip(state, kind) : nullptr;
  if (input == nullptr) return;
  const std::vector<std::string> words = Words(*tokenizer, *input);
  const Model& model_part = *tokenizer->parts().model;
  std::vector<Token> out;
  size_t tokens = 0;
  for (auto _ : state) {
    tokens = 0;
    for (const std::string& word : words) {
      out.clear();
      if (!model_part.Tokenize(word, out).ok()) {
        state.SkipWithError("model error");
        return;
      }
      tokens += out.size();
    }
    benchmark::DoNotOptimize(tokens);
  }
  Finish(state, *input, tokens);
  state.counters["words"] = static_cast<double>(words.size());
}

void BM_EncodeText(benchmark::State& state, const char* model, std::string_view kind) {
  const Tokenizer* tokenizer = TokenizerOrSkip(state, model);
  const std::string* input = tokenizer ? InputOrSkip(state, kind) : nullptr;
  if (input == nullptr) return;
  size_t tokens = 0;
  for (auto _ : state) {
    auto encoding = tokenizer->Encode(*input);
    if (!encoding.ok()) {
      state.SkipWithError(std::string(encoding.status().message()).c_str());
      return;
    }
    tokens = encoding->size();
    benchmark::DoNotOptimize(encoding->ids.data());
  }
  Finish(state, *input, tokens);
}

void BM_TiktokenEncode(benchmark::State& state, const char* name, std::string_view kind) {
  // Without the piece cache: the same input again and again would be all cache hits.
  const TiktokenEncoding* encoding = TiktokenOrSkip(state, name, /*piece_cache=*/false);
  const std::string* input = encoding ? InputOrSkip(state, kind) : nullptr;
  if (input == nullptr) return;
  size_t tokens = 0;
  for (auto _ : state) {
    auto ids = encoding->EncodeOrdinary(*input);
    if (!ids.ok()) {
      state.SkipWithError(std::string(ids.status().message()).c_str());
      return;
    }
    tokens = ids->size();
    benchmark::DoNotOptimize(ids->data());
  }
  Finish(state, *input, tokens);
}

void BM_Decode(benchmark::State& state, const char* model, std::string_view kind) {
  const Tokenizer* tokenizer = TokenizerOrSkip(state, model);
  const std::string* input = tokenizer ? InputOrSkip(state, kind) : nullptr;
  if (input == nullptr) return;
  auto encoding = tokenizer->Encode(*input, std::nullopt, /*add_special_tokens=*/false);
  if (!encoding.ok()) {
    state.SkipWithError(std::string(encoding.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    auto text = tokenizer->Decode(encoding->ids);
    if (!text.ok()) {
      state.SkipWithError(std::string(text.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(text->data());
  }
  Finish(state, *input, encoding->size());
}

void BM_TiktokenDecode(benchmark::State& state, const char* name, std::string_view kind) {
  const TiktokenEncoding* encoding = TiktokenOrSkip(state, name);
  const std::string* input = encoding ? InputOrSkip(state, kind) : nullptr;
  if (input == nullptr) return;
  auto ids = encoding->EncodeOrdinary(*input);
  if (!ids.ok()) {
    state.SkipWithError(std::string(ids.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    auto bytes = encoding->Decode(*ids);
    if (!bytes.ok()) {
      state.SkipWithError(std::string(bytes.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(bytes->data());
  }
  Finish(state, *input, ids->size());
}

// Registers `fn(state, arg, kind)` as BM_<stage>/<component>/<input>/<bytes> for every kind.
template <typename Arg>
void RegisterSized(const std::string& stage, const std::string& component,
                   void (*fn)(benchmark::State&, Arg, std::string_view), Arg arg) {
  for (std::string_view kind : kInputKinds) {
    const std::string name = "BM_" + stage + "/" + component + "/" + std::string(kind);
    benchmark::RegisterBenchmark(name.c_str(), fn, arg, kind)
        ->RangeMultiplier(kInputSizeMultiplier)
        ->Range(kMinInputBytes, kMaxInputBytes)
        ->Complexity(benchmark::oN)
        ->Unit(benchmark::kMicrosecond);
  }
}

// A component that failed to build still gets its benchmarks, which report why.
template <typename T>
void RegisterComponents(const std::string& stage, const ComponentRegistry<T>& registry,
                        const std::vector<ComponentSpec>& specs,
                        void (*fn)(benchmark::State&, std::shared_ptr<const T>, std::string_view)) {
  for (const ComponentSpec& spec : specs) {
    std::string error;
    std::shared_ptr<const T> component = Build(registry, spec, error);
    if (component == nullptr) {
      benchmark::RegisterBenchmark(("BM_" + stage + "/" + spec.name).c_str(),
                                   [error](benchmark::State& state) {
                                     state.SkipWithError(error.c_str());
                                     for (auto _ : state) {
                                     }
                                   });
      continue;
    }
    RegisterSized(stage, spec.name, fn, component);
  }
}

void RegisterAll() {
  RegisterComponents<Normalizer>("Normalize", NormalizerRegistry(), NormalizerSpecs(), BM_Normalize);
  RegisterComponents<PreTokenizer>("PreTokenize", PreTokenizerRegistry(), PreTokenizerSpecs(),
                                   BM_PreTokenize);
  RegisterSized("Scan", "gpt2", BM_Scan, KnownSplitPattern::kGpt2);
  RegisterSized("Scan", "cl100k", BM_Scan, KnownSplitPattern::kCl100k);
  RegisterSized("Scan", "o200k", BM_Scan, KnownSplitPattern::kO200k);
  for (const char* model : {"bert-base-uncased", "bert-base-multilingual-cased", "gpt2"}) {
    RegisterSized("Model", model, BM_Model, model);
    RegisterSized("EncodeText", model, BM_EncodeText, model);
    RegisterSized("Decode", model, BM_Decode, model);
  }
  for (const char* encoding : {"cl100k_base", "o200k_base", "r50k_base"}) {
    RegisterSized("TiktokenEncode", encoding, BM_TiktokenEncode, encoding);
    RegisterSized("TiktokenDecode", encoding, BM_TiktokenDecode, encoding);
  }
}

const bool registered = (RegisterAll(), true);

}  // namespace
}  // namespace tokenmill::bench
