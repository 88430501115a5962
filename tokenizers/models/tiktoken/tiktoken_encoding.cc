#include "tokenizers/models/tiktoken/tiktoken_encoding.h"

#include <algorithm>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {
namespace {

// Per-thread buffers so encoding allocates nothing once warm.
struct EncodeScratch {
  std::vector<Match> pieces;
  BpeScratch bpe;
  std::vector<BpeSymbol> symbols;
};
EncodeScratch& ThreadScratch() {
  thread_local EncodeScratch scratch;
  return scratch;
}


// Python's repr of a str, as tiktoken's error message shows the token.
std::string PythonRepr(std::string_view text) {
  const bool has_single = text.find('\'') != std::string_view::npos;
  const bool use_double = has_single && text.find('"') == std::string_view::npos;
  const char quote = use_double ? '"' : '\'';
  std::string out(1, quote);
  for (char c : text) {
    if (c == '\\' || c == quote) out += '\\';
    out += c;
  }
  out += quote;
  return out;
}

absl::Status DisallowedSpecialError(std::string_view token) {
  const std::string repr = PythonRepr(token);
  return absl::InvalidArgumentError(absl::StrFormat(
      "Encountered text corresponding to disallowed special token %s.\n"
      "If you want this text to be encoded as a special token, pass it to `allowed_special`, "
      "e.g. `allowed_special={%s, ...}`.\n"
      "If you want this text to be encoded as normal text, disable the check for this token by "
      "passing `disallowed_special=(enc.special_tokens_set - {%s})`.\n"
      "To disable this check for all special tokens, pass `disallowed_special=()`.\n",
      repr, repr, repr));
}

// Leftmost occurrence of any of `needles` in `text` (longest at equal positions). Remembers
// each needle's next occurrence so repeated calls stay linear in the text.
class LeftmostFinder {
 public:
  explicit LeftmostFinder(std::vector<std::string_view> needles)
      : needles_(std::move(needles)), next_(needles_.size(), 0), searched_(needles_.size(), false) {}

  // {position, needle index} of the first match at or after `from`, or {npos, 0}.
  std::pair<size_t, size_t> Find(std::string_view text, size_t from) {
    size_t best = std::string_view::npos, best_index = 0;
    for (size_t k = 0; k < needles_.size(); ++k) {
      if (!searched_[k] || (next_[k] != std::string_view::npos && next_[k] < from)) {
        next_[k] = needles_[k].empty() ? std::string_view::npos : text.find(needles_[k], from);
        searched_[k] = true;
      }
      const size_t at = next_[k];
      if (at == std::string_view::npos) continue;
      if (at < best || (at == best && needles_[k].size() > needles_[best_index].size())) {
        best = at;
        best_index = k;
      }
    }
    return {best, best_index};
  }
  std::string_view needle(size_t k) const { return needles_[k]; }

 private:
  std::vector<std::string_view> needles_;
  std::vector<size_t> next_;
  std::vector<bool> searched_;
};

bool Contains(const std::vector<std::string>& texts, std::string_view text) {
  return std::find(texts.begin(), texts.end(), text) != texts.end();
}

}  // namespace

absl::StatusOr<TiktokenEncoding> TiktokenEncoding::Create(const TiktokenSpec& spec,
                                                          TiktokenRanks ranks,
                                                          std::string_view source) {
  std::vector<uint32_t> special_ids;
  std::vector<std::pair<std::string, uint32_t>> specials;
  for (const TiktokenSpecialToken& special : spec.special_tokens) {
    special_ids.push_back(special.id);
    specials.emplace_back(std::string(special.text), special.id);
  }
  for (uint32_t id = spec.reserved_first; id < spec.reserved_end; ++id) {
    special_ids.push_back(id);
    specials.emplace_back(absl::StrFormat("<|reserved_%d|>", id), id);
  }
  TM_RETURN_IF_ERROR(CheckRankCoverage(ranks, special_ids, spec.explicit_n_vocab, source));
  TM_ASSIGN_OR_RETURN(TiktokenEncoding encoding,
                      Assemble(std::string(spec.name), ranks, std::move(specials), source));
  encoding.pattern_ = spec.pattern;
  encoding.pat_str_ = std::string(TiktokenPatternString(spec.pattern));
  encoding.explicit_n_vocab_ = spec.explicit_n_vocab;
  return encoding;
}

