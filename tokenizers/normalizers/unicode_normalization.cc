#include "tokenizers/normalizers/unicode_normalization.h"

#include <algorithm>
#include <optional>

#include "tokenizers/base/unicode.h"
#include "tokenizers/base/utf8.h"

namespace tokenmill {
namespace {

struct Pending {
  int ccc;
  CharChange change;
};

// Decomposes and canonically reorders like the crate's Decompositions iterator: each
// input character's first output replaces it (0), the rest are inserted (+1); marks
// between two starters are stably sorted by combining class, changes travelling along.
class Decomposer {
 public:
  Decomposer(bool compatibility, std::vector<CharChange>& out)
      : compatibility_(compatibility), out_(out) {}

  void Add(char32_t cp) {
    char32_t parts[unicode::kMaxDecomposition];
    const int size = unicode::Decompose(cp, compatibility_, parts);
    if (size == 0) {
      Push(cp, 0);
      return;
    }
    for (int i = 0; i < size; ++i) Push(parts[i], i == 0 ? 0 : 1);
  }

  void Finish() { Flush(); }

 private:
  void Push(char32_t c, int change) {
    const int ccc = unicode::CombiningClass(c);
    if (ccc == 0) Flush();
    pending_.push_back({ccc, {c, change}});
  }

  void Flush() {
    if (pending_.size() > 1) {
      std::stable_sort(pending_.begin(), pending_.end(),
                       [](const Pending& a, const Pending& b) { return a.ccc < b.ccc; });
    }
    for (const Pending& p : pending_) out_.push_back(p.change);
    pending_.clear();
  }

  bool compatibility_;
  std::vector<CharChange>& out_;
  std::vector<Pending> pending_;
};

// The crate's Recompositions state machine over a decomposed stream (including its
// emission order: a blocked starter flushes the composee, then the buffered marks).
void Recompose(const std::vector<CharChange>& decomposed, std::vector<CharChange>& out) {
  std::optional<CharChange> composee;
  int last_ccc = -1;  // class of the last buffered mark; -1 = none since the composee
  std::vector<CharChange> buffer;
  for (const CharChange& ch : decomposed) {
    const int ccc = unicode::CombiningClass(ch.c);
    if (!composee) {
      if (ccc != 0) {
        out.push_back(ch);
      } else {
        composee = ch;
      }
      continue;
    }
    const bool blocked = last_ccc >= 0 && last_ccc >= ccc;
    if (!blocked) {
      if (const char32_t composite = unicode::ComposePair(composee->c, ch.c)) {
        composee = CharChange{composite, composee->change + ch.change - 1};
        continue;
      }
    }
    if (ccc == 0) {
      out.push_back(*composee);
      composee = ch;
      if (last_ccc >= 0) {
        out.insert(out.end(), buffer.begin(), buffer.end());
        buffer.clear();
        last_ccc = -1;
      }
      continue;
    }
    buffer.push_back(ch);
    last_ccc = ccc;
  }
  if (composee) out.push_back(*composee);
  out.insert(out.end(), buffer.begin(), buffer.end());
}

bool IsAscii(std::string_view text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

}  // namespace

void NormalizationChanges(std::string_view text, NormalizationForm form,
                          std::vector<CharChange>& changes) {
  const bool compatibility = form == NormalizationForm::kNfkd || form == NormalizationForm::kNfkc;
  const bool compose = form == NormalizationForm::kNfc || form == NormalizationForm::kNfkc;
  std::vector<CharChange> decomposed;
  std::vector<CharChange>& target = compose ? decomposed : changes;
  Decomposer decomposer(compatibility, target);
  size_t pos = 0;
  while (pos < text.size()) decomposer.Add(utf8::DecodeValid(text, pos));
  decomposer.Finish();
  if (compose) Recompose(decomposed, changes);
}

void Normalize(NormalizationForm form, NormalizedString& text) {
  // ASCII is invariant under every form (and no ASCII character composes with another).
  if (IsAscii(text.normalized())) return;
  std::vector<CharChange> changes;
  changes.reserve(text.size());
  NormalizationChanges(text.normalized(), form, changes);
  text.Transform(changes);
}

}  // namespace tokenmill
