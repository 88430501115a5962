#include "tokenizers/models/bpe/bpe.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/models/bpe/piece_cache.h"

namespace tokenmill {
namespace {

std::string ByteFallbackToken(uint8_t byte) { return absl::StrFormat("<0x%02X>", byte); }

// HF's merge → merged token: a + b without its first prefix_len bytes (HF strips them
// whether or not b starts with the prefix).
absl::StatusOr<std::vector<PairMerges::Merge>> ResolveMerges(
    const Vocab& vocab, const std::vector<MergeStrings>& merges, size_t prefix_len,
    const MergeLocator& locate) {
  std::vector<PairMerges::Merge> resolved;
  resolved.reserve(merges.size());
  std::string merged;
  auto unknown = [&](size_t i, std::string_view token) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: token \"%s\" is not in the vocabulary", locate(i), token));
  };
  for (size_t i = 0; i < merges.size(); ++i) {
    const auto [a, b] = merges[i];
    auto a_id = vocab.Find(a);
    if (!a_id) return unknown(i, a);
    auto b_id = vocab.Find(b);
    if (!b_id) return unknown(i, b);
    if (b.size() < prefix_len) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: \"%s\" is shorter than the continuing subword prefix", locate(i), b));
    }
    merged.assign(a);
    merged.append(b.substr(prefix_len));
    auto new_id = vocab.Find(merged);
    if (!new_id) return unknown(i, merged);
    resolved.push_back(PairMerges::Merge{*a_id, *b_id, *new_id});
  }
  return resolved;
}

// The shortest decimal that reads back as `value` (what serde_json writes for an f32).
nlohmann::ordered_json FloatJson(float value) {
  char buffer[32];
  for (int precision = 1; precision <= 9; ++precision) {
    std::snprintf(buffer, sizeof(buffer), "%.*g", precision, value);
    if (std::strtof(buffer, nullptr) == value) break;
  }
  return std::strtod(buffer, nullptr);
}

nlohmann::ordered_json OptionalString(const std::optional<std::string>& s) {
  return s ? nlohmann::ordered_json(*s) : nlohmann::ordered_json(nullptr);
}

uint64_t MixSeed(uint64_t seed, uint64_t call) {
  return DropoutRng(seed ^ (call * 0xD1B54A32D192ED03ull)).Next();
}

}  // namespace

std::string DefaultMergeLocator(size_t index) { return absl::StrFormat("merges[%d]", index); }

absl::StatusOr<std::unique_ptr<Bpe>> Bpe::Create(Vocab vocab,
                                                 const std::vector<MergeStrings>& merges,
                                                 BpeOptions options, const MergeLocator& locate) {
  if (options.dropout && !(*options.dropout >= 0.0f && *options.dropout <= 1.0f)) {
    return absl::InvalidArgumentError("BPE: dropout should be between 0 and 1, inclusive");
  }
  const size_t prefix_len =
      options.continuing_subword_prefix ? options.continuing_subword_prefix->size() : 0;
  TM_ASSIGN_OR_RETURN(auto resolved, ResolveMerges(vocab, merges, prefix_len, locate));
  return std::unique_ptr<Bpe>(
      new Bpe(std::move(vocab), PairMerges(resolved), std::move(options)));
}

Bpe::Bpe(Vocab vocab, PairMerges merges, BpeOptions options)
    : vocab_(std::move(vocab)), merges_(std::move(merges)), options_(std::move(options)) {
  if (options_.unk_token) unk_id_ = vocab_.Find(*options_.unk_token);
  BuildCharTables();
  cache_owner_ = PieceCache::NewOwnerId();
}

bool Bpe::TokenizeFromCache(std::string_view word, std::vector<Token>& out) const {
  thread_local std::vector<uint32_t> ids;
  ids.clear();
  if (!PieceCache::ForThisThread().Lookup(cache_owner_, word, ids)) return false;
  uint32_t offset = 0;
  for (uint32_t id : ids) {
    const auto length = static_cast<uint32_t>(vocab_.Token(id)->size());
    out.push_back(Token{id, offset, offset + length});
    offset += length;
  }
  return true;
}

