#include "tokenizers/sentencepiece/sentencepiece_normalizer.h"

#include <algorithm>
#include <cstring>

#include "tokenizers/base/status_macros.h"
#include "tokenizers/sentencepiece/spm_utf8.h"

namespace tokenmill {

absl::StatusOr<SentencePieceNormalizer> SentencePieceNormalizer::Create(
    std::string_view charsmap, const Options& options,
    const std::vector<std::string_view>& user_defined_symbols) {
  SentencePieceNormalizer normalizer;
  normalizer.options_ = options;
  if (!charsmap.empty()) {
    TM_ASSIGN_OR_RETURN(normalizer.charsmap_, PrecompiledCharsMap::Parse(charsmap));
  }
  normalizer.user_defined_ = PrefixMatcher(user_defined_symbols);
  normalizer.rules_ = CharRuleTable::Build(
      normalizer.charsmap_ ? &*normalizer.charsmap_ : nullptr, normalizer.user_defined_);
  return normalizer;
}

absl::StatusOr<SentencePieceNormalizer> SentencePieceNormalizer::FromSpec(
    const spm::NormalizerSpec& spec, bool treat_whitespace_as_suffix,
    const std::vector<std::string_view>& user_defined_symbols) {
  Options options;
  options.add_dummy_prefix = spec.add_dummy_prefix();
  options.remove_extra_whitespaces = spec.remove_extra_whitespaces();
  options.escape_whitespaces = spec.escape_whitespaces();
  options.treat_whitespace_as_suffix = treat_whitespace_as_suffix;
  return Create(spec.precompiled_charsmap(), options, user_defined_symbols);
}

SentencePieceNormalizer::Prefix SentencePieceNormalizer::NormalizePrefix(
    std::string_view input) const {
  if (!user_defined_.empty()) {
    if (size_t n = user_defined_.LongestMatch(input); n > 0) return {input.substr(0, n), n};
  }
  if (charsmap_) {
    if (auto m = charsmap_->LongestPrefix(input); m.length > 0) return {m.replacement, m.length};
  }
  const size_t n = spm_utf8::ValidCharLength(input);
  if (n == 0) return {spm_utf8::kReplacementChar, 1};
  return {input.substr(0, n), n};
}

const CharRuleTable::Rule* SentencePieceNormalizer::FastRule(std::string_view input, size_t i,
                                                             size_t& length) const {
  const size_t size = input.size();
  const auto* bytes = reinterpret_cast<const unsigned char*>(input.data());
  const unsigned char lead = bytes[i];
  const CharRuleTable::Rule* rule = nullptr;
  if (lead < 0x80) {
    rule = &rules_.ForAscii(lead);
    length = 1;
  } else if (lead >= 0xC2 && lead < 0xE0) {
    if (i + 1 < size && (bytes[i + 1] & 0xC0) == 0x80) {
      rule = &rules_.ForBmp((lead & 0x1Fu) << 6 | (bytes[i + 1] & 0x3Fu));
      length = 2;
    }
  } else if (lead >= 0xE0 && lead < 0xF0) {
    if (i + 2 < size && (bytes[i + 1] & 0xC0) == 0x80 && (bytes[i + 2] & 0xC0) == 0x80) {
      const uint32_t cp =
          (lead & 0x0Fu) << 12 | (bytes[i + 1] & 0x3Fu) << 6 | (bytes[i + 2] & 0x3Fu);
      if (cp >= 0x800) {  // not overlong (surrogates have the lookup rule)
        rule = &rules_.ForBmp(cp);
        length = 3;
      }
    }
  }
  if (rule == nullptr || rule->action == CharRuleTable::kLookup) return nullptr;
  if (i + length < size && !CharRuleTable::NextAllows(*rule, bytes[i + length])) return nullptr;
  return rule;
}

void SentencePieceNormalizer::Normalize(std::string_view input,
                                        SentencePieceNormalized& out) const {
  std::string& text = out.text;
  std::vector<uint32_t>& n2o = out.norm_to_orig;
  text.clear();
  n2o.clear();
  if (input.empty()) return;

  uint32_t consumed = 0;
  if (options_.remove_extra_whitespaces) {  // leading input that normalizes to one space
    size_t skip = 0;
    while (skip < input.size()) {
      size_t length = 0;
      if (const CharRuleTable::Rule* rule = FastRule(input, skip, length)) {
        if (rule->action != CharRuleTable::kSpace) break;
        skip += length;
        continue;
      }
      const Prefix p = NormalizePrefix(input.substr(skip));
      if (p.replacement != " ") break;
      skip += p.length;
    }
    input.remove_prefix(skip);
    consumed = static_cast<uint32_t>(skip);
  }
  if (input.empty()) return;

  const std::string_view space = options_.escape_whitespaces ? spm_utf8::kSpaceSymbol : " ";
  const size_t size = input.size();
  const auto* bytes = reinterpret_cast<const unsigned char*>(input.data());
  // The output is written through raw pointers into buffers sized up front; `room` keeps
  // the invariant that they hold 3 bytes per input byte still to read (no fast step writes
  // more: a space becomes at most 3 bytes), and the lookup path grows them when a rule's
  // output is longer.
  size_t w = 0;
  text.resize(3 * size + 8);
  n2o.resize(3 * size + 8);
  char* t = text.data();
  uint32_t* m = n2o.data();
  auto room = [&](size_t need) {
    if (w + need <= text.size()) return;
    const size_t grown = std::max(2 * text.size(), w + need);
    text.resize(grown);
    n2o.resize(grown);
    t = text.data();
    m = n2o.data();
  };
  auto add_space = [&] {
    for (size_t k = 0; k < space.size(); ++k) {
      t[w + k] = space[k];
      m[w + k] = consumed;
    }
    w += space.size();
  };
  auto add_kept = [&](size_t from, size_t length) {  // input bytes that stay, one rule
    for (size_t k = 0; k < length; ++k) {
      t[w + k] = static_cast<char>(bytes[from + k]);
      m[w + k] = consumed;
    }
    w += length;
  };

  if (!options_.treat_whitespace_as_suffix && options_.add_dummy_prefix) add_space();

  bool is_prev_space = options_.remove_extra_whitespaces;
  const CharRuleTable::Rule& ascii_space = rules_.ForAscii(' ');
  size_t i = 0;
  while (i < size) {
    const unsigned char lead = bytes[i];
    size_t length = 1;
    const CharRuleTable::Rule* rule = nullptr;
    if (lead < 0x80) {
      if (rules_.KeptBeforeAscii(lead)) {
        // A run of ASCII characters that stay as they are: inside it every next byte is
        // ASCII; only the last one's next byte needs the check.
        size_t end = i + 1;
        while (end < size && rules_.KeptBeforeAscii(bytes[end])) ++end;
        if (end < size &&
            !CharRuleTable::NextAllows(rules_.ForAscii(bytes[end - 1]), bytes[end])) {
          --end;
        }
        if (end > i) {
          const size_t run = end - i;
          std::memcpy(t + w, bytes + i, run);
          for (size_t k = 0; k < run; ++k) m[w + k] = consumed + static_cast<uint32_t>(k);
          w += run;
          consumed += static_cast<uint32_t>(run);
          i = end;
          is_prev_space = false;
          continue;
        }
      } else if (lead == ' ' && ascii_space.action == CharRuleTable::kSpace &&
                 (i + 1 == size || CharRuleTable::NextAllows(ascii_space, bytes[i + 1]))) {
        rule = &ascii_space;
      }
    }
    if (rule == nullptr) rule = FastRule(input, i, length);
    if (rule != nullptr) {
      if (rule->action == CharRuleTable::kKeep) {
        add_kept(i, length);
        is_prev_space = false;
      } else {  // one space, as the lookup path below treats a " " replacement
        if (!is_prev_space) add_space();
        is_prev_space = options_.remove_extra_whitespaces;
      }
      consumed += static_cast<uint32_t>(length);
      i += length;
      continue;
    }
    const Prefix p = NormalizePrefix(input.substr(i));
    std::string_view sp = p.replacement;
    // Spaces right after a space are dropped (a rule's output may start with some).
    while (is_prev_space && !sp.empty() && sp.front() == ' ') sp.remove_prefix(1);
    room(3 * sp.size() + 3 * (size - i - p.length) + 8);
    if (!sp.empty()) {
      for (char c : sp) {
        if (c == ' ') {
          add_space();
        } else {
          t[w] = c;
          m[w] = consumed;
          ++w;
        }
      }
      is_prev_space = sp.back() == ' ';
    }
    consumed += static_cast<uint32_t>(p.length);
    i += p.length;
    if (!options_.remove_extra_whitespaces) is_prev_space = false;
  }
  text.resize(w);
  n2o.resize(w);

  if (options_.remove_extra_whitespaces) {  // trailing spaces: their input joins the end
    while (text.size() >= space.size() &&
           std::string_view(text).substr(text.size() - space.size()) == space) {
      const size_t length = text.size() - space.size();
      consumed = n2o[length];
      text.resize(length);
      n2o.resize(length);
    }
  }

  if (options_.treat_whitespace_as_suffix && options_.add_dummy_prefix) {
    text.append(space);
    n2o.insert(n2o.end(), space.size(), consumed);
  }
  n2o.push_back(consumed);
}

std::string SentencePieceNormalizer::Normalize(std::string_view input) const {
  SentencePieceNormalized out;
  Normalize(input, out);
  return std::move(out.text);
}

}  // namespace tokenmill
