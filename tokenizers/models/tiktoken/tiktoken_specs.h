// OpenAI's encodings as tiktoken defines them (tiktoken_ext/openai_public.py): the split
// pattern, the special tokens with their ids, and (for some) the explicit vocabulary size. The mergeable
// ranks come from the `.tiktoken` file of the same name.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "tokenizers/pre_tokenizers/split_scanners.h"

namespace tokenmill {

struct TiktokenSpecialToken {
  std::string_view text;
  uint32_t id;
};

struct TiktokenSpec {
  std::string_view name;
  KnownSplitPattern pattern;
  std::span<const TiktokenSpecialToken> special_tokens;
  // tiktoken's explicit_n_vocab (r50k, p50k): ranks + specials hold exactly the ids below it.
  // cl100k and o200k have none: their n_vocab is the largest id + 1, with unused ids between.
  std::optional<uint32_t> explicit_n_vocab;
};

// cl100k_base, o200k_base, r50k_base (alias gpt2), p50k_base; nullopt for other names.
std::optional<TiktokenSpec> FindTiktokenSpec(std::string_view name);

// The names FindTiktokenSpec knows, for messages.
std::string_view KnownTiktokenEncodingNames();

}  // namespace tokenmill
