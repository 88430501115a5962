#include "tokenizers/trainers/bpe_trainer.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <thread>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"
#include "tokenizers/base/free_memory.h"
#include "tokenizers/base/status_macros.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/models/bpe/bpe.h"
#include "tokenizers/trainers/word_counter.h"
#include "tokenizers/trainers/word_list_store.h"

namespace tokenmill {
namespace {

using PairKey = uint64_t;
inline PairKey MakePair(uint32_t a, uint32_t b) { return (uint64_t{a} << 32) | b; }
inline uint32_t First(PairKey p) { return static_cast<uint32_t>(p >> 32); }
inline uint32_t Second(PairKey p) { return static_cast<uint32_t>(p); }

std::string CodePointString(char32_t c) {
  std::string s;
  utf8::Append(c, s);
  return s;
}

// The state of one training run. `Sym` holds a symbol id in the words' arrays: uint16_t when
// every id fits (vocab_size ≤ 65536, half the memory of the largest array), else uint32_t.
template <typename Sym>
class BpeRun {
 public:
  BpeRun(const std::vector<WordCount>& words, const BpeTrainerOptions& options, Progress& progress,
         std::function<void()> release_words = nullptr)
      : input_(words), options_(options), progress_(progress),
        release_words_(std::move(release_words)) {}

  absl::StatusOr<BpeTrainingResult> Run();

 private:
  // A queue entry: HF's Merge { pair, count, pos }.
  struct Entry {
    uint64_t count;
    PairKey pair;
    uint32_t seq;   // push order: equal (count, pair) entries pop oldest first (24 bytes in all)
    uint32_t list;  // its words: kSingleWord | word, or a list of store_
  };
  // Max-heap order: highest count, then smallest pair, then oldest.
  struct EntryLess {
    bool operator()(const Entry& a, const Entry& b) const {
      if (a.count != b.count) return a.count < b.count;
      if (a.pair != b.pair) return a.pair > b.pair;
      return a.seq > b.seq;
    }
  };

  uint32_t AddToken(const std::string& token);
  void AddSpecialTokens();
  void ComputeAlphabet();
  void TokenizeWords();
  void CountPairs();
  void MergeLoop();
  // Merges `top`'s pair in its words and queues the pairs that gained occurrences.
  void ApplyMerge(const Entry& top, uint32_t a, uint32_t b, uint32_t new_id);
  // HF's Word::merge on word `w`, reporting every pair change as (kind, other symbol).
  template <typename OnChange>
  void MergeWord(uint32_t w, uint32_t a, uint32_t b, uint32_t replacement, OnChange&& on_change);

  // Lists being built during one merge step (in lists_), until they are stored.
  uint32_t NewList();
  void FreeList(uint32_t list);
  // A queue entry's words (appended to `out`), and freeing them once the entry is done.
  void EntryWords(uint32_t list, std::vector<uint32_t>& out) const;
  void FreeEntryWords(uint32_t list);
  // The list a queue entry keeps for `words` (a single word needs no storage).
  uint32_t StoreEntryWords(const std::vector<uint32_t>& words);
  void Push(uint64_t count, PairKey pair, uint32_t list);

  const std::vector<WordCount>& input_;
  const BpeTrainerOptions& options_;
  Progress& progress_;
  std::function<void()> release_words_;

  absl::flat_hash_map<std::string, uint32_t> word_to_id_;
  std::vector<std::string> id_to_word_;
  absl::flat_hash_set<char32_t> alphabet_;
  size_t alphabet_size_ = 0;

  // Words as symbol arrays, back to back; lens_ (characters per symbol) only when
  // max_token_length is set.
  std::vector<Sym> symbols_;
  std::vector<uint32_t> lens_;
  struct WordInfo {
    uint64_t begin;  // in symbols_
    uint32_t size;
    uint32_t count;  // kBigCount: in big_counts_ (16 bytes a word instead of 24)
  };
  static constexpr uint32_t kBigCount = UINT32_MAX;
  std::vector<WordInfo> words_;  // one cache line per visit, not three
  absl::flat_hash_map<uint32_t, int64_t> big_counts_;
  int64_t CountOf(uint32_t w) const {
    const uint32_t c = words_[w].count;
    return c != kBigCount ? c : big_counts_.find(w)->second;
  }

