#include "tokenizers/trainers/sentencepiece/spm_bpe_trainer.h"

#include <algorithm>
#include <deque>
#include <memory>
#include <set>
#include <span>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "tokenizers/base/free_memory.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {
namespace {

// Fields ordered so the struct packs into 96 bytes (one per distinct pair: millions).
struct Symbol {
  const Symbol* left = nullptr;  // both null for a character
  const Symbol* right = nullptr;
  uint64_t freq = 0;     // 0 = recount from positions
  std::string text;      // UTF-8
  // (sentence << 32) | (left << 16) | right, a set kept as a vector sorted on demand
  // (8 bytes a position instead of a std::set node's 48).
  std::vector<uint64_t> positions;
  uint32_t order = 0;    // creation order (1-based); breaks exact ties as spm's address order does
  uint32_t length = 0;   // characters
  bool is_unk = false;
  bool active = false;
  bool sorted = true;
  void AddPosition(uint64_t pos) {
    if (!positions.empty() && pos <= positions.back()) sorted = false;
    positions.push_back(pos);
  }
  const std::vector<uint64_t>& SortedPositions() {
    if (!sorted) {
      std::sort(positions.begin(), positions.end());
      positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
      sorted = true;
    }
    return positions;
  }
  bool IsBigram() const { return left != nullptr; }
};

// spm's choice of the best pair: more frequent, then fewer characters, then smaller bytes.
// Identical text (the same piece built two ways) goes to the older symbol, as spm's scan of a
// std::set<Symbol*> meets the lower address first.
bool BetterAtSameFreq(const Symbol* a, const Symbol* b) {
  if (a->length != b->length) return a->length < b->length;
  const int cmp = a->text.compare(b->text);
  if (cmp != 0) return cmp < 0;
  return a->order < b->order;
}

uint64_t EncodePos(uint32_t sid, uint32_t left, uint32_t right) {
  return (static_cast<uint64_t>(sid) << 32) | (left << 16) | right;
}
struct Position {
  int sid, left, right;
};
Position DecodePos(uint64_t v) {
  return {static_cast<int>(v >> 32), static_cast<int>((v >> 16) & 0xFFFF),
          static_cast<int>(v & 0xFFFF)};
}

class BpeState {
 public:
  BpeState(const spm::TrainerSpec& spec, SpmSentences& data) : spec_(spec), data_(data) {}

  absl::Status Init() {
    size_t chars = 0;
    for (const auto& [s, freq] : data_.sentences) chars += utf8::CountCodePoints(s);
    symbols_.cells.reserve(chars);  // exact: no doubling of the largest array
    symbols_.ends.reserve(data_.sentences.size());
    freqs_.reserve(data_.sentences.size());
    for (size_t sid = 0; sid < data_.sentences.size(); ++sid) {
      std::string& s = data_.sentences[sid].first;
      size_t pos = 0;
      while (pos < s.size()) symbols_.cells.push_back(CharSymbol(utf8::DecodeValid(s, pos))->order);
      symbols_.ends.push_back(symbols_.cells.size());
      freqs_.push_back(data_.sentences[sid].second);
      std::string().swap(s);  // only the counts are needed from here on
      if (symbols_[sid].size() > 0xFFFF) {
        return absl::InvalidArgumentError(absl::StrCat(
            "sentencepiece bpe trainer: a word of ", symbols_[sid].size(),
            " characters is longer than 65535 (split_by_whitespace=false on a long line?)"));
      }
    }
    std::vector<std::pair<std::string, int64_t>>().swap(data_.sentences);
    // Position lists sized exactly (they are most of the memory; growing them by doubling
    // would waste up to half): count each pair's occurrences first, in `freq`, which is not
    // read before the first recount. Symbols are created in the same order either way.
    for (size_t sid = 0; sid < symbols_.size(); ++sid) {
      for (size_t i = 1; i < symbols_[sid].size(); ++i) {
        if (Symbol* pair = PairSymbol(At(sid, i - 1), At(sid, i))) ++pair->freq;
      }
    }
    for (auto& [key, pair] : pairs_) {
      pair->positions.reserve(pair->freq);
      pair->freq = 0;
    }
    for (size_t sid = 0; sid < symbols_.size(); ++sid) {
      for (size_t i = 1; i < symbols_[sid].size(); ++i) AddNewPair(sid, i - 1, i);
    }
    return absl::OkStatus();
  }

