#include "tokenizers/models/sentencepiece_bpe/sentencepiece_bpe_model.h"

#include <algorithm>
#include <atomic>
#include <utility>

#include "tokenizers/sentencepiece/spm_utf8.h"

namespace tokenmill {
namespace {

// The bytes of one character (≤ 4) and their count packed into a key.
uint64_t PackChar(std::string_view ch) {
  uint64_t key = uint64_t{ch.size()} << 32;
  for (size_t i = 0; i < ch.size(); ++i) key |= uint64_t{static_cast<unsigned char>(ch[i])} << (8 * i);
  return key;
}

uint64_t PairKey(int32_t left, int32_t right) {
  return uint64_t{static_cast<uint32_t>(left)} << 32 | static_cast<uint32_t>(right);
}

bool ContainsAt(std::string_view text, std::string_view part, size_t pos) {
  return text.compare(pos, part.size(), part) == 0;
}

}  // namespace

// Per-thread buffers reused by every call.
struct SentencePieceBpeModel::Scratch {
  std::vector<Symbol> symbols;
  std::vector<Pair> heap;
  // sentencepiece's rev_merge: for an UNUSED piece, the two symbols last queued to form it.
  absl::flat_hash_map<std::string_view, std::pair<std::string_view, std::string_view>> rev_merge;
  // Deterministic segmentations of recent words (words repeat a lot in real text), for the
  // model `cache_owner` (an instance number, never reused, unlike an address).
  struct CachedToken {
    int32_t id;
    uint32_t length;
  };
  uint64_t cache_owner = 0;
  absl::flat_hash_map<std::string, std::vector<CachedToken>> cache;
};

namespace {
constexpr size_t kMaxCachedWordBytes = 64;
constexpr size_t kMaxCachedWords = 1 << 15;
std::atomic<uint64_t> next_instance{1};
}  // namespace

absl::StatusOr<std::unique_ptr<SentencePieceBpeModel>> SentencePieceBpeModel::Create(
    const SentencePieceTable& table, bool treat_whitespace_as_suffix) {
  std::unique_ptr<SentencePieceBpeModel> model(
      new SentencePieceBpeModel(table, treat_whitespace_as_suffix));
  model->instance_ = next_instance.fetch_add(1);
  model->user_defined_ = PrefixMatcher(table.UserDefinedSymbols());
  model->ascii_ids_.assign(256, -1);
  model->output_ids_.resize(table.size());
  model->pairs_.reserve(table.size() * 2);
  bool inner_space = false;
  const std::string_view space = spm_utf8::kSpaceSymbol;
  for (int id = 0; id < table.size(); ++id) {
    const std::string& piece = table.IdToPiece(id);
    model->output_ids_[id] = table.PieceToId(piece);
    if (table.FindMatchable(piece) != id) continue;  // reserved pieces are never matched
    if (table.IsUnused(id)) model->has_unused_ = true;
    if (piece.size() == 1) {
      model->ascii_ids_[static_cast<unsigned char>(piece[0])] = id;
    } else if (piece.size() <= 4 && spm_utf8::OneCharLength(piece) == piece.size()) {
      model->char_ids_.emplace(PackChar(piece), id);
    }
    // Every split into two pieces.
    for (size_t k = 1; k < piece.size(); ++k) {
      const int left = table.FindMatchable(std::string_view(piece).substr(0, k));
      if (left < 0) continue;
      const int right = table.FindMatchable(std::string_view(piece).substr(k));
      if (right >= 0) model->pairs_[PairKey(left, right)] = id;
    }
    if (!table.IsUserDefined(id)) {  // merges never form user-defined pieces
      for (size_t pos = piece.find(space); pos != std::string::npos;
           pos = piece.find(space, pos + 1)) {
        const bool at_edge = treat_whitespace_as_suffix ? pos + space.size() == piece.size()
                                                        : pos == 0;
        if (!at_edge) inner_space = true;
      }
    }
  }
  // Independent words need merges that never cross a ▁, and (for the exact rev_merge
  // bookkeeping of UNUSED pieces) sentencepiece's queue order over the whole text.
  model->split_words_ = !inner_space && !model->has_unused_;
  return model;
}

int32_t SentencePieceBpeModel::CharId(std::string_view ch) const {
  if (ch.size() == 1) return ascii_ids_[static_cast<unsigned char>(ch[0])];
  auto it = char_ids_.find(PackChar(ch));
  return it == char_ids_.end() ? -1 : it->second;
}

int32_t SentencePieceBpeModel::PairPiece(std::string_view text, const Symbol& left,
                                         const Symbol& right) const {
  if (left.id >= 0 && right.id >= 0) {
    auto it = pairs_.find(PairKey(left.id, right.id));
    return it == pairs_.end() ? -1 : it->second;
  }
  // A character outside the vocabulary can still start or end a piece.
  return table_.FindMatchable(text.substr(left.begin, right.end - left.begin));
}

void SentencePieceBpeModel::Emit(std::string_view text, int32_t id, uint32_t begin,
                                 uint32_t end, Scratch& scratch, std::vector<Token>& out) const {
  const std::string_view piece = text.substr(begin, end - begin);
  const int32_t out_id = id >= 0 ? OutputId(id) : table_.PieceToId(piece);
  if (has_unused_ && table_.IsUnused(out_id)) {
    auto it = scratch.rev_merge.find(piece);
    if (it != scratch.rev_merge.end()) {
      const auto [left, right] = it->second;
      const auto mid = static_cast<uint32_t>(begin + left.size());
      Emit(text, table_.FindMatchable(left), begin, mid, scratch, out);
      Emit(text, table_.FindMatchable(right), mid, end, scratch, out);
      return;
    }
  }
  out.push_back(Token{static_cast<uint32_t>(out_id), begin, end});
}

// Merges the symbols [first, last) of scratch.symbols (linked among themselves) and emits.
void SentencePieceBpeModel::EncodeWord(std::string_view text, uint32_t first, uint32_t last,
                                       float alpha, absl::FunctionRef<double()>* uniform,
                                       Scratch& scratch, std::vector<Token>& out) const {
  std::vector<Symbol>& symbols = scratch.symbols;
  std::vector<Pair>& heap = scratch.heap;
  heap.clear();
  // sentencepiece's agenda order: higher score first, then the leftmost pair.
  auto lower = [](const Pair& a, const Pair& b) {
    return a.score < b.score || (a.score == b.score && a.left > b.left);
  };
  auto maybe_add = [&](int32_t left, int32_t right) {
    if (left < 0 || right < 0) return;
    const Symbol& l = symbols[left];
    const Symbol& r = symbols[right];
    if (l.frozen || r.frozen) return;
    const int32_t merged = PairPiece(text, l, r);
    if (merged < 0) return;
    heap.push_back(Pair{table_.Score(merged), left, right, r.end - l.begin, merged});
    std::push_heap(heap.begin(), heap.end(), lower);
    if (has_unused_ && table_.IsUnused(merged)) {
      scratch.rev_merge[text.substr(l.begin, r.end - l.begin)] = {
          text.substr(l.begin, l.end - l.begin), text.substr(r.begin, r.end - r.begin)};
    }
  };
  for (uint32_t i = first + 1; i < last; ++i) maybe_add(static_cast<int32_t>(i - 1), static_cast<int32_t>(i));

  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), lower);
    const Pair top = heap.back();
    heap.pop_back();
    Symbol& l = symbols[top.left];
    Symbol& r = symbols[top.right];
    const uint32_t l_size = l.end - l.begin, r_size = r.end - r.begin;
    if (l_size == 0 || r_size == 0 || l_size + r_size != top.size) continue;  // stale
    if (alpha > 0) {
      if (alpha >= 1) continue;
      if ((*uniform)() < alpha) continue;  // dropped for good
    }
    l.end = r.end;
    l.id = top.merged;
    l.next = r.next;
    if (r.next >= 0) symbols[r.next].prev = top.left;
    r.begin = r.end;  // empty: merged away
    maybe_add(l.prev, top.left);
    maybe_add(top.left, l.next);
  }
  for (int32_t i = static_cast<int32_t>(first); i >= 0; i = symbols[i].next) {
    Emit(text, symbols[i].id, symbols[i].begin, symbols[i].end, scratch, out);
  }
}