  absl::flat_hash_map<PairKey, int64_t> pair_counts_;
  std::vector<Entry> queue_;
  uint32_t next_seq_ = 0;  // wraps after 2^32 pushes: only the order of exact ties changes
  std::vector<std::vector<uint32_t>> lists_;
  std::vector<uint32_t> free_lists_;
  // The word lists of queue entries: most wait in the queue for the rest of the run, so they
  // are kept coded (WordListStore), and freed once merged.
  WordListStore store_;
  std::vector<uint32_t> top_words_;
  static constexpr uint32_t kSingleWord = 1u << 30;  // most new pairs occur in one word

  std::vector<std::pair<PairKey, uint32_t>> merges_;  // (pair, new id) in merge order

  // The pairs one merge of (a, b) → new changes all have a, b or new on one side, so a step's
  // changes are kept in arrays indexed by the other side instead of hash maps.
  enum ChangeKind { kLeftOld = 0, kLeftNew = 1, kRightOld = 2, kRightNew = 3 };
  static PairKey ChangedPair(ChangeKind kind, uint32_t other, uint32_t a, uint32_t b,
                             uint32_t new_id) {
    switch (kind) {
      case kLeftOld: return MakePair(other, a);
      case kLeftNew: return MakePair(other, new_id);
      case kRightOld: return MakePair(b, other);
      default: return MakePair(new_id, other);
    }
  }
  static constexpr uint32_t kNoWord = UINT32_MAX;
  struct PairChange {
    int64_t delta;
    uint32_t first_word;  // the first word that gained the pair (kNoWord: none)
    uint32_t list;        // once a second word gains it: 1 + index into lists_ of all; else 0
    uint32_t generation;
  };
  void AddWord(PairChange& c, uint32_t w) {
    if (c.first_word == kNoWord) {
      c.first_word = w;
    } else if (c.list != 0) {
      std::vector<uint32_t>& list = lists_[c.list - 1];
      if (list.back() != w) list.push_back(w);
    } else if (c.first_word != w) {
      c.list = NewList() + 1;
      lists_[c.list - 1] = {c.first_word, w};
    }
  }
  std::vector<PairChange> changes_[4];
  std::vector<uint32_t> touched_[4];
  uint32_t generation_ = 0;
};

template <typename Sym>
uint32_t BpeRun<Sym>::AddToken(const std::string& token) {
  auto [it, inserted] = word_to_id_.emplace(token, static_cast<uint32_t>(id_to_word_.size()));
  if (inserted) id_to_word_.push_back(token);
  return it->second;
}

template <typename Sym>
void BpeRun<Sym>::AddSpecialTokens() {
  for (const std::string& token : options_.special_tokens) AddToken(token);
}

template <typename Sym>
void BpeRun<Sym>::ComputeAlphabet() {
  absl::flat_hash_map<char32_t, uint64_t> counts;
  for (const WordCount& wc : input_) {
    size_t pos = 0;
    while (pos < wc.word.size()) counts[utf8::DecodeValid(wc.word, pos)] += wc.count;
  }
  for (char32_t c : options_.initial_alphabet) counts[c] = std::numeric_limits<uint64_t>::max();
  std::vector<std::pair<char32_t, uint64_t>> kept(counts.begin(), counts.end());
  if (options_.limit_alphabet && kept.size() > *options_.limit_alphabet) {
    const size_t to_remove = kept.size() - *options_.limit_alphabet;
    // Rarest first; HF breaks ties in hash order, we by code point (highest goes first).
    std::sort(kept.begin(), kept.end(), [](const auto& a, const auto& b) {
      if (a.second != b.second) return a.second < b.second;
      return a.first > b.first;
    });
    kept.erase(kept.begin(), kept.begin() + to_remove);
  }
  std::sort(kept.begin(), kept.end());
  alphabet_size_ = kept.size();
  for (const auto& [c, count] : kept) {
    alphabet_.insert(c);
    AddToken(CodePointString(c));
  }
}

template <typename Sym>
void BpeRun<Sym>::TokenizeWords() {
  const std::string prefix = options_.continuing_subword_prefix.value_or("");
  const std::string suffix = options_.end_of_word_suffix.value_or("");
  const bool decorate = !prefix.empty() || !suffix.empty();
  // The symbol of a character at a position: plain, or with prefix and/or suffix.
  auto spell = [&](std::string_view c, bool first, bool last) {
    std::string s;
    if (!first) s += prefix;
    s += c;
    if (last) s += suffix;
    return s;
  };
  // Whether a character's plain form is in the vocabulary, cached by code point (most
  // characters repeat millions of times).
  absl::flat_hash_map<char32_t, bool> kept_cache;
  auto in_vocab = [&](char32_t cp, std::string_view c) {
    auto [it, inserted] = kept_cache.emplace(cp, false);
    if (inserted) {
      it->second = word_to_id_.find(absl::string_view(c.data(), c.size())) != word_to_id_.end();
    }
    return it->second;
  };
  // Character slices of a word that HF keeps: those whose plain form is in the vocabulary.
  auto for_each_kept_char = [&](std::string_view word, auto&& fn) {
    size_t pos = 0;
    bool first = true;
    while (pos < word.size()) {
      const size_t begin = pos;
      const char32_t cp = utf8::DecodeValid(word, pos);
      const std::string_view c = word.substr(begin, pos - begin);
      // HF's is_first / is_last are about the character's place in the word, kept or not.
      if (in_vocab(cp, c)) fn(cp, c, first, pos == word.size());
      first = false;
    }
  };
  if (decorate) {
    absl::flat_hash_set<std::string> needed;
    for (const WordCount& wc : input_) {
      for_each_kept_char(wc.word, [&](char32_t, std::string_view c, bool first, bool last) {
        std::string s = spell(c, first, last);
        if (word_to_id_.find(s) == word_to_id_.end()) needed.insert(std::move(s));
      });
    }
    for (const std::string& s : options_.decorated_symbol_order) {
      if (needed.erase(s)) AddToken(s);
    }
    std::vector<std::string> rest(needed.begin(), needed.end());
    std::sort(rest.begin(), rest.end());
    for (const std::string& s : rest) AddToken(s);
  }

  const bool with_lens = options_.max_token_length.has_value();
  words_.reserve(input_.size());
  size_t bytes = 0;  // at least as many as kept characters: untouched capacity costs no RSS
  for (const WordCount& wc : input_) bytes += wc.word.size();
  symbols_.reserve(bytes);
  if (with_lens) lens_.reserve(bytes);
  // Symbol id by (code point, first in word, last in word).
  absl::flat_hash_map<uint64_t, uint32_t> id_cache;
  for (const WordCount& wc : input_) {
    const uint64_t begin = symbols_.size();
    for_each_kept_char(wc.word, [&](char32_t cp, std::string_view c, bool first, bool last) {
      const uint64_t key = (uint64_t{cp} << 2) | (first ? 2 : 0) | (last ? 1 : 0);
      auto [it, inserted] = id_cache.emplace(key, 0);
      if (inserted) {
        it->second = decorate ? word_to_id_.find(spell(c, first, last))->second
                              : word_to_id_.find(absl::string_view(c.data(), c.size()))->second;
      }
      symbols_.push_back(static_cast<Sym>(it->second));
      if (with_lens) lens_.push_back(1);
    });
    const uint32_t w = static_cast<uint32_t>(words_.size());
    uint32_t count = static_cast<uint32_t>(wc.count);
    if (wc.count >= kBigCount) {
      count = kBigCount;
      big_counts_.emplace(w, static_cast<int64_t>(wc.count));
    }
    words_.push_back(WordInfo{begin, static_cast<uint32_t>(symbols_.size() - begin), count});
  }
}

template <typename Sym>
uint32_t BpeRun<Sym>::NewList() {
  if (!free_lists_.empty()) {
    const uint32_t list = free_lists_.back();
    free_lists_.pop_back();
    return list;
  }
  lists_.emplace_back();
  return static_cast<uint32_t>(lists_.size() - 1);
}

template <typename Sym>
void BpeRun<Sym>::FreeList(uint32_t list) {
  std::vector<uint32_t>().swap(lists_[list]);
  free_lists_.push_back(list);
}

template <typename Sym>
void BpeRun<Sym>::EntryWords(uint32_t list, std::vector<uint32_t>& out) const {
  if (list & kSingleWord) {
    out.push_back(list & ~kSingleWord);
  } else {
    store_.Decode(list, out);
  }
}

template <typename Sym>
void BpeRun<Sym>::FreeEntryWords(uint32_t list) {
  if (!(list & kSingleWord)) store_.Free(list);
}

template <typename Sym>
uint32_t BpeRun<Sym>::StoreEntryWords(const std::vector<uint32_t>& words) {
  if (words.size() == 1) return kSingleWord | words[0];
  const uint32_t list = store_.Add(words.data(), words.size());
  if (list >= kSingleWord) std::abort();  // 2^30 lists alive: far beyond any vocabulary
  return list;
}

template <typename Sym>
void BpeRun<Sym>::Push(uint64_t count, PairKey pair, uint32_t list) {
  queue_.push_back(Entry{count, pair, next_seq_++, list});
  std::push_heap(queue_.begin(), queue_.end(), EntryLess());
}

template <typename Sym>
void BpeRun<Sym>::CountPairs() {
  // Two passes build every pair's word list in one array (a vector per pair would cost more
  // than the lists themselves): count, then place.
  struct PairInfo {
    PairKey pair;
    int64_t count;
    uint32_t words;
    uint32_t last_word;
  };
  absl::flat_hash_map<PairKey, uint32_t> index;
  std::vector<PairInfo> infos;
  for (uint32_t w = 0; w < words_.size(); ++w) {
    const Sym* s = symbols_.data() + words_[w].begin;
    for (uint32_t i = 0; i + 1 < words_[w].size; ++i) {
      const PairKey pair = MakePair(s[i], s[i + 1]);
      auto [it, inserted] = index.emplace(pair, static_cast<uint32_t>(infos.size()));
      if (inserted) infos.push_back(PairInfo{pair, 0, 0, UINT32_MAX});
      PairInfo& info = infos[it->second];
      info.count += CountOf(w);
      if (info.last_word != w) {
        ++info.words;
        info.last_word = w;
      }
    }
  }
  std::vector<std::pair<uint64_t, uint32_t>> initial_lists(infos.size());  // (begin, size)
  uint64_t offset = 0;
  for (size_t p = 0; p < infos.size(); ++p) {
    initial_lists[p] = {offset, infos[p].words};
    offset += infos[p].words;
    infos[p].words = 0;
    infos[p].last_word = UINT32_MAX;
  }
  std::vector<uint32_t> initial_words(offset);
  for (uint32_t w = 0; w < words_.size(); ++w) {
    const Sym* s = symbols_.data() + words_[w].begin;
    for (uint32_t i = 0; i + 1 < words_[w].size; ++i) {
      const uint32_t p = index.find(MakePair(s[i], s[i + 1]))->second;
      PairInfo& info = infos[p];
      if (info.last_word == w) continue;
      info.last_word = w;
      initial_words[initial_lists[p].first + info.words++] = w;
    }
  }
  index = {};
  pair_counts_.reserve(infos.size());
  queue_.reserve(infos.size() + infos.size() / 2);
  std::vector<uint32_t> words;
  for (size_t p = 0; p < infos.size(); ++p) {
    pair_counts_.emplace(infos[p].pair, infos[p].count);
    if (infos[p].count > 0) {
      const auto [begin, size] = initial_lists[p];
      words.assign(initial_words.begin() + begin, initial_words.begin() + begin + size);
      queue_.push_back(Entry{static_cast<uint64_t>(infos[p].count), infos[p].pair, next_seq_++,
                             StoreEntryWords(words)});
    }
  }
  std::make_heap(queue_.begin(), queue_.end(), EntryLess());
}

template <typename Sym>
template <typename OnChange>
void BpeRun<Sym>::MergeWord(uint32_t w, uint32_t a, uint32_t b, uint32_t replacement,
                       OnChange&& on_change) {
  Sym* s = symbols_.data() + words_[w].begin;
  uint32_t* len = lens_.empty() ? nullptr : lens_.data() + words_[w].begin;
  const size_t max_length = options_.max_token_length.value_or(std::numeric_limits<size_t>::max());
  const uint32_t n = words_[w].size;
  uint32_t out = 0;
  uint32_t in = 0;
  while (in < n) {
    if (s[in] == a && in + 1 < n && s[in + 1] == b) {
      const uint32_t new_len = len ? len[in] + len[in + 1] : 0;
      if (out > 0) {
        on_change(kLeftOld, s[out - 1]);  // (prev, a) -1
        if (!len || len[out - 1] + new_len < max_length) on_change(kLeftNew, s[out - 1]);
      }
      if (in + 2 < n) {
        on_change(kRightOld, s[in + 2]);  // (b, next) -1
        if (!len || len[in + 2] + new_len < max_length) on_change(kRightNew, s[in + 2]);
      }
      s[out] = static_cast<Sym>(replacement);
      if (len) len[out] = new_len;
      ++out;
      in += 2;
    } else {
      s[out] = s[in];
      if (len) len[out] = len[in];
      ++out;
      ++in;
    }
  }
  words_[w].size = out;
}

template <typename Sym>
void BpeRun<Sym>::ApplyMerge(const Entry& top, uint32_t a, uint32_t b, uint32_t new_id) {
  ++generation_;
  for (auto& touched : touched_) touched.clear();
  top_words_.clear();
  EntryWords(top.list, top_words_);
  FreeEntryWords(top.list);
  for (const uint32_t w : top_words_) {
    const int64_t count = CountOf(w);
    MergeWord(w, a, b, new_id, [&](ChangeKind kind, uint32_t other) {
      PairChange& c = changes_[kind][other];
      if (c.generation != generation_) {
        c = PairChange{0, kNoWord, 0, generation_};
        touched_[kind].push_back(other);
      }
      if (kind == kLeftOld || kind == kRightOld) {
        c.delta -= count;
        return;
      }
      c.delta += count;
      AddWord(c, w);
    });
  }
  // HF applies every change, then queues each pair that gained occurrences.
  for (int kind = 0; kind < 4; ++kind) {
    for (const uint32_t other : touched_[kind]) {
      pair_counts_[ChangedPair(static_cast<ChangeKind>(kind), other, a, b, new_id)] +=
          changes_[kind][other].delta;
    }
  }
  // (new, new) is both a left and a right pair: one queue entry with both word sets.
  PairChange& left_self = changes_[kLeftNew][new_id];
  PairChange& right_self = changes_[kRightNew][new_id];
  if (left_self.generation == generation_ && right_self.generation == generation_ &&
      left_self.first_word != kNoWord && right_self.first_word != kNoWord) {
    std::vector<uint32_t> merged;
    for (const PairChange* c : {&left_self, &right_self}) {
      if (c->list != 0) {
        merged.insert(merged.end(), lists_[c->list - 1].begin(), lists_[c->list - 1].end());
        FreeList(c->list - 1);
      } else {
        merged.push_back(c->first_word);
      }
    }
    std::sort(merged.begin(), merged.end());
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    left_self.first_word = merged[0];
    left_self.list = 0;
    if (merged.size() > 1) {
      left_self.list = NewList() + 1;
      lists_[left_self.list - 1] = std::move(merged);
    }
    right_self.first_word = kNoWord;
    right_self.list = 0;
  }
  for (const ChangeKind kind : {kLeftNew, kRightNew}) {
    for (const uint32_t other : touched_[kind]) {
      PairChange& c = changes_[kind][other];
      if (c.first_word == kNoWord) continue;
      const PairKey pair = ChangedPair(kind, other, a, b, new_id);
      const int64_t count = pair_counts_[pair];
      if (count > 0) {
        const uint32_t list = c.list != 0 ? StoreEntryWords(lists_[c.list - 1])
                                          : kSingleWord | c.first_word;
        Push(static_cast<uint64_t>(count), pair, list);
      }
      if (c.list != 0) FreeList(c.list - 1);
      c.first_word = kNoWord;
      c.list = 0;
    }
  }
}

template <typename Sym>
void BpeRun<Sym>::MergeLoop() {
  const size_t start_size = word_to_id_.size();
  progress_.Start("merge pairs",
                  options_.vocab_size > start_size ? options_.vocab_size - start_size : 0,
                  "merges");
  const std::string prefix = options_.continuing_subword_prefix.value_or("");
  for (auto& changes : changes_) changes.resize(std::max(options_.vocab_size, id_to_word_.size()));
  while (word_to_id_.size() < options_.vocab_size && !queue_.empty()) {
    std::pop_heap(queue_.begin(), queue_.end(), EntryLess());
    Entry top = queue_.back();
    queue_.pop_back();
    // HF: `pair_counts[pair] as u64` (a negative count wraps to a huge one).
    const uint64_t current = static_cast<uint64_t>(pair_counts_[top.pair]);
    if (top.count != current) {
      top.count = current;
      top.seq = next_seq_++;
      queue_.push_back(top);
      std::push_heap(queue_.begin(), queue_.end(), EntryLess());
      continue;
    }
    if (top.count < 1 || options_.min_frequency > top.count) {
      FreeEntryWords(top.list);
      break;
    }
    const uint32_t a = First(top.pair);
    const uint32_t b = Second(top.pair);
    std::string_view part_b = id_to_word_[b];
    if (options_.continuing_subword_prefix && part_b.substr(0, prefix.size()) == prefix) {
      part_b.remove_prefix(prefix.size());
    }
    const uint32_t new_id = AddToken(id_to_word_[a] + std::string(part_b));
    merges_.emplace_back(top.pair, new_id);

    ApplyMerge(top, a, b, new_id);
    progress_.Set(word_to_id_.size() - start_size);
  }
  progress_.Finish();
}

template <typename Sym>
absl::StatusOr<BpeTrainingResult> BpeRun<Sym>::Run() {
  progress_.Start("split words", input_.size(), "words");
  AddSpecialTokens();
  const size_t specials = id_to_word_.size();
  ComputeAlphabet();
  const size_t alphabet = id_to_word_.size() - specials;
  const size_t num_words = input_.size();
  if (num_words >= kSingleWord) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%d distinct words: the BPE trainer takes at most %d", num_words, kSingleWord - 1));
  }
  TokenizeWords();
  if (release_words_) {
    release_words_();  // input_ is not used after this point
    ReturnFreeHeapPages();
  }
  progress_.Set(num_words);
  progress_.Finish();
  const size_t initial_size = id_to_word_.size();
  if (options_.vocab_size < initial_size) {
    // HF would return this larger vocabulary without a word; we say why instead.
    return absl::InvalidArgumentError(absl::StrFormat(
        "vocab_size %d is smaller than the initial vocabulary of %d tokens (%d special tokens, "
        "%d alphabet characters, %d decorated characters): raise the vocabulary size or set "
        "limit_alphabet",
        options_.vocab_size, initial_size, specials, alphabet, initial_size - specials - alphabet));
  }
  progress_.Start("count pairs", num_words, "words");
  CountPairs();
  ReturnFreeHeapPages();  // the initial pair lists, now coded
  progress_.Set(num_words);
  progress_.Finish();
  MergeLoop();

