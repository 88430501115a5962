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

void AddedVocabulary::Matcher::Add(std::string_view pattern, size_t token_index) {
  if (pattern.empty()) return;
  const auto first = static_cast<unsigned char>(pattern[0]);
  if (!first_byte_[first]) first_bytes_.push_back(static_cast<char>(first));
  first_byte_[first] = true;
  uint32_t node = 0;
  for (const char c : pattern) {
    auto [it, added] = children_.try_emplace(Edge(node, static_cast<uint8_t>(c)),
                                             static_cast<uint32_t>(terminal_.size()));
    if (added) terminal_.push_back(kNoToken);
    node = it->second;
  }
  if (terminal_[node] == kNoToken) terminal_[node] = static_cast<uint32_t>(token_index);
}

bool AddedVocabulary::Matcher::Find(std::string_view text, size_t from, size_t& begin,
                                    size_t& end, size_t& token_index) const {
  for (size_t i = from; i < text.size(); ++i) {
    if (first_bytes_.size() == 1) {  // e.g. every BERT special token starts with '['
      const void* hit = std::memchr(text.data() + i, first_bytes_[0], text.size() - i);
      if (hit == nullptr) return false;
      i = static_cast<const char*>(hit) - text.data();
    }
    if (!first_byte_[static_cast<unsigned char>(text[i])]) continue;
    size_t best_end = 0;
    uint32_t node = 0;
    for (size_t j = i; j < text.size(); ++j) {
      auto it = children_.find(Edge(node, static_cast<uint8_t>(text[j])));
      if (it == children_.end()) break;
      node = it->second;
      if (terminal_[node] != kNoToken) {
        best_end = j + 1;
        token_index = terminal_[node];
      }
    }
    if (best_end > 0) {
      begin = i;
      end = best_end;
      return true;
    }
  }
  return false;
}

AddedVocabulary::AddedVocabulary(std::vector<AddedToken> tokens, const Normalizer* normalizer) {
  // HF's two loops with the file's ids: special contents first, then every token in order.
  for (const AddedToken& t : tokens) {
    if (t.special && !t.content.empty() && special_contents_.insert(t.content).second) {
      special_list_.push_back(t);
    }
  }
  for (const AddedToken& t : tokens) Register(t, t.id);
  Rebuild(normalizer);
}

size_t AddedVocabulary::Add(const std::vector<AddedToken>& tokens, const Model& model,
                            const Normalizer* normalizer) {
  for (const AddedToken& t : tokens) {
    if (t.special && !t.content.empty() && special_contents_.insert(t.content).second) {
      special_list_.push_back(t);
    }
  }
  const auto model_size = static_cast<uint32_t>(model.VocabSize());
  // The largest added id so far (kept up to date: adding many tokens stays linear).
  std::optional<uint32_t> largest;
  for (const auto& [content, added_id] : id_of_) largest = std::max(largest.value_or(0), added_id);
  size_t ignored = 0;
  for (const AddedToken& t : tokens) {
    // HF ignores a token equal (content and every option) to a registered one; a content's
    // registered token is the one its id maps to.
    std::optional<uint32_t> id = IdOf(t.content);
    const AddedToken* registered = id ? FindById(*id) : nullptr;
    const bool same = registered != nullptr && registered->content == t.content &&
                      registered->single_word == t.single_word && registered->lstrip == t.lstrip &&
                      registered->rstrip == t.rstrip && registered->normalized == t.normalized &&
                      registered->special == t.special;
    if (t.content.empty() || same) {
      ++ignored;
      continue;
    }
    if (!id) id = model.TokenToId(t.content);
    if (!id) {
      // After the largest added id if that is past the model's vocabulary, else the model's size.
      id = !largest ? model_size
           : *largest >= model_size || model_size == 0 ? *largest + 1
                                                        : model_size;
    }
    largest = std::max(largest.value_or(0), *id);
    Register(t, *id);
  }
  Rebuild(normalizer);
  return tokens.size() - ignored;
}

void AddedVocabulary::Register(const AddedToken& token, uint32_t id) {
  AddedToken stored = token;
  stored.id = id;
  id_of_[token.content] = id;
  token_of_[id] = stored;
  if (!special_contents_.contains(token.content)) other_list_.push_back(stored);
}

void AddedVocabulary::Rebuild(const Normalizer* normalizer) {
  by_id_.clear();
  for (const auto& [id, token] : token_of_) by_id_.push_back(token);
  std::sort(by_id_.begin(), by_id_.end(),
            [](const AddedToken& a, const AddedToken& b) { return a.id < b.id; });
  raw_matcher_ = Matcher();
  normalized_matcher_ = Matcher();
  patterns_.clear();
  for (const std::vector<AddedToken>* list : {&special_list_, &other_list_}) {
    for (const AddedToken& registered : *list) {
      // HF: the id the content has now, and that id's token's options.
      const uint32_t id = id_of_.at(registered.content);
      AddedToken pattern = token_of_.at(id);
      const size_t index = patterns_.size();
      patterns_.push_back(pattern);
      if (!registered.normalized) {
        raw_matcher_.Add(registered.content, index);
      } else if (normalizer != nullptr) {
        NormalizedString n(registered.content);
        normalizer->Normalize(n);
        normalized_matcher_.Add(n.normalized(), index);
      } else {
        normalized_matcher_.Add(registered.content, index);
      }
    }
  }
}

const AddedToken* AddedVocabulary::FindById(uint32_t id) const {
  auto it = token_of_.find(id);
  return it == token_of_.end() ? nullptr : &it->second;
}

std::optional<uint32_t> AddedVocabulary::IdOf(std::string_view content) const {
  auto it = id_of_.find(absl::string_view(content.data(), content.size()));
  if (it == id_of_.end()) return std::nullopt;
  return it->second;
}

bool AddedVocabulary::IsSpecial(std::string_view content) const {
  return special_contents_.contains(absl::string_view(content.data(), content.size()));
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
    const AddedToken& token = patterns_[index];
    if (encode_special_tokens_ && IsSpecial(token.content)) continue;
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
      const uint32_t id = patterns_[raw.token_index].id;
      out.AddTokenizedSplit(piece, 0, piece.size(), id);
      continue;
    }
    if (normalizer != nullptr) normalizer->Normalize(piece);
    FindPieces(piece.normalized(), normalized_matcher_, normalized_pieces);
    for (const Piece& p : normalized_pieces) {
      if (p.token_index >= 0) {
        out.AddTokenizedSplit(piece, p.begin, p.end, patterns_[p.token_index].id);
      } else {
        out.AddSplit(piece, p.begin, p.end);
      }
    }
  }
}

nlohmann::ordered_json AddedVocabulary::ToJson() const {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const AddedToken& t : by_id_) {
    out.push_back({{"id", t.id},
                   {"content", t.content},
                   {"single_word", t.single_word},
                   {"lstrip", t.lstrip},
                   {"rstrip", t.rstrip},
                   {"normalized", t.normalized},
                   {"special", t.special}});
  }
  return out;
}

}  // namespace tokenmill
