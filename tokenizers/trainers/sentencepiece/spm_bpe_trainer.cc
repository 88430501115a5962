#include "tokenizers/trainers/sentencepiece/spm_bpe_trainer.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <memory>
#include <span>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "tokenizers/base/free_memory.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/trainers/sentencepiece/spm_pair_positions.h"

namespace tokenmill {
namespace {

// A character, or a merged pair. Pieces are numbered from 1 in creation order (0: no piece).
struct Piece {
  std::string text;      // UTF-8
  uint32_t length = 0;   // characters
  bool is_unk = false;
};

// A candidate pair of adjacent pieces (spm's bigram Symbol), numbered in creation order (0-based;
// breaks exact ties as spm's address order does).
struct Pair {
  uint32_t left = 0;  // piece numbers
  uint32_t right = 0;
  uint64_t freq = 0;  // 0 = recount from positions
  PairPositions positions;  // (word, index of its left character); flags in positions.flags
};
constexpr uint8_t kActive = 1;   // in the active set (chosen at the last refresh, or new since)
constexpr uint8_t kPending = 2;  // in pending_ (activated or reset since the last step)
constexpr uint8_t kMerged = 4;   // taken (or dropped as a duplicate piece): out of pair_ids_

// The pairs by number, in chunks: stable addresses, no allocation per pair, cheap indexing
// and a sequential scan.
class PairStore {
 public:
  uint32_t size() const { return size_; }
  Pair& operator[](uint32_t id) { return chunks_[id >> kShift][id & kMask]; }
  const Pair& operator[](uint32_t id) const { return chunks_[id >> kShift][id & kMask]; }
  Pair& emplace_back() {
    if ((size_ & kMask) == 0) chunks_.push_back(std::make_unique<Pair[]>(kMask + 1));
    return (*this)[size_++];
  }

 private:
  static constexpr uint32_t kShift = 12;
  static constexpr uint32_t kMask = (1u << kShift) - 1;
  std::vector<std::unique_ptr<Pair[]>> chunks_;
  uint32_t size_ = 0;
};

// Compares a1 + a2 with b1 + b2 as std::string::compare would, without joining them.
int CompareJoined(std::string_view a1, std::string_view a2, std::string_view b1,
                  std::string_view b2) {
  while (true) {
    if (a1.empty()) std::swap(a1, a2);
    if (b1.empty()) std::swap(b1, b2);
    if (a1.empty() || b1.empty()) return a1.empty() ? (b1.empty() ? 0 : -1) : 1;
    const size_t n = std::min(a1.size(), b1.size());
    if (const int cmp = std::memcmp(a1.data(), b1.data(), n); cmp != 0) return cmp;
    a1.remove_prefix(n);
    b1.remove_prefix(n);
  }
}

uint64_t PairKeyOf(uint32_t left, uint32_t right) { return (uint64_t{left} << 32) | right; }

// The live pairs by (left, right), as pair numbers: 4 bytes a slot instead of a map's 16 (the
// key is read from the pair itself).
struct PairLookupKey {
  uint64_t value;
};
struct PairHash {
  using is_transparent = void;
  const PairStore* pairs;
  size_t operator()(uint32_t id) const {
    const Pair& p = (*pairs)[id];
    return absl::Hash<uint64_t>()(PairKeyOf(p.left, p.right));
  }
  size_t operator()(PairLookupKey key) const { return absl::Hash<uint64_t>()(key.value); }
};
struct PairEq {
  using is_transparent = void;
  const PairStore* pairs;
  bool operator()(uint32_t a, uint32_t b) const { return a == b; }
  bool operator()(uint32_t id, PairLookupKey key) const {
    const Pair& p = (*pairs)[id];
    return PairKeyOf(p.left, p.right) == key.value;
  }
  bool operator()(PairLookupKey key, uint32_t id) const { return (*this)(id, key); }
};

// spm_train's state, step for step. `Cell` holds a piece number per character of a word:
// uint16_t when every piece number fits (half the largest array), else uint32_t.
template <typename Cell>
class BpeState {
 public:
  BpeState(const spm::TrainerSpec& spec, SpmSentences& data)
      : spec_(spec), data_(data), pair_ids_(0, PairHash{&pairs_}, PairEq{&pairs_}) {
    pieces_.emplace_back();  // number 0: no piece
  }