  BpeTrainingResult result;
  result.initial_vocab_size = initial_size;
  result.alphabet_size = alphabet_size_;
  result.merge_steps = merges_.size();
  // HF keeps merges in a map pair → (rank, id): a pair merged twice keeps its last rank.
  absl::flat_hash_set<PairKey> seen;
  for (size_t i = merges_.size(); i-- > 0;) {
    if (seen.insert(merges_[i].first).second) {
      result.merges.emplace_back(First(merges_[i].first), Second(merges_[i].first));
    }
  }
  std::reverse(result.merges.begin(), result.merges.end());
  result.vocab = std::move(id_to_word_);
  if (result.vocab.size() < options_.vocab_size) {
    progress_.Note(absl::StrFormat(
        "note: the corpus gives only %d tokens (vocab_size %d): no pair left to merge%s",
        result.vocab.size(), options_.vocab_size,
        options_.min_frequency > 0 ? " at min_frequency" : ""));
  }
  return result;
}

}  // namespace

std::vector<char32_t> ByteLevelAlphabet() {
  // GPT-2's bytes_to_unicode: printable bytes map to themselves, the rest to U+0100 onwards.
  std::vector<char32_t> out;
  char32_t next = 256;
  for (int b = 0; b < 256; ++b) {
    const bool printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
    out.push_back(printable ? static_cast<char32_t>(b) : next++);
  }
  return out;
}

