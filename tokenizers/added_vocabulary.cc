#include "tokenizers/added_vocabulary.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cstring>

#include "tokenizers/base/unicode.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {
namespace {

// Rust regex's \w: Alphabetic, Mark, Decimal_Number, Connector_Punctuation, Join_Control.
bool IsWordChar(char32_t cp) {
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
                        (cp >= 'A' && cp <= 'Z') || cp == '_';
  return u_hasBinaryProperty(cp, UCHAR_ALPHABETIC) || (U_GET_GC_MASK(cp) & (U_GC_M_MASK | U_GC_ND_MASK | U_GC_PC_MASK)) ||
         u_hasBinaryProperty(cp, UCHAR_JOIN_CONTROL);
}

char32_t LastChar(std::string_view s) {
  size_t start = s.size() - 1;
  while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
  size_t pos = start;
  return utf8::DecodeValid(s, pos);
}

// Start of the run of whitespace that ends `s` (s.size() if none).
size_t TrailingSpaceStart(std::string_view s) {
  size_t end = s.size();
  while (end > 0) {
    size_t start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    size_t pos = start;
    if (!unicode::IsWhitespace(utf8::DecodeValid(s, pos))) break;
    end = start;
  }
  return end;
}

// Length of the run of whitespace that starts `s`.
size_t LeadingSpaceLength(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    size_t next = pos;
    if (!unicode::IsWhitespace(utf8::DecodeValid(s, next))) break;
    pos = next;
  }
  return pos;
}

}  // namespace

void AddedVocabulary::Matcher::Add(std::string pattern, size_t token_index) {
  if (pattern.empty()) return;
  const auto first = static_cast<unsigned char>(pattern[0]);
  if (!first_byte_[first]) first_bytes_.push_back(static_cast<char>(first));
  first_byte_[first] = true;
  by_first_byte_[first].push_back(static_cast<uint32_t>(patterns_.size()));
  patterns_.emplace_back(std::move(pattern), token_index);
}

bool AddedVocabulary::Matcher::Find(std::string_view text, size_t from, size_t& begin,
                                    size_t& end, size_t& token_index) const {
  for (size_t i = from; i < text.size(); ++i) {
    if (first_bytes_.size() == 1) {  // e.g. every BERT special token starts with '['
      const void* hit = std::memchr(text.data() + i, first_bytes_[0], text.size() - i);
      if (hit == nullptr) return false;
      i = static_cast<const char*>(hit) - text.data();
    }
    const auto byte = static_cast<unsigned char>(text[i]);
    if (!first_byte_[byte]) continue;
    size_t best_len = 0;
    for (uint32_t p : by_first_byte_[byte]) {
      const auto& [pattern, index] = patterns_[p];
      if (pattern.size() > best_len && text.compare(i, pattern.size(), pattern) == 0) {
        best_len = pattern.size();
        token_index = index;
      }
    }
    if (best_len > 0) {
      begin = i;
      end = i + best_len;
      return true;
    }
  }
  return false;
}

AddedVocabulary::AddedVocabulary(std::vector<AddedToken> tokens, const Normalizer* normalizer)
    : tokens_(std::move(tokens)) {
  for (size_t i = 0; i < tokens_.size(); ++i) {
    const AddedToken& t = tokens_[i];
    by_id_[t.id] = i;
    by_content_[t.content] = i;
    if (t.normalized && normalizer != nullptr) {
      NormalizedString n(t.content);
      normalizer->Normalize(n);
      normalized_matcher_.Add(n.normalized(), i);
    } else if (t.normalized) {
      normalized_matcher_.Add(t.content, i);
    } else {
      raw_matcher_.Add(t.content, i);
    }
  }
}

const AddedToken* AddedVocabulary::FindById(uint32_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &tokens_[it->second];
}

const AddedToken* AddedVocabulary::FindByContent(std::string_view content) const {
  auto it = by_content_.find(absl::string_view(content.data(), content.size()));
  return it == by_content_.end() ? nullptr : &tokens_[it->second];
}

