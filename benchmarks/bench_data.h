// Inputs for the benchmarks: real text and real tokenizer files, found in ../shared (the
// reference kit, or $TOKENMILL_SHARED_DIR) or, without it, in the copies bundled with the
// project; synthetic worst cases beside the real text; loaded tokenizers, cached.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "benchmark/benchmark.h"
#include "tokenizers/models/tiktoken/tiktoken_encoding.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill::bench {

// The "text" fields of the dev corpus (../shared/corpus/dev.jsonl, else tests/data's slice).
// Read once and cached; empty when neither file exists.
const std::vector<std::string>& DevTexts();
// Total UTF-8 bytes of `texts`.
size_t TotalBytes(const std::vector<std::string>& texts);

// tokenizer.json of a model by name ("bert-base-uncased", "gpt2", ...): ../shared/vocab first,
// then the project's vocab/ folder; nullopt when neither has it.
std::optional<std::string> TokenizerJsonPath(std::string_view model);

// The model's tokenizer.json, loaded once; null (and the benchmark skipped, saying why) when
// it is missing or fails to load.
const Tokenizer* TokenizerOrSkip(benchmark::State& state, std::string_view model);
// A bundled tiktoken encoding, loaded once; null (benchmark skipped) when it fails.
// `piece_cache` false: without the per-thread cache of multi-token pieces — for benchmarks
// that encode the same text again and again, where every piece would be a cache hit.
const TiktokenEncoding* TiktokenOrSkip(benchmark::State& state, std::string_view name,
                                       bool piece_cache = true);

// What a sized input is made of: "text" (the dev corpus — 45 languages, code, emoji — lines in
// a fixed shuffled order joined by '\n', repeated if short) beside the worst cases of tokenizers, generated as the
// tests generate them (tests/testing/worst_case_inputs.h, checked against tiktoken there):
// "letter" (one repeated character), "spaces", "digits", "cjk" (no spaces), "base64".
inline constexpr std::string_view kInputKinds[] = {"text", "letter", "spaces", "digits", "cjk",
                                                   "base64"};

// `bytes` bytes (about: cut back to a character boundary) of `kind`. Deterministic; built
// once per (kind, size).
const std::string& SizedInput(std::string_view kind, size_t bytes);

// Sizes every sized benchmark runs at: enough points to see whether cost grows linearly.
inline constexpr int64_t kMinInputBytes = 1 << 10;
inline constexpr int64_t kMaxInputBytes = 1 << 20;
inline constexpr int kInputSizeMultiplier = 32;  // 1 KiB, 32 KiB, 1 MiB

// bytes_per_second from `bytes_per_iteration`, and a tokens/s rate counter when tokens > 0.
void ReportThroughput(benchmark::State& state, size_t bytes_per_iteration,
                      size_t tokens_per_iteration = 0);

}  // namespace tokenmill::bench
