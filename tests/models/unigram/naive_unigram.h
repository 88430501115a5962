// An obviously-correct reference for the Unigram model: enumerate every segmentation of a
// short text under sentencepiece's lattice rules, straight from the piece list (no trie, no
// dynamic programming).
#pragma once

#include <cfloat>
#include <cmath>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizers/models/unigram/unigram_model.h"

namespace tokenmill::testing {

struct NaiveSegmentation {
  std::vector<Token> tokens;
  double score = 0;  // Σ node scores, in double
};

inline size_t NaiveCharLen(std::string_view text, size_t pos) {
  const uint8_t lead = static_cast<uint8_t>(text[pos]);
  const size_t len = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  return std::min(len, text.size() - pos);
}

// The node score of a matched piece: user-defined pieces get length · max_score − 0.1 with
// length in characters (the lattice) or bytes (sentencepiece's optimized Viterbi).
inline double NaivePieceScore(const UnigramModel& model, uint32_t id, bool user_defined_by_bytes) {
  const UnigramPiece& p = model.pieces()[id];
  if (p.type != PieceType::kUserDefined) return p.score;
  size_t length = 0;
  if (user_defined_by_bytes) {
    length = p.piece.size();
  } else {
    for (size_t i = 0; i < p.piece.size(); i += NaiveCharLen(p.piece, i)) ++length;
  }
  const double score = static_cast<float>(length) * model.max_score() - 0.1;
  return user_defined_by_bytes ? score : static_cast<float>(score);
}

inline std::vector<NaiveSegmentation> EnumerateSegmentations(const UnigramModel& model,
                                                             std::string_view text,
                                                             bool user_defined_by_bytes = false) {
  const double unk_score = model.min_score() - 10.0f;
  std::vector<NaiveSegmentation> all;
  NaiveSegmentation current;
  std::function<void(size_t)> extend = [&](size_t pos) {
    if (pos == text.size()) {
      all.push_back(current);
      return;
    }
    const size_t char_len = NaiveCharLen(text, pos);
    bool has_single = false;
    for (uint32_t id = 0; id < model.size(); ++id) {
      const UnigramPiece& p = model.pieces()[id];
      if (p.type != PieceType::kNormal && p.type != PieceType::kUserDefined) continue;
      if (text.substr(pos, p.piece.size()) != p.piece) continue;
      if (p.piece.size() == char_len) has_single = true;
      const double score = NaivePieceScore(model, id, user_defined_by_bytes);
      current.tokens.push_back(Token{id, static_cast<uint32_t>(pos),
                                     static_cast<uint32_t>(pos + p.piece.size())});
      current.score += score;
      extend(pos + p.piece.size());
      current.score -= score;
      current.tokens.pop_back();
    }
    if (!has_single) {
      current.tokens.push_back(
          Token{model.unk_id(), static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + char_len)});
      current.score += unk_score;
      extend(pos + char_len);
      current.score -= unk_score;
      current.tokens.pop_back();
    }
  };
  extend(0);
  return all;
}

inline std::string TokensKey(const std::vector<Token>& tokens) {
  std::string key;
  for (const Token& t : tokens) {
    key += std::to_string(t.id) + ":" + std::to_string(t.begin) + "-" + std::to_string(t.end) + " ";
  }
  return key;
}

}  // namespace tokenmill::testing