void Bpe::StoreInCache(std::string_view word, std::span<const Token> tokens) const {
  if (!PieceCache::Cacheable(word) || tokens.size() > PieceCache::kMaxIds) return;
  uint32_t ids[PieceCache::kMaxIds];
  uint32_t offset = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.begin != offset || t.end - t.begin != vocab_.Token(t.id)->size()) return;
    ids[i] = t.id;
    offset = t.end;
  }
  if (offset != word.size()) return;
  PieceCache::ForThisThread().Store(cache_owner_, word, std::span<const uint32_t>(ids, tokens.size()));
}

void Bpe::BuildCharTables() {
  const std::string& prefix = options_.continuing_subword_prefix.value_or(std::string());
  first_char_ids_.assign(kCharTableSize, kNoId);
  rest_char_ids_.assign(prefix.empty() ? 0 : kCharTableSize, kNoId);
  std::string s;
  for (char32_t cp = 0; cp < kCharTableSize; ++cp) {
    s.clear();
    utf8::Append(cp, s);
    if (auto id = vocab_.Find(s)) first_char_ids_[cp] = *id;
    if (prefix.empty()) continue;
    if (auto id = vocab_.Find(prefix + s)) rest_char_ids_[cp] = *id;
  }
  for (int b = 0; b < 256; ++b) byte_ids_[b] = vocab_.Find(ByteFallbackToken(b));
}

// The id of the character word[begin, end) with HF's prefix/suffix decoration, if any.
std::optional<uint32_t> Bpe::CharId(std::string_view word, size_t begin, size_t end,
                                    std::string& scratch) const {
  const bool is_first = begin == 0;
  const bool is_last = end == word.size();
  const bool has_prefix = !is_first && options_.continuing_subword_prefix &&
                          !options_.continuing_subword_prefix->empty();
  const bool has_suffix =
      is_last && options_.end_of_word_suffix && !options_.end_of_word_suffix->empty();
  if (!has_suffix && end - begin == static_cast<size_t>(utf8::SequenceLength(static_cast<uint8_t>(word[begin])))) {
    size_t pos = begin;
    const char32_t cp = utf8::DecodeValid(word, pos);
    if (cp < kCharTableSize) {
      const uint32_t id = has_prefix ? rest_char_ids_[cp] : first_char_ids_[cp];
      if (id == kNoId) return std::nullopt;
      return id;
    }
  }
  return vocab_.Find(DecoratedChar(word, begin, end, scratch));
}

// Byte-fallback tokens for every byte of `piece` (the decorated character), all or none.
bool Bpe::AddByteFallback(std::string_view piece, uint32_t& offset,
                          std::vector<BpeSymbol>& symbols) const {
  for (char c : piece) {
    if (!byte_ids_[static_cast<uint8_t>(c)]) return false;
  }
  for (char c : piece) {
    symbols.push_back(BpeSymbol{*byte_ids_[static_cast<uint8_t>(c)], offset, offset + 1});
    ++offset;
  }
  return true;
}

absl::Status Bpe::InitialSymbols(std::string_view word, std::vector<BpeSymbol>& symbols) const {
  symbols.clear();
  std::string scratch;
  uint32_t offset = 0;  // HF's offsets: the running sum of the symbols' byte lengths
  uint32_t pending_unk = 0;  // byte length of an unk not yet added (HF adds it late)
  auto add = [&](uint32_t id, uint32_t length) {
    symbols.push_back(BpeSymbol{id, offset, offset + length});
    offset += length;
  };
  for (size_t begin = 0; begin < word.size();) {
    const size_t end =
        std::min(word.size(), begin + utf8::SequenceLength(static_cast<uint8_t>(word[begin])));
    const auto length = static_cast<uint32_t>(end - begin);
    if (auto id = CharId(word, begin, end, scratch)) {
      if (pending_unk > 0) add(*unk_id_, pending_unk);
      pending_unk = 0;
      add(*id, length);
    } else if (options_.byte_fallback &&
               AddByteFallback(DecoratedChar(word, begin, end, scratch), offset, symbols)) {
      // HF leaves a pending unk pending across byte-fallback tokens.
    } else if (options_.unk_token) {
      if (!unk_id_) {
        return absl::FailedPreconditionError(absl::StrFormat(
            "BPE: the unk token \"%s\" is not in the vocabulary", *options_.unk_token));
      }
      if (pending_unk > 0 && !options_.fuse_unk) {
        add(*unk_id_, pending_unk);
        pending_unk = 0;
      }
      pending_unk += length;
    }  // else: HF drops the character
    begin = end;
  }
  if (pending_unk > 0) add(*unk_id_, pending_unk);
  return absl::OkStatus();
}