absl::StatusOr<BpeTrainingResult> TrainBpeVocabulary(const std::vector<WordCount>& words,
                                                     const BpeTrainerOptions& options,
                                                     Progress& progress) {
  if (options.vocab_size <= 65536) return BpeRun<uint16_t>(words, options, progress).Run();
  return BpeRun<uint32_t>(words, options, progress).Run();
}

absl::StatusOr<BpeTrainingResult> TrainBpeVocabulary(WordList words,
                                                     const BpeTrainerOptions& options,
                                                     Progress& progress) {
  auto release = [&words] { words.Release(); };
  if (options.vocab_size <= 65536) {
    return BpeRun<uint16_t>(words.words, options, progress, release).Run();
  }
  return BpeRun<uint32_t>(words.words, options, progress, release).Run();
}

absl::StatusOr<TrainedModel> BpeTrainer::Train(WordList words, const Model* base,
                                               Progress& progress) const {
  TM_ASSIGN_OR_RETURN(BpeTrainingResult result,
                      TrainBpeVocabulary(std::move(words), options_, progress));
  std::vector<std::pair<std::string_view, uint32_t>> entries;
  entries.reserve(result.vocab.size());
  for (size_t id = 0; id < result.vocab.size(); ++id) {
    entries.emplace_back(result.vocab[id], static_cast<uint32_t>(id));
  }
  TM_ASSIGN_OR_RETURN(Vocab vocab, Vocab::Create(entries));
  std::vector<MergeStrings> merges;
  merges.reserve(result.merges.size());
  for (const auto& [a, b] : result.merges) merges.emplace_back(result.vocab[a], result.vocab[b]);
  BpeOptions bpe_options;
  if (const auto* base_bpe = dynamic_cast<const Bpe*>(base)) bpe_options = base_bpe->options();
  bpe_options.continuing_subword_prefix = options_.continuing_subword_prefix;
  bpe_options.end_of_word_suffix = options_.end_of_word_suffix;
  TM_ASSIGN_OR_RETURN(std::unique_ptr<Bpe> model,
                      Bpe::Create(std::move(vocab), merges, std::move(bpe_options)));
  TrainedModel trained;
  trained.model = std::move(model);
  trained.special_tokens = options_.special_tokens;
  return trained;
}

}  // namespace tokenmill
