// Helpers for the BPE tests: building models from token lists, reading their output as
// (token, begin, end) pieces, and the naive reference implementations.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "tokenizers/models/bpe/bpe.h"

namespace tokenmill::bpe_testing {

struct Piece {
  std::string token;
  uint32_t begin, end;
  bool operator==(const Piece&) const = default;
  friend std::ostream& operator<<(std::ostream& os, const Piece& p) {
    return os << "(" << p.token << " " << p.begin << "," << p.end << ")";
  }
};

using StringMerges = std::vector<std::pair<std::string, std::string>>;

// Vocab ids are given explicitly (HF's tests list them) as (token, id) pairs.
inline std::unique_ptr<Bpe> MakeBpe(const std::vector<std::pair<std::string, uint32_t>>& vocab,
                                    const StringMerges& merges, BpeOptions options = {}) {
  auto v = Vocab::Create(vocab);
  EXPECT_TRUE(v.ok()) << v.status();
  std::vector<MergeStrings> views(merges.begin(), merges.end());
  auto model = Bpe::Create(std::move(*v), views, std::move(options));
  EXPECT_TRUE(model.ok()) << model.status();
  return model.ok() ? std::move(*model) : nullptr;
}

// Ids in list order.
inline std::vector<std::pair<std::string, uint32_t>> Numbered(
    const std::vector<std::string>& tokens) {
  std::vector<std::pair<std::string, uint32_t>> out;
  for (const std::string& t : tokens) out.emplace_back(t, static_cast<uint32_t>(out.size()));
  return out;
}

inline std::vector<Piece> ToPieces(const Bpe& model, const std::vector<Token>& tokens) {
  std::vector<Piece> out;
  for (const Token& t : tokens) {
    out.push_back({std::string(model.IdToToken(t.id).value_or("?")), t.begin, t.end});
  }
  return out;
}

inline std::vector<Piece> Pieces(const Bpe& model, std::string_view word) {
  std::vector<Token> tokens;
  absl::Status status = model.Tokenize(word, tokens);
  EXPECT_TRUE(status.ok()) << status;
  return ToPieces(model, tokens);
}

// Naive BPE with HF's semantics, on strings: split into characters, then repeatedly merge
// the adjacent pair of lowest rank (the leftmost among equals) into a + b[prefix_len:].
// A pair listed twice keeps its last rank. Characters must all be in the vocabulary.
// `rank_of(a, b)` gives a pair's rank or SIZE_MAX.
template <typename RankOf>
std::vector<std::string> NaiveBpeRanked(const RankOf& rank_of, std::string_view word,
                                        const std::string& prefix = "") {
  std::vector<std::string> symbols;
  for (size_t i = 0; i < word.size();) {
    size_t n = 1;
    while (i + n < word.size() && (static_cast<unsigned char>(word[i + n]) & 0xC0) == 0x80) ++n;
    symbols.push_back((i == 0 ? "" : prefix) + std::string(word.substr(i, n)));
    i += n;
  }
  while (true) {
    size_t best = SIZE_MAX, best_rank = SIZE_MAX;
    for (size_t i = 0; i + 1 < symbols.size(); ++i) {
      const size_t r = rank_of(symbols[i], symbols[i + 1]);
      if (r < best_rank) best_rank = r, best = i;
    }
    if (best == SIZE_MAX) return symbols;
    symbols[best] += symbols[best + 1].substr(prefix.size());
    symbols.erase(symbols.begin() + best + 1);
  }
}

inline std::vector<std::string> NaiveBpe(const StringMerges& merges, std::string_view word,
                                         const std::string& prefix = "") {
  std::map<std::pair<std::string, std::string>, size_t> rank;
  for (size_t i = 0; i < merges.size(); ++i) rank[merges[i]] = i;
  return NaiveBpeRanked(
      [&](const std::string& a, const std::string& b) {
        auto it = rank.find({a, b});
        return it == rank.end() ? SIZE_MAX : it->second;
      },
      word, prefix);
}

// A random merge list over `alphabet`: each merge joins two tokens seen so far. Some
// merges repeat, and some produce a token already made by another pair, as real lists do.
template <typename Rng>
std::pair<std::vector<std::string>, StringMerges> RandomMerges(const std::string& alphabet,
                                                               size_t count, Rng& rng) {
  std::vector<std::string> tokens;
  for (char c : alphabet) tokens.emplace_back(1, c);
  StringMerges merges;
  std::vector<std::string> vocab = tokens;
  for (size_t i = 0; i < count; ++i) {
    if (!merges.empty() && rng() % 10 == 0) {  // a duplicate line
      merges.push_back(merges[rng() % merges.size()]);
      continue;
    }
    const std::string& a = tokens[rng() % tokens.size()];
    const std::string& b = tokens[rng() % tokens.size()];
    merges.emplace_back(a, b);
    const std::string joined = a + b;
    if (std::find(vocab.begin(), vocab.end(), joined) == vocab.end()) {
      vocab.push_back(joined);
      tokens.push_back(joined);
    }
  }
  return {vocab, merges};
}

}  // namespace tokenmill::bpe_testing