  absl::Status Init() {
    std::vector<std::pair<std::string, int64_t>>& words = data_.sentences;
    ends_.reserve(words.size());
    freqs_.reserve(words.size());
    size_t chars = 0;
    for (const auto& [word, count] : words) {
      const size_t length = utf8::CountCodePoints(word);
      if (length > 0xFFFF) {
        return absl::InvalidArgumentError(absl::StrCat(
            "sentencepiece bpe trainer: a word of ", length,
            " characters is longer than 65535 (split_by_whitespace=false on a long line?)"));
      }
      chars += length;
      if (chars > UINT32_MAX) {
        return absl::InvalidArgumentError(
            "sentencepiece bpe trainer: more than 4 G characters of distinct words");
      }
      ends_.push_back(static_cast<uint32_t>(chars));
      freqs_.push_back(count);
    }
    // Filled from the last word back, each word's text freed once it is cells and the word
    // list's emptied tail handed back, so the words and their cells are never both whole.
    // (Characters get their numbers in that order: numbers only name them.) Not zeroed first:
    // a page of cells costs memory only once written.
    cells_.reset(new Cell[chars]);
    for (size_t sid = words.size(); sid-- > 0;) {
      const std::string& word = words[sid].first;
      Cell* cell = cells_.get() + (sid == 0 ? 0 : ends_[sid - 1]);
      size_t pos = 0;
      while (pos < word.size()) {
        *cell++ = static_cast<Cell>(CharPiece(utf8::DecodeValid(word, pos)));
      }
      words.pop_back();
      if (sid % 65536 == 0) ReturnUnusedCapacity(words);
    }
    std::vector<std::pair<std::string, int64_t>>().swap(data_.sentences);
    // Position lists sized exactly (they are most of the memory; growing them would waste up
    // to a third): first the coded size of each pair's list, in `freq`, which is not read
    // before the first recount. Pairs are created in the same order either way.
    std::vector<uint32_t> last_word;  // per pair, the last word coded
    for (uint32_t sid = 0; sid < NumWords(); ++sid) {
      const auto row = Word(sid);
      for (size_t i = 1; i < row.size(); ++i) {
        const uint32_t id = PairId(row[i - 1], row[i]);
        if (id == kNoPair) continue;
        if (id >= last_word.size()) last_word.resize(id + 1, 0);
        pairs_[id].freq += PairPositions::CodedSize(last_word[id], sid, i - 1);
        last_word[id] = sid;
      }
    }
    std::vector<uint32_t>().swap(last_word);
    for (uint32_t id = 0; id < pairs_.size(); ++id) {
      Pair& pair = pairs_[id];
      pair.positions.Reserve(pair.freq);
      pair.freq = 0;
    }
    for (uint32_t sid = 0; sid < NumWords(); ++sid) {
      for (size_t i = 1; i < Word(sid).size(); ++i) AddNewPair(sid, i - 1, i);
    }
    return absl::OkStatus();
  }

  std::vector<std::pair<std::string, float>> Run(size_t target, Progress& progress) {
    std::vector<std::pair<std::string, float>> pieces;
    absl::flat_hash_set<std::string> dup;
    progress.Start("merge", target, "pieces");
    while (pieces.size() < target) {
      if (pieces.size() % 100 == 0) UpdateActiveSymbols();
      const uint32_t best_id = BestActive();
      if (best_id == kNoPair) break;  // spm: "No valid symbol found"
      Pair& best = pairs_[best_id];
      std::string text = pieces_[best.left].text + pieces_[best.right].text;
      if (!dup.insert(text).second) {
        Forget(best_id);
        continue;
      }
      pieces.emplace_back(text, -static_cast<float>(pieces.size()));
      progress.Advance();
      const uint32_t merged = NewPiece(std::move(text), best.left, best.right);
      best.positions.SortUnique(scratch_);
      // A listed position whose left character is still there still holds the pair (any
      // change next to it reset the count, and the recount dropped it), so its right end is
      // the next character left.
      best.positions.ForEach([&](uint32_t sid, uint32_t left) {
        const auto row = Word(sid);
        if (row[left] == kNoPiece) return;  // merged away (left == right piece)
        const int right = NextIndex(row, left);
        const int next = NextIndex(row, right);
        const int prev = PrevIndex(row, left);
        ResetFreq(sid, prev, left, best_id);
        ResetFreq(sid, right, next, best_id);
        row[left] = static_cast<Cell>(merged);
        row[right] = kNoPiece;
        AddNewPair(sid, prev, left);
        AddNewPair(sid, left, next);
      });
      Forget(best_id);
    }
    progress.Finish();
    return pieces;
  }

