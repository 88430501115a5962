#include "tokenizers/encoding.h"

namespace tokenmill {

void Encoding::Push(uint32_t id, std::string token, Span span, std::optional<uint32_t> word,
                    uint32_t type_id, bool special, int8_t sequence) {
  ids.push_back(id);
  type_ids.push_back(type_id);
  tokens.push_back(std::move(token));
  offsets.push_back(span);
  special_tokens_mask.push_back(special);
  attention_mask.push_back(1);
  word_ids.push_back(word);
  sequence_ids.push_back(sequence);
}

void Encoding::Reserve(size_t n) {
  ids.reserve(n);
  type_ids.reserve(n);
  tokens.reserve(n);
  offsets.reserve(n);
  special_tokens_mask.reserve(n);
  attention_mask.reserve(n);
  word_ids.reserve(n);
  sequence_ids.reserve(n);
}

void Encoding::Append(const Encoding& other) {
  auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
  append(ids, other.ids);
  append(type_ids, other.type_ids);
  append(tokens, other.tokens);
  append(offsets, other.offsets);
  append(special_tokens_mask, other.special_tokens_mask);
  append(attention_mask, other.attention_mask);
  append(word_ids, other.word_ids);
  append(sequence_ids, other.sequence_ids);
}

Encoding Encoding::Slice(size_t begin, size_t end) const {
  Encoding out;
  auto slice = [&](auto& to, const auto& from) {
    to.assign(from.begin() + begin, from.begin() + end);
  };
  slice(out.ids, ids);
  slice(out.type_ids, type_ids);
  slice(out.tokens, tokens);
  slice(out.offsets, offsets);
  slice(out.special_tokens_mask, special_tokens_mask);
  slice(out.attention_mask, attention_mask);
  slice(out.word_ids, word_ids);
  slice(out.sequence_ids, sequence_ids);
  return out;
}

}  // namespace tokenmill
