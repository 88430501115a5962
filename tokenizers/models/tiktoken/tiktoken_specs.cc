#include "tokenizers/models/tiktoken/tiktoken_specs.h"

namespace tokenmill {
namespace {

// Ids as in tiktoken 0.14's openai_public.py (and ../shared/vocab/README.md).
constexpr TiktokenSpecialToken kR50kSpecials[] = {{"<|endoftext|>", 50256}};
constexpr TiktokenSpecialToken kCl100kSpecials[] = {
    {"<|endoftext|>", 100257}, {"<|fim_prefix|>", 100258}, {"<|fim_middle|>", 100259},
    {"<|fim_suffix|>", 100260}, {"<|endofprompt|>", 100276}};
constexpr TiktokenSpecialToken kO200kSpecials[] = {{"<|endoftext|>", 199999},
                                                   {"<|endofprompt|>", 200018}};

// r50k/p50k's current regex (`\s++$|\s+(?!\S)|\s`) splits exactly like GPT-2's
// (`\s+(?!\S)|\s+`): both take a final whitespace run whole and otherwise leave its last
// character to the next piece, so they share the GPT-2 scanner.
constexpr TiktokenSpec kSpecs[] = {
    {"cl100k_base", KnownSplitPattern::kCl100k, kCl100kSpecials, std::nullopt},
    {"o200k_base", KnownSplitPattern::kO200k, kO200kSpecials, std::nullopt},
    {"r50k_base", KnownSplitPattern::kGpt2, kR50kSpecials, 50257},
    {"p50k_base", KnownSplitPattern::kGpt2, kR50kSpecials, 50281},
};

}  // namespace

std::optional<TiktokenSpec> FindTiktokenSpec(std::string_view name) {
  if (name == "gpt2") name = "r50k_base";  // tiktoken's alias
  for (const TiktokenSpec& spec : kSpecs) {
    if (spec.name == name) return spec;
  }
  return std::nullopt;
}

std::string_view KnownTiktokenEncodingNames() {
  return "cl100k_base, o200k_base, r50k_base (gpt2), p50k_base";
}

}  // namespace tokenmill