  // spm scans every active pair, recounting those whose count was reset. Only pairs
  // activated or reset since the last step can have changed, so they are recounted and
  // pushed on a heap ordered like the scan; entries whose pair was dropped or recounted since
  // are skipped. Same choice as the scan, without touching every active pair.
  uint32_t BestActive() {
    for (const uint32_t id : pending_) {
      Pair& pair = pairs_[id];
      pair.positions.flags &= ~kPending;
      if (!(pair.positions.flags & kActive)) continue;
      ComputeFreq(pair);
      heap_.push_back({pair.freq, id});
      std::push_heap(heap_.begin(), heap_.end(), worse_);
    }
    pending_.clear();
    while (!heap_.empty()) {
      const Entry& top = heap_.front();
      const Pair& pair = pairs_[top.pair];
      if ((pair.positions.flags & kActive) && top.freq == pair.freq) return top.pair;
      std::pop_heap(heap_.begin(), heap_.end(), worse_);
      heap_.pop_back();
    }
    return kNoPair;
  }

  uint32_t CharPiece(char32_t c) {
    auto [it, inserted] = chars_.try_emplace(c, 0);
    if (inserted) {
      std::string text;
      utf8::Append(c, text);
      it->second = NewPiece(std::move(text), 0, 0);
      pieces_.back().is_unk = c == kSpmUnknownChar;
    }
    return it->second;
  }
  const std::string& PieceText(uint32_t piece) const { return pieces_[piece].text; }

 private:
  static constexpr uint32_t kNoPiece = 0;
  static constexpr uint32_t kNoPair = UINT32_MAX;

  uint32_t NewPiece(std::string text, uint32_t left, uint32_t right) {
    if (pieces_.size() > std::numeric_limits<Cell>::max()) std::abort();  // sized by the caller
    Piece& piece = pieces_.emplace_back();
    piece.length = left == 0 ? 1 : pieces_[left].length + pieces_[right].length;
    piece.text = std::move(text);
    return static_cast<uint32_t>(pieces_.size() - 1);
  }

  // The pair (left, right), created if new and valid; kNoPair if it may not be a piece.
  uint32_t PairId(uint32_t left, uint32_t right) {
    if (left == kNoPiece || right == kNoPiece || pieces_[left].is_unk || pieces_[right].is_unk) {
      return kNoPair;
    }
    if (auto it = pair_ids_.find(PairLookupKey{PairKeyOf(left, right)}); it != pair_ids_.end()) {
      return *it;
    }
    const uint32_t length = pieces_[left].length + pieces_[right].length;
    if (length > static_cast<uint32_t>(spec_.max_sentencepiece_length())) return kNoPair;
    std::u32string chars;
    for (const uint32_t part : {left, right}) {
      const std::string_view text = pieces_[part].text;
      size_t pos = 0;
      while (pos < text.size()) chars.push_back(utf8::DecodeValid(text, pos));
    }
    if (!IsValidSpmPiece(chars, spec_)) return kNoPair;  // not cached: spm re-checks too
    if (pairs_.size() >= kNoPair - 1) std::abort();  // 4 G pairs: far beyond any corpus
    Pair& pair = pairs_.emplace_back();
    pair.left = left;
    pair.right = right;
    const uint32_t id = static_cast<uint32_t>(pairs_.size() - 1);
    pair_ids_.insert(id);
    return id;
  }

  void ComputeFreq(Pair& pair) {
    if (pair.freq > 0) return;
    pair.positions.SortUnique(scratch_);
    uint64_t freq = 0;
    int64_t prev_sid = -1;
    int prev_right = -1;
    pair.positions.Filter([&](uint32_t sid, uint32_t left) {
      const auto row = Word(sid);
      int right = -1;
      const bool valid = !(sid == prev_sid && static_cast<int>(left) == prev_right) &&
                         row[left] == pair.left && (right = NextIndex(row, left)) != -1 &&
                         row[right] == pair.right;
      if (!valid) {
        prev_sid = -1;  // dropped for good, as spm erases it from its set
        return false;
      }
      freq += freqs_[sid];
      prev_sid = sid;
      prev_right = right;
      return true;
    });
    pair.freq = freq;
  }

