#include "tokenizers/models/wordpiece/lin_max_match.h"

#include <algorithm>
#include <cstring>

namespace tokenmill {

int32_t LinMaxMatchTrie::SearchChild(int32_t node, unsigned char byte) const {
  const Node& n = nodes_[node];
  const void* hit = std::memchr(labels_.data() + n.first_child, byte, n.child_count);
  return hit == nullptr
             ? -1
             : static_cast<int32_t>(static_cast<const unsigned char*>(hit) - labels_.data());
}

LinMaxMatchTrie::LinMaxMatchTrie(const Vocab& vocab, std::string_view prefix) {
  // Two tries share one node array: root_ spells tokens as written (matches at a word
  // start), suffix_root_ spells continuation tokens without their prefix (reached only
  // through failure links). Without a prefix both are the same trie.
  root_ = 0;
  suffix_root_ = prefix.empty() ? 0 : 1;
  nodes_.assign(prefix.empty() ? 1 : 2, Node{});
  parent_.assign(nodes_.size(), -1);

  std::vector<Entry> entries;
  entries.reserve(vocab.size() + vocab.size() / 4);
  for (uint32_t id = 0; id < vocab.id_limit(); ++id) {
    auto token = vocab.Token(id);
    if (token && !token->empty()) entries.push_back(Entry{*token, id, root_});
  }
  for (uint32_t id = 0; !prefix.empty() && id < vocab.id_limit(); ++id) {
    auto token = vocab.Token(id);
    if (token && token->size() > prefix.size() && token->substr(0, prefix.size()) == prefix) {
      entries.push_back(Entry{token->substr(prefix.size()), id, suffix_root_});
    }
  }
  // Level by level: the live entries are grouped by their current node, in node order;
  // ordering each group by its next byte and giving each distinct byte a new node keeps
  // that invariant for the next level and numbers nodes breadth-first.
  size_t total_bytes = nodes_.size();
  for (const Entry& e : entries) total_bytes += e.bytes.size();
  nodes_.reserve(total_bytes);  // an upper bound on the node count
  parent_.reserve(total_bytes);
  std::vector<uint32_t> active(entries.size()), next, counts(257);
  for (uint32_t i = 0; i < active.size(); ++i) active[i] = i;  // grouped: root's, then suffix root's
  std::vector<uint32_t> scratch;
  for (size_t depth = 0; !active.empty(); ++depth) {
    auto byte_of = [&](uint32_t e) { return static_cast<unsigned char>(entries[e].bytes[depth]); };
    next.clear();
    for (size_t g0 = 0; g0 < active.size();) {
      const int32_t parent = entries[active[g0]].node;
      size_t g1 = g0 + 1;
      while (g1 < active.size() && entries[active[g1]].node == parent) ++g1;
      if (g1 - g0 > 64) {  // counting sort for big groups (the roots)
        std::fill(counts.begin(), counts.end(), 0);
        for (size_t i = g0; i < g1; ++i) ++counts[byte_of(active[i]) + 1];
        for (size_t b = 1; b < counts.size(); ++b) counts[b] += counts[b - 1];
        scratch.resize(g1 - g0);
        for (size_t i = g0; i < g1; ++i) scratch[counts[byte_of(active[i])]++] = active[i];
        std::copy(scratch.begin(), scratch.end(), active.begin() + g0);
      } else if (g1 - g0 > 1) {
        std::sort(active.begin() + g0, active.begin() + g1,
                  [&](uint32_t a, uint32_t b) { return byte_of(a) < byte_of(b); });
      }
      int32_t child = -1;
      for (size_t i = g0; i < g1; ++i) {
        Entry& e = entries[active[i]];
        const unsigned char byte = byte_of(active[i]);
        if (child < 0 || nodes_[child].byte != byte) {
          child = static_cast<int32_t>(nodes_.size());
          Node node;
          node.byte = byte;
          nodes_.push_back(node);
          parent_.push_back(parent);
          Node& p = nodes_[parent];
          if (p.child_count == 0) p.first_child = static_cast<uint32_t>(child);
          ++p.child_count;
        }
        if (e.bytes.size() == depth + 1) {
          nodes_[child].token = static_cast<int32_t>(e.id);
          nodes_[child].token_length = static_cast<uint32_t>(e.bytes.size());
        } else {
          e.node = child;
          next.push_back(active[i]);
        }
      }
      g0 = g1;
    }
    active.swap(next);
  }
  labels_.resize(nodes_.size());
  for (size_t i = 0; i < nodes_.size(); ++i) labels_[i] = nodes_[i].byte;
  for (int b = 0; b < 256; ++b) {
    root_children_[b] = SearchChild(root_, static_cast<unsigned char>(b));
    suffix_root_children_[b] = SearchChild(suffix_root_, static_cast<unsigned char>(b));
  }
  ComputeFailureLinks();
  parent_.clear();
  parent_.shrink_to_fit();
  nodes_.shrink_to_fit();
}

void LinMaxMatchTrie::ComputeFailureLinks() {
  // Nodes are numbered by depth, and failure links only point to shallower suffix-trie
  // nodes, so one pass in node order sees every node after the ones it depends on.
  std::vector<Pop> scratch;
  for (size_t v = 0; v < nodes_.size(); ++v) {
    Node& node = nodes_[v];
    const int32_t u = parent_[v];
    scratch.clear();
    if (u < 0) {
      node.failure = -1;  // a root
    } else if (node.token >= 0) {
      // A whole token: emit it and continue with a suffix piece.
      scratch.push_back(Pop{static_cast<uint32_t>(node.token), node.token_length});
      node.failure = suffix_root_;
    } else if (u == root_ || u == suffix_root_) {
      node.failure = -1;
    } else {
      const Node& pu = nodes_[u];
      scratch.assign(pops_.begin() + pu.pops_begin, pops_.begin() + pu.pops_end);
      int32_t z = pu.failure;
      while (z >= 0 && Child(z, node.byte) < 0) {
        const Node& nz = nodes_[z];
        scratch.insert(scratch.end(), pops_.begin() + nz.pops_begin, pops_.begin() + nz.pops_end);
        z = nz.failure;
      }
      node.failure = z >= 0 ? Child(z, node.byte) : -1;
      if (node.failure < 0) scratch.clear();
    }
    node.pops_begin = static_cast<uint32_t>(pops_.size());
    pops_.insert(pops_.end(), scratch.begin(), scratch.end());
    node.pops_end = static_cast<uint32_t>(pops_.size());
  }
}

bool LinMaxMatchTrie::Match(std::string_view word, std::vector<Token>& out) const {
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

}  // namespace tokenmill
