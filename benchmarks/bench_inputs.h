// What the tokenmill benchmarks share beyond bench_data.h: loaded tokenizers (cached, or the
// benchmark skipped saying why) and sized inputs — real text beside synthetic worst cases.
// (Kept apart from bench_data.h, which sentencepiece_benchmarks also compiles without linking
// tokenmill.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "benchmark/benchmark.h"
#include "benchmarks/bench_data.h"
#include "tokenizers/models/tiktoken/tiktoken_encoding.h"
#include "tokenizers/tokenizer.h"

namespace tokenmill::bench {

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