// Symbols of text[begin, end): characters, or user-defined symbols whole and frozen.
void SentencePieceBpeModel::AddSymbols(std::string_view text, size_t begin, size_t end,
                                       std::vector<Symbol>& symbols) const {
  for (size_t pos = begin; pos < end;) {
    const std::string_view rest = text.substr(pos, end - pos);
    size_t len = user_defined_.empty() ? 0 : user_defined_.LongestMatch(rest);
    const bool frozen = len > 0;
    if (!frozen) len = spm_utf8::OneCharLength(rest);
    const std::string_view ch = rest.substr(0, len);
    const auto index = static_cast<int32_t>(symbols.size());
    const int32_t id = frozen ? table_.FindMatchable(ch) : CharId(ch);
    symbols.push_back(Symbol{id, static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + len),
                             index - 1, index + 1, frozen});
    pos += len;
  }
}

// One ▁-delimited word (no user-defined symbols), through the per-thread cache when the
// result is deterministic.
void SentencePieceBpeModel::EncodeWordCached(std::string_view text, size_t begin, size_t end,
                                             float alpha, absl::FunctionRef<double()>* uniform,
                                             Scratch& scratch, std::vector<Token>& out) const {
  const std::string_view word = text.substr(begin, end - begin);
  const bool cacheable = alpha <= 0 && word.size() <= kMaxCachedWordBytes;
  if (cacheable) {
    auto it = scratch.cache.find(absl::string_view(word.data(), word.size()));
    if (it != scratch.cache.end()) {
      auto at = static_cast<uint32_t>(begin);
      for (const Scratch::CachedToken& t : it->second) {
        out.push_back(Token{static_cast<uint32_t>(t.id), at, at + t.length});
        at += t.length;
      }
      return;
    }
  }
  std::vector<Symbol>& symbols = scratch.symbols;
  symbols.clear();
  AddSymbols(text, begin, end, symbols);
  if (symbols.empty()) return;
  symbols.front().prev = -1;
  symbols.back().next = -1;
  const size_t first_token = out.size();
  EncodeWord(text, 0, static_cast<uint32_t>(symbols.size()), alpha, uniform, scratch, out);
  if (cacheable) {
    if (scratch.cache.size() >= kMaxCachedWords) scratch.cache.clear();
    std::vector<Scratch::CachedToken> tokens;
    tokens.reserve(out.size() - first_token);
    for (size_t i = first_token; i < out.size(); ++i) {
      tokens.push_back({static_cast<int32_t>(out[i].id), out[i].end - out[i].begin});
    }
    scratch.cache.emplace(std::string(word), std::move(tokens));
  }
}