bool AddedVocabulary::IsSpecialId(uint32_t id) const {
  const AddedToken* t = FindById(id);
  return t != nullptr && t->special;
}

void AddedVocabulary::FindPieces(std::string_view text, const Matcher& matcher,
                                 std::vector<Piece>& out) const {
  out.clear();
  if (matcher.empty()) {
    out.push_back(Piece{-1, 0, static_cast<uint32_t>(text.size())});
    return;
  }
  size_t start_offset = 0;
  size_t search = 0, begin = 0, end = 0, index = 0;
  while (matcher.Find(text, search, begin, end, index)) {
    search = end;  // matches never overlap
    const AddedToken& token = tokens_[index];
    if (token.single_word) {
      const bool space_before = begin == 0 || !IsWordChar(LastChar(text.substr(0, begin)));
      size_t after = end;
      const bool space_after =
          end == text.size() || !IsWordChar(utf8::DecodeValid(text, after));
      if (!space_before || !space_after) continue;
    }
    if (token.lstrip) begin = std::max(TrailingSpaceStart(text.substr(0, begin)), start_offset);
    if (token.rstrip) end += LeadingSpaceLength(text.substr(end));
    if (start_offset < begin) {
      out.push_back(Piece{-1, static_cast<uint32_t>(start_offset), static_cast<uint32_t>(begin)});
    }
    out.push_back(Piece{static_cast<int64_t>(index), static_cast<uint32_t>(begin),
                        static_cast<uint32_t>(end)});
    start_offset = end;
  }
  if (start_offset != text.size()) {
    out.push_back(Piece{-1, static_cast<uint32_t>(start_offset), static_cast<uint32_t>(text.size())});
  }
}

void AddedVocabulary::ExtractAndNormalize(std::string_view text, const Normalizer* normalizer,
                                          PreTokenizedString& out) const {
  thread_local std::vector<Piece> raw_pieces, normalized_pieces;
  FindPieces(text, raw_matcher_, raw_pieces);
  const bool no_raw_match = raw_pieces.size() <= 1 && (raw_pieces.empty() || raw_pieces[0].token_index < 0);
  if (no_raw_match && normalized_matcher_.empty()) {
    // The common case: no added token in the text. Normalize it in place, no copies.
    NormalizedString whole(text);
    if (normalizer != nullptr) normalizer->Normalize(whole);
    out.Reset(std::move(whole));
    return;
  }
  out.Reset(NormalizedString());
  for (const Piece& raw : raw_pieces) {
    NormalizedString piece(text.substr(raw.begin, raw.end - raw.begin), raw.begin);
    if (raw.token_index >= 0) {
      const uint32_t id = tokens_[raw.token_index].id;
      out.AddTokenizedSplit(piece, 0, piece.size(), id);
      continue;
    }
    if (normalizer != nullptr) normalizer->Normalize(piece);
    FindPieces(piece.normalized(), normalized_matcher_, normalized_pieces);
    for (const Piece& p : normalized_pieces) {
      if (p.token_index >= 0) {
        out.AddTokenizedSplit(piece, p.begin, p.end, tokens_[p.token_index].id);
      } else {
        out.AddSplit(piece, p.begin, p.end);
      }
    }
  }
}

nlohmann::ordered_json AddedVocabulary::ToJson() const {
  std::vector<const AddedToken*> sorted;
  for (const AddedToken& t : tokens_) sorted.push_back(&t);
  std::sort(sorted.begin(), sorted.end(), [](auto* a, auto* b) { return a->id < b->id; });
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const AddedToken* t : sorted) {
    out.push_back({{"id", t->id},
                   {"content", t->content},
                   {"single_word", t->single_word},
                   {"lstrip", t->lstrip},
                   {"rstrip", t->rstrip},
                   {"normalized", t->normalized},
                   {"special", t->special}});
  }
  return out;
}

}  // namespace tokenmill