absl::StatusOr<TiktokenEncoding> TiktokenEncoding::Create(TiktokenDefinition definition,
                                                          TiktokenRanks ranks) {
  const std::string source = absl::StrFormat("encoding %s", definition.name);
  // tiktoken's CoreBPE refuses a repeated rank ("duplicate token indices"); so do we, and a
  // special token on a rank's id, which tiktoken would decode as the rank's bytes.
  absl::flat_hash_map<uint32_t, size_t> entry_of_rank;
  for (size_t i = 0; i < ranks.size(); ++i) {
    if (!entry_of_rank.emplace(ranks.rank(i), i).second) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: mergeable_ranks: rank %d is given to two tokens", source, ranks.rank(i)));
    }
  }
  absl::flat_hash_set<std::string> special_texts;
  uint32_t max_id = 0;
  for (size_t i = 0; i < ranks.size(); ++i) max_id = std::max(max_id, ranks.rank(i));
  for (const auto& [text, id] : definition.special_tokens) {
    if (entry_of_rank.contains(id)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: special token %s has id %d, which is a mergeable rank", source, text, id));
    }
    if (!special_texts.insert(text).second) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: special token %s is given twice", source, text));
    }
    max_id = std::max(max_id, id);
  }
  if (definition.explicit_n_vocab) {
    const size_t count = ranks.size() + definition.special_tokens.size();
    if (count != *definition.explicit_n_vocab || max_id + 1 != *definition.explicit_n_vocab) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "%s: explicit_n_vocab %d, but %d ranks and special tokens with ids up to %d", source,
          *definition.explicit_n_vocab, count, max_id));
    }
  }
  std::optional<KnownSplitPattern> known = RecognizeTiktokenPattern(definition.pat_str);
  std::shared_ptr<const SplitRegex> regex;
  if (!known) {
    auto compiled = SplitRegex::Create(definition.pat_str);
    if (!compiled.ok()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("%s: pat_str: %s", source, compiled.status().message()));
    }
    regex = std::move(*compiled);
  }
  TM_ASSIGN_OR_RETURN(TiktokenEncoding encoding,
                      Assemble(std::move(definition.name), ranks,
                               std::move(definition.special_tokens), source));
  if (known) encoding.pattern_ = *known;
  encoding.regex_ = std::move(regex);
  encoding.pat_str_ = std::move(definition.pat_str);
  encoding.explicit_n_vocab_ = definition.explicit_n_vocab;
  return encoding;
}