  std::vector<std::pair<std::string, float>> Run(size_t target, Progress& progress) {
    std::vector<std::pair<std::string, float>> pieces;
    absl::flat_hash_set<std::string> dup;
    progress.Start("merge", target, "pieces");
    while (pieces.size() < target) {
      if (pieces.size() % 100 == 0) UpdateActiveSymbols();
      Symbol* best = BestActive();
      if (best == nullptr) break;  // spm: "No valid symbol found"
      if (!dup.insert(best->text).second) {
        Forget(best);
        continue;
      }
      pieces.emplace_back(best->text, -static_cast<float>(pieces.size()));
      progress.Advance();
      for (const uint64_t encoded : best->SortedPositions()) {
        const Position p = DecodePos(encoded);
        const std::span<uint32_t> row = symbols_[p.sid];
        if (row[p.left] == kNoSymbol) continue;  // merged away (left == right symbol)
        const int next = NextIndex(p.sid, p.right);
        const int prev = PrevIndex(p.sid, p.left);
        ResetFreq(p.sid, prev, p.left, best);
        ResetFreq(p.sid, p.right, next, best);
        row[p.left] = best->order;
        row[p.right] = kNoSymbol;
        AddNewPair(p.sid, prev, p.left);
        AddNewPair(p.sid, p.left, next);
      }
      Forget(best);
    }
    progress.Finish();
    return pieces;
  }

  // spm scans every active pair, recounting those whose count was reset. Only pairs
  // activated or reset since the last step can have changed, so they are recounted and
  // pushed on a heap ordered like the scan; entries whose pair was dropped or recounted since
  // are skipped. Same choice as the scan, without touching every active pair.
  Symbol* BestActive() {
    for (Symbol* s : pending_) {
      if (!s->active) continue;
      ComputeFreq(s);
      heap_.push_back({s->freq, s});
      std::push_heap(heap_.begin(), heap_.end(), Worse);
    }
    pending_.clear();
    while (!heap_.empty()) {
      const Entry& top = heap_.front();
      if (top.symbol->active && top.freq == top.symbol->freq) return top.symbol;
      std::pop_heap(heap_.begin(), heap_.end(), Worse);
      heap_.pop_back();
    }
    return nullptr;
  }

  Symbol* CharSymbol(char32_t c) {
    auto [it, inserted] = chars_.try_emplace(c, nullptr);
    if (inserted) {
      Symbol* s = New();
      s->is_unk = c == kSpmUnknownChar;
      s->length = 1;
      utf8::Append(c, s->text);
      const auto req = data_.required_chars.find(c);
      s->freq = req == data_.required_chars.end() ? 1 : req->second;
      it->second = s;
    }
    return it->second;
  }

 private:
  Symbol* New() {
    if (storage_.size() >= UINT32_MAX - 1) std::abort();  // 4 G symbols: far beyond any corpus
    Symbol& s = storage_.emplace_back();
    s.order = static_cast<uint32_t>(storage_.size());
    return &s;
  }

  Symbol* PairSymbol(const Symbol* left, const Symbol* right) {
    if (left == nullptr || right == nullptr || left->is_unk || right->is_unk) return nullptr;
    const uint64_t key = PairKey(left, right);
    if (auto it = pairs_.find(key); it != pairs_.end()) return it->second;
    const uint32_t length = left->length + right->length;
    if (length > static_cast<uint32_t>(spec_.max_sentencepiece_length())) return nullptr;
    std::u32string chars;
    for (std::string_view part : {std::string_view(left->text), std::string_view(right->text)}) {
      size_t pos = 0;
      while (pos < part.size()) chars.push_back(utf8::DecodeValid(part, pos));
    }
    if (!IsValidSpmPiece(chars, spec_)) return nullptr;  // not cached: spm re-checks too
    Symbol* s = New();
    s->left = left;
    s->right = right;
    s->length = length;
    s->text = left->text + right->text;
    pairs_.emplace(key, s);
    return s;
  }

  void ComputeFreq(Symbol* symbol) {
    if (symbol->freq > 0) return;
    Position prev{-1, 0, 0};
    symbol->SortedPositions();
    size_t kept = 0;
    for (const uint64_t encoded : symbol->positions) {
      const Position p = DecodePos(encoded);
      if ((p.sid == prev.sid && p.left == prev.right) || symbol->left->order != symbols_[p.sid][p.left] ||
          symbol->right->order != symbols_[p.sid][p.right]) {
        prev = {-1, 0, 0};  // dropped for good, as spm erases it from its set
      } else {
        symbol->freq += freqs_[p.sid];
        prev = p;
        symbol->positions[kept++] = encoded;
      }
    }
    symbol->positions.resize(kept);
    if (symbol->positions.capacity() > 2 * kept + 16) symbol->positions.shrink_to_fit();
  }

  int NextIndex(int sid, int index) const {
    const auto row = symbols_[sid];
    for (size_t i = index + 1; i < row.size(); ++i) {
      if (row[i] != kNoSymbol) return static_cast<int>(i);
    }
    return -1;
  }
  int PrevIndex(int sid, int index) const {
    const auto row = symbols_[sid];
    for (int i = index - 1; i >= 0; --i) {
      if (row[i] != kNoSymbol) return i;
    }
    return -1;
  }

  void AddNewPair(int sid, int left, int right) {
    if (left == -1 || right == -1) return;
    Symbol* s = PairSymbol(At(sid, left), At(sid, right));
    if (s == nullptr) return;
    Activate(s);
    s->AddPosition(EncodePos(sid, left, right));
  }

