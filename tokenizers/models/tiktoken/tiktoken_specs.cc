#include "tokenizers/models/tiktoken/tiktoken_specs.h"

namespace tokenmill {
namespace {

// Ids as in tiktoken 0.14's openai_public.py (and ../shared/vocab/README.md).
constexpr TiktokenSpecialToken kR50kSpecials[] = {{"<|endoftext|>", 50256}};
constexpr TiktokenSpecialToken kCl100kSpecials[] = {
    {"<|endoftext|>", 100257}, {"<|fim_prefix|>", 100258}, {"<|fim_middle|>", 100259},
    {"<|fim_suffix|>", 100260}, {"<|endofprompt|>", 100276}};
constexpr TiktokenSpecialToken kP50kEditSpecials[] = {
    {"<|endoftext|>", 50256}, {"<|fim_prefix|>", 50281}, {"<|fim_middle|>", 50282},
    {"<|fim_suffix|>", 50283}};
constexpr TiktokenSpecialToken kO200kSpecials[] = {{"<|endoftext|>", 199999},
                                                   {"<|endofprompt|>", 200018}};
// gpt-oss's encoding: o200k's specials and these, in tiktoken's dict order, then
// <|reserved_200013|> … <|reserved_201087|>. <|reserved_200018|> shares its id with
// <|endofprompt|> (both encode to it; it decodes as the later one).
constexpr TiktokenSpecialToken kO200kHarmonySpecials[] = {
    {"<|endoftext|>", 199999},      {"<|endofprompt|>", 200018},    {"<|startoftext|>", 199998},
    {"<|reserved_200000|>", 200000}, {"<|reserved_200001|>", 200001}, {"<|return|>", 200002},
    {"<|constrain|>", 200003},      {"<|reserved_200004|>", 200004}, {"<|channel|>", 200005},
    {"<|start|>", 200006},          {"<|end|>", 200007},            {"<|message|>", 200008},
    {"<|reserved_200009|>", 200009}, {"<|reserved_200010|>", 200010},
    {"<|reserved_200011|>", 200011}, {"<|call|>", 200012}};

// r50k/p50k's current regex (`\s++$|\s+(?!\S)|\s`) splits exactly like GPT-2's
// (`\s+(?!\S)|\s+`): both take a final whitespace run whole and otherwise leave its last
// character to the next piece, so they share the GPT-2 scanner.
constexpr TiktokenSpec kSpecs[] = {
    {"cl100k_base", KnownSplitPattern::kCl100k, kCl100kSpecials, std::nullopt},
    {"o200k_base", KnownSplitPattern::kO200k, kO200kSpecials, std::nullopt},
    {"r50k_base", KnownSplitPattern::kGpt2, kR50kSpecials, 50257},
    {"p50k_base", KnownSplitPattern::kGpt2, kR50kSpecials, 50281},
    {"p50k_edit", KnownSplitPattern::kGpt2, kP50kEditSpecials, std::nullopt, "p50k_base"},
    {"o200k_harmony", KnownSplitPattern::kO200k, kO200kHarmonySpecials, std::nullopt,
     "o200k_base", 200013, 201088},
};

constexpr std::string_view kRegistryOrder[] = {"gpt2",        "r50k_base",  "p50k_base",
                                               "p50k_edit",   "cl100k_base", "o200k_base",
                                               "o200k_harmony"};

}  // namespace

std::optional<TiktokenSpec> FindTiktokenSpec(std::string_view name) {
  if (name == "gpt2") name = "r50k_base";  // tiktoken's alias
  for (const TiktokenSpec& spec : kSpecs) {
    if (spec.name == name) return spec;
  }
  return std::nullopt;
}

std::string_view KnownTiktokenEncodingNames() {
  return "cl100k_base, o200k_base, o200k_harmony, r50k_base (gpt2), p50k_base, p50k_edit";
}

std::span<const std::string_view> TiktokenEncodingNames() { return kRegistryOrder; }

}  // namespace tokenmill