absl::StatusOr<TiktokenEncoding> TiktokenEncoding::Assemble(
    std::string name, const TiktokenRanks& ranks,
    std::vector<std::pair<std::string, uint32_t>> specials, std::string_view source) {
  auto table = ByteRanks::Create(ranks.size(), [&](size_t i) {
    return ByteStringTable::Entry{ranks.token(i), ranks.rank(i)};
  });
  if (!table.ok()) {
    TM_RETURN_IF_ERROR(FindDuplicateToken(ranks, source));
    return absl::InvalidArgumentError(absl::StrFormat("%s: %s", source, table.status().message()));
  }
  TiktokenEncoding encoding(std::move(*table));
  encoding.name_ = std::move(name);
  encoding.special_tokens_ = std::move(specials);
  // tiktoken's n_vocab: the largest id + 1 (equal to the explicit size where there is one).
  uint32_t max_id = 0;
  for (const TiktokenRanks::Entry& entry : ranks.entries) max_id = std::max(max_id, entry.rank);
  for (const auto& [text, id] : encoding.special_tokens_) max_id = std::max(max_id, id);
  encoding.n_vocab_ = max_id + 1;
  // At most one entry per id (checked): lay the bytes out in id order (unused ids, like
  // cl100k's 100261-100275, get no bytes). entry_of: which entry holds each id (special
  // tokens numbered after the ranks' entries).
  constexpr uint32_t kNoEntry = UINT32_MAX;
  std::vector<uint32_t> entry_of(encoding.n_vocab_, kNoEntry);
  for (size_t i = 0; i < ranks.size(); ++i) entry_of[ranks.rank(i)] = static_cast<uint32_t>(i);
  for (size_t k = 0; k < encoding.special_tokens_.size(); ++k) {
    entry_of[encoding.special_tokens_[k].second] = static_cast<uint32_t>(ranks.size() + k);
  }
  auto bytes_of = [&](uint32_t entry) -> std::string_view {
    if (entry == kNoEntry) return {};
    if (entry < ranks.size()) return ranks.token(entry);
    return encoding.special_tokens_[entry - ranks.size()].first;
  };
  size_t special_bytes = 0;
  for (const auto& [text, id] : encoding.special_tokens_) special_bytes += text.size();
  encoding.token_bytes_.reserve(ranks.bytes.size() + special_bytes);
  encoding.token_starts_.reserve(encoding.n_vocab_ + 1);
  for (uint32_t entry : entry_of) {
    encoding.token_starts_.push_back(static_cast<uint32_t>(encoding.token_bytes_.size()));
    encoding.token_bytes_ += bytes_of(entry);
  }
  encoding.token_starts_.push_back(static_cast<uint32_t>(encoding.token_bytes_.size()));
  return encoding;
}

void TiktokenEncoding::SplitPieces(std::string_view text, std::vector<Match>& pieces) const {
  if (!regex_) return ScanKnownPattern(pattern_, text, pieces);
  // tiktoken's find_iter: text between matches is not encoded; an empty match (which
  // tiktoken cannot encode) only moves the search one character on.
  Match found;
  for (size_t from = 0; from <= text.size() && regex_->Find(text, from, found);) {
    if (found.end > found.begin) {
      pieces.push_back(found);
      from = found.end;
    } else {
      if (found.begin >= text.size()) break;
      from = found.begin + utf8::SequenceLength(static_cast<uint8_t>(text[found.begin]));
    }
  }
}

size_t TiktokenEncoding::EncodeValidOrdinary(std::string_view text, size_t text_offset,
                                             std::vector<uint32_t>& ids,
                                             std::vector<TokenOffset>* offsets) const {
  // Room for the ids in one allocation for most text (~4 bytes a token in English, fewer
  // elsewhere: growth takes the rest), not ~5 regrowths from empty. Only when empty: reserving
  // on every append would defeat the vector's geometric growth.
  if (ids.empty()) ids.reserve(text.size() / 3 + 4);
  EncodeScratch& scratch = ThreadScratch();
  scratch.pieces.clear();
  SplitPieces(text, scratch.pieces);
  size_t last_piece_tokens = 0;
  for (const Match& piece : scratch.pieces) {
    const size_t before = ids.size();
    ranks_.Encode(text.substr(piece.begin, piece.end - piece.begin), ids, scratch.bpe,
                  scratch.symbols, text.size() - piece.end);
    last_piece_tokens = ids.size() - before;
    if (offsets != nullptr) {
      uint32_t position = static_cast<uint32_t>(text_offset + piece.begin);
      for (size_t i = before; i < ids.size(); ++i) {
        const uint32_t length = token_starts_[ids[i] + 1] - token_starts_[ids[i]];
        offsets->emplace_back(position, position + length);
        position += length;
      }
    }
  }
  return last_piece_tokens;
}