std::string_view Bpe::DecoratedChar(std::string_view word, size_t begin, size_t end,
                                    std::string& scratch) const {
  scratch.clear();
  if (begin != 0 && options_.continuing_subword_prefix) scratch += *options_.continuing_subword_prefix;
  scratch.append(word.substr(begin, end - begin));
  if (end == word.size() && options_.end_of_word_suffix) scratch += *options_.end_of_word_suffix;
  return scratch;
}

absl::Status Bpe::TokenizeImpl(std::string_view word, std::vector<Token>& out,
                               DropoutRng* rng) const {
  if (word.empty()) return absl::OkStatus();
  const bool dropout = rng != nullptr && dropout_active();
  // HF applies ignore_merges only on its non-dropout path.
  if (!dropout && options_.ignore_merges) {
    if (auto id = vocab_.Find(word)) {
      out.push_back(Token{*id, 0, static_cast<uint32_t>(word.size())});
      return absl::OkStatus();
    }
  }
  const bool cache = !dropout && PieceCache::Cacheable(word);
  if (cache && TokenizeFromCache(word, out)) return absl::OkStatus();
  thread_local std::vector<BpeSymbol> symbols;
  thread_local BpeScratch scratch;
  if (absl::Status s = InitialSymbols(word, symbols); !s.ok()) return s;
  if (dropout) {
    MergeSymbolsWithDropout(merges_, symbols, *options_.dropout, *rng, scratch);
  } else {
    MergeSymbols(merges_, symbols, scratch);
  }
  // HF's running offsets can pass the word's end when byte fallback spells a prefix or
  // suffix; clamp so offsets stay inside the word.
  const auto limit = static_cast<uint32_t>(word.size());
  const size_t first = out.size();
  for (const BpeSymbol& s : symbols) {
    out.push_back(Token{s.id, std::min(s.begin, limit), std::min(s.end, limit)});
  }
  if (cache) StoreInCache(word, std::span<const Token>(out).subspan(first));
  return absl::OkStatus();
}

absl::Status Bpe::Tokenize(std::string_view word, std::vector<Token>& out) const {
  if (!dropout_active()) return TokenizeImpl(word, out, nullptr);
  DropoutRng rng(MixSeed(options_.dropout_seed, dropout_calls_.fetch_add(1)));
  return TokenizeImpl(word, out, &rng);
}

absl::Status Bpe::Tokenize(std::string_view word, std::vector<Token>& out,
                           DropoutRng& rng) const {
  return TokenizeImpl(word, out, &rng);
}

nlohmann::ordered_json Bpe::ToJson() const {
  nlohmann::ordered_json vocab = vocab_.ToJson();
  nlohmann::ordered_json merges = nlohmann::ordered_json::array();
  for (const auto& [left, right] : merges_.PairsByRank()) {
    merges.push_back({std::string(*vocab_.Token(left)), std::string(*vocab_.Token(right))});
  }
  return {{"type", "BPE"},
          {"dropout", options_.dropout ? FloatJson(*options_.dropout) : nullptr},
          {"unk_token", OptionalString(options_.unk_token)},
          {"continuing_subword_prefix", OptionalString(options_.continuing_subword_prefix)},
          {"end_of_word_suffix", OptionalString(options_.end_of_word_suffix)},
          {"fuse_unk", options_.fuse_unk},
          {"byte_fallback", options_.byte_fallback},
          {"ignore_merges", options_.ignore_merges},
          {"vocab", std::move(vocab)},
          {"merges", std::move(merges)}};
}

}  // namespace tokenmill