  void ResetFreq(int sid, int left, int right, const Symbol* best) {
    if (left == -1 || right == -1) return;
    Symbol* s = PairSymbol(At(sid, left), At(sid, right));
    if (s != nullptr && s != best) {
      s->freq = 0;
      if (s->active) pending_.push_back(s);
    }
  }

  void UpdateActiveSymbols() {
    std::vector<Symbol*> bigrams;
    bigrams.reserve(pairs_.size());
    for (auto& [key, s] : pairs_) {
      ComputeFreq(s);
      bigrams.push_back(s);
    }
    const size_t cache_size = chars_.size() + pairs_.size();
    const int size = std::min<int>(
        std::max<int>(1000, static_cast<float>(cache_size) * 0.05f), bigrams.size());
    // spm breaks frequency ties at the cut by hash-map order; creation order here.
    std::nth_element(bigrams.begin(), bigrams.begin() + size, bigrams.end(),
                     [](const Symbol* a, const Symbol* b) {
                       return a->freq != b->freq ? a->freq > b->freq : a->order < b->order;
                     });
    for (Symbol* s : active_) s->active = false;
    active_.clear();
    pending_.clear();
    heap_.clear();
    for (int i = 0; i < size; ++i) {
      bigrams[i]->active = true;
      active_.push_back(bigrams[i]);
      heap_.push_back({bigrams[i]->freq, bigrams[i]});
    }
    std::make_heap(heap_.begin(), heap_.end(), Worse);
  }

  void Activate(Symbol* s) {
    if (s->active) return;
    s->active = true;
    active_.push_back(s);
    pending_.push_back(s);
  }

  void Forget(Symbol* symbol) {
    pairs_.erase(PairKey(symbol->left, symbol->right));
    symbol->active = false;  // dropped from active_ by the next scan
    // Out of pairs_, it is never looked up again (the same pair would be a new symbol, as in
    // spm): only its text and parts are still needed.
    std::vector<uint64_t>().swap(symbol->positions);
  }

  const spm::TrainerSpec& spec_;
  SpmSentences& data_;
  std::deque<Symbol> storage_;  // stable addresses, no allocation per symbol
  absl::flat_hash_map<char32_t, Symbol*> chars_;
  // (left order << 32 | right order) → the pair's symbol: 16-byte slots instead of 24.
  static uint64_t PairKey(const Symbol* left, const Symbol* right) {
    return (uint64_t{left->order} << 32) | right->order;
  }
  absl::flat_hash_map<uint64_t, Symbol*> pairs_;
  std::vector<Symbol*> active_;   // every symbol activated since the last refresh
  std::vector<Symbol*> pending_;  // activated or reset since the last step
  struct Entry {
    uint64_t freq;
    Symbol* symbol;
  };
  static bool Worse(const Entry& a, const Entry& b) {  // heap order: the best on top
    if (a.freq != b.freq) return a.freq < b.freq;
    return BetterAtSameFreq(b.symbol, a.symbol);  // never the (mutable) symbol freq
  }
  std::vector<Entry> heap_;
  // symbols_[sid][i]: the symbol at character i of sentence sid, by its order (1-based index
  // in storage_; kNoSymbol inside a merged one); one array for all sentences, fewer cache
  // misses when recounting positions, 4 bytes a character instead of a pointer's 8.
  static constexpr uint32_t kNoSymbol = 0;
  const Symbol* At(size_t sid, int i) const {
    const uint32_t order = symbols_[sid][i];
    return order == kNoSymbol ? nullptr : &storage_[order - 1];
  }
  std::vector<int64_t> freqs_;  // count of each sentence (word)
  struct Rows {
    std::vector<uint32_t> cells;
    std::vector<size_t> ends;
    size_t size() const { return ends.size(); }
    std::span<uint32_t> operator[](size_t sid) {
      const size_t begin = sid == 0 ? 0 : ends[sid - 1];
      return {cells.data() + begin, ends[sid] - begin};
    }
    std::span<const uint32_t> operator[](size_t sid) const {
      const size_t begin = sid == 0 ? 0 : ends[sid - 1];
      return {cells.data() + begin, ends[sid] - begin};
    }
  } symbols_;
};

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
  auto state = std::make_unique<BpeState>(spec, sentences);
  if (absl::Status status = state->Init(); !status.ok()) return status;
  ReturnFreeHeapPages();  // the words' text, freed by Init
  std::vector<std::pair<std::string, float>> pieces = state->Run(target, progress);
  std::vector<std::pair<char32_t, int64_t>> chars(sentences.required_chars.begin(),
                                                  sentences.required_chars.end());
  std::sort(chars.begin(), chars.end(), [](const auto& a, const auto& b) {
    return a.second > b.second || (a.second == b.second && a.first < b.first);
  });
  for (const auto& [c, count] : chars) {
    pieces.emplace_back(state->CharSymbol(c)->text, -static_cast<float>(pieces.size()));
  }
  return pieces;
}

}  // namespace tokenmill