absl::Status TiktokenEncoding::EncodeOrdinary(std::string_view text, std::vector<uint32_t>& ids,
                                              std::vector<TokenOffset>* offsets) const {
  TM_RETURN_IF_ERROR(utf8::Validate(text));
  EncodeValidOrdinary(text, 0, ids, offsets);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<uint32_t>> TiktokenEncoding::EncodeOrdinary(std::string_view text) const {
  std::vector<uint32_t> ids;
  TM_RETURN_IF_ERROR(EncodeOrdinary(text, ids, nullptr));
  return ids;
}

absl::Status TiktokenEncoding::CheckDisallowed(std::string_view text,
                                               const SpecialTokenSet& allowed,
                                               const SpecialTokenSet& disallowed) const {
  std::vector<std::string_view> needles;
  if (disallowed.is_all()) {
    // "all" means every special token not allowed.
    if (allowed.is_all()) return absl::OkStatus();
    for (const auto& [special, id] : special_tokens_) {
      if (!Contains(allowed.texts(), special)) needles.push_back(special);
    }
  } else {
    for (const std::string& special : disallowed.texts()) needles.push_back(special);
  }
  if (needles.empty()) return absl::OkStatus();
  LeftmostFinder finder(std::move(needles));
  const auto [at, index] = finder.Find(text, 0);
  if (at == std::string_view::npos) return absl::OkStatus();
  return DisallowedSpecialError(finder.needle(index));
}

absl::Status TiktokenEncoding::Encode(std::string_view text, const SpecialTokenSet& allowed,
                                      const SpecialTokenSet& disallowed,
                                      std::vector<uint32_t>& ids,
                                      std::vector<TokenOffset>* offsets) const {
  return EncodeCountingLastPiece(text, allowed, disallowed, ids, offsets).status();
}

absl::StatusOr<size_t> TiktokenEncoding::EncodeCountingLastPiece(
    std::string_view text, const SpecialTokenSet& allowed, const SpecialTokenSet& disallowed,
    std::vector<uint32_t>& ids, std::vector<TokenOffset>* offsets) const {
  TM_RETURN_IF_ERROR(utf8::Validate(text));
  TM_RETURN_IF_ERROR(CheckDisallowed(text, allowed, disallowed));
  std::vector<std::string_view> allowed_texts;
  std::vector<uint32_t> allowed_ids;
  for (const auto& [special, id] : special_tokens_) {
    if (allowed.is_all() || Contains(allowed.texts(), special)) {
      allowed_texts.push_back(special);
      allowed_ids.push_back(id);
    }
  }
  LeftmostFinder finder(std::move(allowed_texts));
  size_t start = 0;
  size_t last_piece_tokens = 0;
  while (true) {
    const auto [at, index] = finder.Find(text, start);
    const size_t end = std::min(at, text.size());
    // Like tiktoken, the pattern runs on the text between special tokens on its own.
    if (end > start) {
      last_piece_tokens = EncodeValidOrdinary(text.substr(start, end - start), start, ids, offsets);
    }
    if (at == std::string_view::npos) break;
    const size_t length = finder.needle(index).size();
    ids.push_back(allowed_ids[index]);
    last_piece_tokens = 0;
    if (offsets != nullptr) {
      offsets->emplace_back(static_cast<uint32_t>(at), static_cast<uint32_t>(at + length));
    }
    start = at + length;
  }
  return last_piece_tokens;
}

absl::StatusOr<std::vector<uint32_t>> TiktokenEncoding::Encode(
    std::string_view text, const SpecialTokenSet& allowed_special,
    const SpecialTokenSet& disallowed_special) const {
  std::vector<uint32_t> ids;
  TM_RETURN_IF_ERROR(Encode(text, allowed_special, disallowed_special, ids, nullptr));
  return ids;
}

std::vector<uint32_t> TiktokenEncoding::EncodeBytes(std::string_view bytes) const {
  std::vector<uint32_t> ids;
  const size_t valid = utf8::ValidPrefixLength(bytes);
  size_t last_piece_tokens = EncodeValidOrdinary(bytes.substr(0, valid), 0, ids, nullptr);
  if (valid == bytes.size()) return ids;
  last_piece_tokens = WithWhitespaceTokensBefore(ids, last_piece_tokens);
  std::string unstable;
  for (size_t i = ids.size() - last_piece_tokens; i < ids.size(); ++i) unstable += TokenBytes(ids[i]);
  unstable += bytes.substr(valid);
  ids.resize(ids.size() - last_piece_tokens);
  EncodeScratch& scratch = ThreadScratch();
  ranks_.Encode(unstable, ids, scratch.bpe, scratch.symbols);
  return ids;
}

absl::StatusOr<std::string_view> TiktokenEncoding::DecodeSingleTokenBytes(uint32_t id) const {
  // Every token has bytes, so an empty span marks an unused id.
  if (id >= n_vocab_ || token_starts_[id] == token_starts_[id + 1]) {
    return absl::InvalidArgumentError(
        absl::StrFormat("token id %d is not a token of %s (n_vocab %d)", id, name_, n_vocab_));
  }
  return TokenBytes(id);
}

absl::StatusOr<std::string> TiktokenEncoding::Decode(std::span<const uint32_t> ids) const {
  std::string out;
  for (uint32_t id : ids) {
    TM_ASSIGN_OR_RETURN(std::string_view bytes, DecodeSingleTokenBytes(id));
    out += bytes;
  }
  return out;
}

std::vector<uint32_t> TiktokenEncoding::EncodeSinglePiece(std::string_view bytes) const {
  if (std::optional<uint32_t> rank = ranks_.Rank(bytes)) return {*rank};
  std::vector<uint32_t> ids;
  EncodeScratch& scratch = ThreadScratch();
  ranks_.EncodeByMerging(bytes, ids, scratch.bpe, scratch.symbols);
  return ids;
}

std::optional<uint32_t> TiktokenEncoding::EncodeSingleToken(std::string_view bytes) const {
  if (std::optional<uint32_t> rank = ranks_.Rank(bytes)) return rank;
  return SpecialTokenId(bytes);
}

std::vector<std::string_view> TiktokenEncoding::TokenByteValues() const {
  std::vector<std::string_view> values;
  for (const uint32_t id : SortedTokenIds()) values.push_back(TokenBytes(id));
  return values;
}

const std::vector<uint32_t>& TiktokenEncoding::SortedTokenIds() const {
  absl::call_once(sorted_tokens_->once, [this] {
    std::vector<uint32_t>& ids = sorted_tokens_->ids;
    for (uint32_t id = 0; id < n_vocab_; ++id) {
      if (!TokenBytes(id).empty() && !IsSpecialToken(id)) ids.push_back(id);
    }
    // char_traits<char> orders bytes as unsigned, as Rust orders Vec<u8>.
    std::sort(ids.begin(), ids.end(),
              [this](uint32_t a, uint32_t b) { return TokenBytes(a) < TokenBytes(b); });
  });
  return sorted_tokens_->ids;
}

std::span<const uint32_t> TiktokenEncoding::TokensStartingWith(std::string_view prefix) const {
  const std::vector<uint32_t>& ids = SortedTokenIds();
  const auto first = std::lower_bound(ids.begin(), ids.end(), prefix, [this](uint32_t id, std::string_view p) {
    return TokenBytes(id) < p;
  });
  auto last = first;
  while (last != ids.end() && TokenBytes(*last).starts_with(prefix)) ++last;
  return {first, last};
}

bool TiktokenEncoding::IsSpecialToken(uint32_t id) const {
  return std::any_of(special_tokens_.begin(), special_tokens_.end(),
                     [id](const auto& special) { return special.second == id; });
}

std::optional<uint32_t> TiktokenEncoding::SpecialTokenId(std::string_view text) const {
  for (const auto& [special, id] : special_tokens_) {
    if (special == text) return id;
  }
  return std::nullopt;
}

}  // namespace tokenmill