  static int NextIndex(std::span<const Cell> row, int index) {
    for (size_t i = index + 1; i < row.size(); ++i) {
      if (row[i] != kNoPiece) return static_cast<int>(i);
    }
    return -1;
  }
  static int PrevIndex(std::span<const Cell> row, int index) {
    for (int i = index - 1; i >= 0; --i) {
      if (row[i] != kNoPiece) return i;
    }
    return -1;
  }

  void AddNewPair(uint32_t sid, int left, int right) {
    if (left == -1 || right == -1) return;
    const auto row = Word(sid);
    const uint32_t id = PairId(row[left], row[right]);
    if (id == kNoPair) return;
    Activate(id);
    pairs_[id].positions.Add(sid, left);
  }

  void ResetFreq(uint32_t sid, int left, int right, uint32_t best) {
    if (left == -1 || right == -1) return;
    const auto row = Word(sid);
    const uint32_t id = PairId(row[left], row[right]);
    if (id != kNoPair && id != best) {
      Pair& pair = pairs_[id];
      pair.freq = 0;
      if (pair.positions.flags & kActive) MarkPending(id);
    }
  }

  void MarkPending(uint32_t id) {
    uint8_t& flags = pairs_[id].positions.flags;
    if (flags & kPending) return;  // once a step is enough: its recount is the same
    flags |= kPending;
    pending_.push_back(id);
  }

  // The live pairs in number order (a sequential scan; the order of spm's hash map does not
  // matter: the cut below is a total order), each recounted if reset.
  void UpdateActiveSymbols() {
    // Sized exactly and freed after: a kept vector grown by doubling held old and new at once.
    std::vector<Entry> bigrams;
    bigrams.reserve(pair_ids_.size());
    for (uint32_t id = 0; id < pairs_.size(); ++id) {
      Pair& pair = pairs_[id];
      if (pair.positions.flags & kMerged) continue;
      ComputeFreq(pair);
      bigrams.push_back({pair.freq, id});
    }
    const size_t cache_size = chars_.size() + pair_ids_.size();
    const int size = std::min<int>(
        std::max<int>(1000, static_cast<float>(cache_size) * 0.05f), bigrams.size());
    // spm breaks frequency ties at the cut by hash-map order; creation order here.
    std::nth_element(bigrams.begin(), bigrams.begin() + size, bigrams.end(),
                     [](const Entry& a, const Entry& b) {
                       return a.freq != b.freq ? a.freq > b.freq : a.pair < b.pair;
                     });
    for (const uint32_t id : active_) pairs_[id].positions.flags &= ~kActive;
    active_.clear();
    for (const uint32_t id : pending_) pairs_[id].positions.flags &= ~kPending;
    pending_.clear();
    heap_.assign(bigrams.begin(), bigrams.begin() + size);
    for (const Entry& entry : heap_) {
      pairs_[entry.pair].positions.flags |= kActive;
      active_.push_back(entry.pair);
    }
    std::make_heap(heap_.begin(), heap_.end(), worse_);
  }

  void Activate(uint32_t id) {
    uint8_t& flags = pairs_[id].positions.flags;
    if (flags & kActive) return;
    flags |= kActive;
    active_.push_back(id);
    MarkPending(id);
  }

  void Forget(uint32_t id) {
    Pair& pair = pairs_[id];
    pair_ids_.erase(id);
    // Out of active_ at the next refresh.
    pair.positions.flags = (pair.positions.flags & ~kActive) | kMerged;
    // Out of pair_ids_, it is never looked up again (the same pair would be a new one, as in
    // spm): only its pieces are still needed.
    pair.positions.Clear();
  }

  uint32_t NumWords() const { return static_cast<uint32_t>(ends_.size()); }
  std::span<Cell> Word(size_t sid) {
    const size_t begin = sid == 0 ? 0 : ends_[sid - 1];
    return {cells_.get() + begin, ends_[sid] - begin};
  }