void SentencePieceBpeModel::EncodeAll(std::string_view text, float alpha,
                                      absl::FunctionRef<double()>* uniform,
                                      std::vector<Token>& out) const {
  if (text.empty()) return;
  thread_local Scratch scratch;
  if (scratch.cache_owner != instance_) {
    scratch.cache.clear();
    scratch.cache_owner = instance_;
  }
  scratch.rev_merge.clear();
  const std::string_view space = spm_utf8::kSpaceSymbol;
  if (split_words_ && user_defined_.empty()) {
    // Words end before a ▁ (or after one, with whitespace as suffix); merges never cross.
    size_t word_begin = 0;
    for (size_t pos = 0; pos < text.size();) {
      const size_t len = spm_utf8::OneCharLength(text.substr(pos));
      const bool is_space = len == space.size() && text.compare(pos, len, space) == 0;
      if (is_space && !suffix_ && pos > word_begin) {
        EncodeWordCached(text, word_begin, pos, alpha, uniform, scratch, out);
        word_begin = pos;
      }
      pos += len;
      if (is_space && suffix_) {
        EncodeWordCached(text, word_begin, pos, alpha, uniform, scratch, out);
        word_begin = pos;
      }
    }
    EncodeWordCached(text, word_begin, text.size(), alpha, uniform, scratch, out);
    return;
  }
  // The general case: every symbol of the text (user-defined symbols may span a ▁), then
  // each word's symbols merged on their own, or all of them as one when words can merge.
  std::vector<Symbol>& symbols = scratch.symbols;
  symbols.clear();
  AddSymbols(text, 0, text.size(), symbols);
  uint32_t word_first = 0;
  auto finish_word = [&](uint32_t end) {  // symbols [word_first, end) form one word
    if (end == word_first) return;
    symbols[word_first].prev = -1;
    symbols[end - 1].next = -1;
    EncodeWord(text, word_first, end, alpha, uniform, scratch, out);
    word_first = end;
  };
  if (split_words_) {
    for (uint32_t i = 0; i < symbols.size(); ++i) {
      const std::string_view ch = text.substr(symbols[i].begin, symbols[i].end - symbols[i].begin);
      if (!suffix_ && ContainsAt(ch, space, 0)) finish_word(i);
      if (suffix_ && ch.size() >= space.size() && ContainsAt(ch, space, ch.size() - space.size())) {
        finish_word(i + 1);
      }
    }
  }
  finish_word(static_cast<uint32_t>(symbols.size()));
}

void SentencePieceBpeModel::Encode(std::string_view normalized, std::vector<Token>& out) const {
  EncodeAll(normalized, 0.0f, nullptr, out);
}

void SentencePieceBpeModel::SampleEncode(std::string_view normalized, float alpha,
                                         absl::FunctionRef<double()> uniform,
                                         std::vector<Token>& out) const {
  EncodeAll(normalized, alpha, &uniform, out);
}

}  // namespace tokenmill
