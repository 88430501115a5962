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
  // The rank file, when the encoding shares another's (p50k_edit, o200k_harmony).
  std::string_view ranks_name = {};
  // Also special: "<|reserved_N|>" with id N for every N in [reserved_first, reserved_end).
  uint32_t reserved_first = 0, reserved_end = 0;

  std::string_view RanksName() const { return ranks_name.empty() ? name : ranks_name; }
};

// tiktoken 0.14's registry: gpt2 (= r50k_base), r50k_base, p50k_base, p50k_edit, cl100k_base,
// o200k_base, o200k_harmony; nullopt for other names.
std::optional<TiktokenSpec> FindTiktokenSpec(std::string_view name);

// The names FindTiktokenSpec knows, for messages.
std::string_view KnownTiktokenEncodingNames();
// The same names, in tiktoken's list_encoding_names() order.
std::span<const std::string_view> TiktokenEncodingNames();

}  // namespace tokenmill