  const spm::TrainerSpec& spec_;
  SpmSentences& data_;
  std::vector<Piece> pieces_;
  absl::flat_hash_map<char32_t, uint32_t> chars_;
  PairStore pairs_;
  absl::flat_hash_set<uint32_t, PairHash, PairEq> pair_ids_;
  std::vector<uint32_t> active_;   // every pair activated since the last refresh
  std::vector<uint32_t> pending_;  // activated or reset since the last step, once each
  struct Entry {
    uint64_t freq;
    uint32_t pair;
  };
  // Heap order, the best on top: more frequent, then spm's order at the same frequency (fewer
  // characters, then smaller UTF-8, then the older pair: spm's scan of a std::set<Symbol*>
  // meets the lower address first). Never reads the (mutable) pair frequency.
  struct Worse {
    const BpeState* state;
    bool operator()(const Entry& a, const Entry& b) const {
      if (a.freq != b.freq) return a.freq < b.freq;
      return state->BetterAtSameFreq(b.pair, a.pair);
    }
  } worse_{this};
  bool BetterAtSameFreq(uint32_t a, uint32_t b) const {
    const Pair& pa = pairs_[a];
    const Pair& pb = pairs_[b];
    const uint32_t la = pieces_[pa.left].length + pieces_[pa.right].length;
    const uint32_t lb = pieces_[pb.left].length + pieces_[pb.right].length;
    if (la != lb) return la < lb;
    const int cmp = CompareJoined(pieces_[pa.left].text, pieces_[pa.right].text,
                                  pieces_[pb.left].text, pieces_[pb.right].text);
    if (cmp != 0) return cmp < 0;
    return a < b;
  }
  std::vector<Entry> heap_;
  std::vector<uint64_t> scratch_;  // for sorting a position list
  // Cells_[ends_[sid - 1] .. ends_[sid]): the piece at each character of word sid (kNoPiece
  // inside a merged one); one array for all words.
  std::unique_ptr<Cell[]> cells_;
  std::vector<uint32_t> ends_;
  std::vector<int64_t> freqs_;  // count of each word
};
template <typename Cell>
absl::StatusOr<std::vector<std::pair<std::string, float>>> Train(const spm::TrainerSpec& spec,
                                                                 size_t target,
                                                                 SpmSentences& sentences,
                                                                 Progress& progress) {
  auto state = std::make_unique<BpeState<Cell>>(spec, sentences);
  if (absl::Status status = state->Init(); !status.ok()) return status;
  ReturnFreeHeapPages();  // the words' text, freed by Init
  std::vector<std::pair<std::string, float>> pieces = state->Run(target, progress);
  std::vector<std::pair<char32_t, int64_t>> chars(sentences.required_chars.begin(),
                                                  sentences.required_chars.end());
  std::sort(chars.begin(), chars.end(), [](const auto& a, const auto& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
  for (const auto& [c, count] : chars) {
    pieces.emplace_back(state->PieceText(state->CharPiece(c)), -static_cast<float>(pieces.size()));
  }
  return pieces;
}

}  // namespace

absl::StatusOr<std::vector<std::pair<std::string, float>>> TrainSpmBpe(
    const spm::TrainerSpec& spec, size_t meta_piece_count, SpmSentences sentences,
    Progress& progress) {
  if (spec.split_by_whitespace() && !sentences.split_into_words) {
    SplitSpmSentencesByWhitespace(spec, sentences);
  }
  const int64_t target = static_cast<int64_t>(spec.vocab_size()) -
                         static_cast<int64_t>(meta_piece_count) -
                         static_cast<int64_t>(sentences.required_chars.size());
  if (target < 0) {
    return absl::InvalidArgumentError("sentencepiece bpe trainer: --vocab_size is too small");
  }
  // Piece numbers: 0 (none), the characters (the required ones and ▅), the merged pieces.
  const uint64_t max_piece = 2 + sentences.required_chars.size() + static_cast<uint64_t>(target);
  if (max_piece <= std::numeric_limits<uint16_t>::max()) {
    return Train<uint16_t>(spec, target, sentences, progress);
  }
  return Train<uint32_t>(spec, target, sentences, progress);
}

}  // namespace tokenmill
