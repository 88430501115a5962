#include "tokenizers/models/wordpiece/wordpiece.h"

#include <deque>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {

absl::StatusOr<std::unique_ptr<WordPiece>> WordPiece::Create(Vocab vocab,
                                                             WordPieceOptions options) {
  if (vocab.size() == 0) return absl::InvalidArgumentError("WordPiece vocabulary is empty");
  auto model = std::unique_ptr<WordPiece>(new WordPiece(std::move(vocab), std::move(options)));
  return model;
}

WordPiece::WordPiece(Vocab vocab, WordPieceOptions options)
    : vocab_(std::move(vocab)), options_(std::move(options)) {
  if (auto id = vocab_.Find(options_.unk_token)) {
    unk_id_ = *id;
    has_unk_ = true;
  }
  BuildTrie();
}

int32_t WordPiece::AddChild(int32_t node, unsigned char byte) {
  const uint64_t key = (static_cast<uint64_t>(node) << 8) | byte;
  auto [it, inserted] = edges_.try_emplace(key, static_cast<uint32_t>(nodes_.size()));
  if (inserted) {
    nodes_.emplace_back();
    children_.emplace_back();
    children_[node].emplace_back(byte, it->second);
  }
  return static_cast<int32_t>(it->second);
}

void WordPiece::BuildTrie() {
  const std::string& prefix = options_.continuing_subword_prefix;
  nodes_.assign(1, Node{});
  children_.assign(1, {});
  root_ = 0;
  // A separate root for suffix pieces, so "##" typed at a word start stays ordinary text.
  suffix_root_ = root_;
  if (!prefix.empty()) {  // reachable only through failure links
    suffix_root_ = static_cast<int32_t>(nodes_.size());
    nodes_.emplace_back();
    children_.emplace_back();
  }
  for (const auto& [token, id] : vocab_.Entries()) {
    int32_t node = root_;
    for (unsigned char c : token) node = AddChild(node, c);
    nodes_[node].token = static_cast<int32_t>(id);
    nodes_[node].token_length = static_cast<uint32_t>(token.size());
    if (!prefix.empty() && absl::StartsWith(token, prefix)) {
      node = suffix_root_;
      for (unsigned char c : std::string_view(token).substr(prefix.size())) node = AddChild(node, c);
      nodes_[node].token = static_cast<int32_t>(id);
      nodes_[node].token_length = static_cast<uint32_t>(token.size() - prefix.size());
    }
  }
  // Failure links of the suffix trie point inside it, and those of the word-start trie
  // point into the suffix trie: compute the suffix trie first.
  std::vector<Pop> scratch;
  if (suffix_root_ != root_) ComputeFailureLinks(suffix_root_, scratch);
  ComputeFailureLinks(root_, scratch);
  children_.clear();
  children_.shrink_to_fit();
}

void WordPiece::ComputeFailureLinks(int32_t root, std::vector<Pop>& scratch) {
  // Breadth-first, as for Aho-Corasick: a node's failure data derives from its parent's.
  struct Item {
    int32_t node, parent;
    unsigned char byte;
  };
  std::deque<Item> queue;
  for (auto [byte, child] : children_[root]) queue.push_back({int32_t(child), root, byte});
  while (!queue.empty()) {
    const auto [v, u, c] = queue.front();
    queue.pop_front();
    Node& node = nodes_[v];
    scratch.clear();
    if (node.token >= 0) {
      // A whole token: emit it and continue with a suffix piece.
      scratch.push_back(Pop{static_cast<uint32_t>(node.token), node.token_length});
      node.failure = suffix_root_;
    } else if (u == root_ || u == suffix_root_) {
      node.failure = -1;
    } else {
      const Node& pu = nodes_[u];
      scratch.assign(pops_.begin() + pu.pops_begin, pops_.begin() + pu.pops_end);
      int32_t z = pu.failure;
      while (z >= 0 && Child(z, c) < 0) {
        const Node& nz = nodes_[z];
        scratch.insert(scratch.end(), pops_.begin() + nz.pops_begin, pops_.begin() + nz.pops_end);
        z = nz.failure;
      }
      node.failure = z >= 0 ? Child(z, c) : -1;
      if (node.failure < 0) scratch.clear();
    }
    node.pops_begin = static_cast<uint32_t>(pops_.size());
    pops_.insert(pops_.end(), scratch.begin(), scratch.end());
    nodes_[v].pops_end = static_cast<uint32_t>(pops_.size());
    for (auto [byte, child] : children_[v]) queue.push_back({int32_t(child), v, byte});
  }
}

bool WordPiece::MatchWord(std::string_view word, std::vector<Token>& out) const {
  const size_t first = out.size();
  uint32_t cursor = 0;  // where the next popped token starts in the word
  auto pop = [&](const Node& n) {
    for (uint32_t i = n.pops_begin; i < n.pops_end; ++i) {
      out.push_back(Token{pops_[i].id, cursor, cursor + pops_[i].length});
      cursor += pops_[i].length;
    }
  };
  int32_t u = root_;
  for (unsigned char c : word) {
    int32_t next;
    while ((next = Child(u, c)) < 0) {
      const Node& n = nodes_[u];
      if (n.failure < 0) {
        out.resize(first);
        return false;
      }
      pop(n);
      u = n.failure;
    }
    u = next;
  }
  while (u != suffix_root_) {
    const Node& n = nodes_[u];
    if (n.failure < 0) {
      out.resize(first);
      return false;
    }
    pop(n);
    u = n.failure;
  }
  return true;
}

absl::Status WordPiece::Tokenize(std::string_view word, std::vector<Token>& out) const {
  const auto length = static_cast<uint32_t>(word.size());
  if (utf8::CountCodePoints(word) <= options_.max_input_chars_per_word) {
    if (auto id = vocab_.Find(word)) {  // most words are whole tokens
      out.push_back(Token{*id, 0, length});
      return absl::OkStatus();
    }
    if (MatchWord(word, out)) return absl::OkStatus();
  }
  if (!has_unk_) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "WordPiece: the unk token \"%s\" is not in the vocabulary", options_.unk_token));
  }
  out.push_back(Token{unk_id_, 0, length});
  return absl::OkStatus();
}

nlohmann::ordered_json WordPiece::ToJson() const {
  nlohmann::ordered_json vocab = nlohmann::ordered_json::object();
  for (const auto& [token, id] : vocab_.Entries()) vocab[token] = id;
  return {{"type", "WordPiece"},
          {"unk_token", options_.unk_token},
          {"continuing_subword_prefix", options_.continuing_subword_prefix},
          {"max_input_chars_per_word", options_.max_input_chars_per_word},
          {"vocab", std::move(vocab)}};
}

}  // namespace tokenmill
