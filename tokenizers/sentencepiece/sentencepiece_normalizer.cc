#include "tokenizers/sentencepiece/sentencepiece_normalizer.h"

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
  normalizer.BuildAsciiActions();
  return normalizer;
}

void SentencePieceNormalizer::BuildAsciiActions() {
  for (int c = 0; c < 128; ++c) {
    ascii_actions_[c] = kGeneric;
    const char byte = static_cast<char>(c);
    if (user_defined_.MayStartWith(static_cast<unsigned char>(c))) {
      // A one-byte user-defined symbol is copied whatever follows; longer ones need a look.
      if (user_defined_.IsOnlyKeyStartingWith(static_cast<unsigned char>(c))) {
        ascii_actions_[c] = c == ' ' ? kSpace : kCopy;
      }
      continue;
    }
    bool longer_key = false, longer_key_with_ascii = false;
    if (charsmap_) {
      const PrecompiledCharsMap::Match m = charsmap_->LongestPrefix(std::string_view(&byte, 1));
      if (m.length > 0 && m.replacement != std::string_view(&byte, 1)) continue;
      for (int next = 0; next < 256; ++next) {
        const char pair[2] = {byte, static_cast<char>(next)};
        if (!charsmap_->HasKeyStartingWith(std::string_view(pair, 2))) continue;
        longer_key = true;
        longer_key_with_ascii |= next < 0x80;
      }
    }
    if (longer_key_with_ascii) continue;
    if (c == ' ') {
      ascii_actions_[c] = longer_key ? kSpaceIfNextAscii : kSpace;
    } else {
      ascii_actions_[c] = longer_key ? kCopyIfNextAscii : kCopy;
    }
  }
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

void SentencePieceNormalizer::Normalize(std::string_view input,
                                        SentencePieceNormalized& out) const {
  std::string& text = out.text;
  std::vector<uint32_t>& n2o = out.norm_to_orig;
  text.clear();
  n2o.clear();
  if (input.empty()) return;

  uint32_t consumed = 0;
  if (options_.remove_extra_whitespaces) {  // leading input that normalizes to one space
    while (!input.empty()) {
      const Prefix p = NormalizePrefix(input);
      if (p.replacement != " ") break;
      input.remove_prefix(p.length);
      consumed += static_cast<uint32_t>(p.length);
    }
  }
  if (input.empty()) return;

  text.reserve(input.size() * 3);
  n2o.reserve(input.size() * 3);
  const std::string_view space = options_.escape_whitespaces ? spm_utf8::kSpaceSymbol : " ";
  auto add_space = [&] {
    text.append(space);
    n2o.insert(n2o.end(), space.size(), consumed);
  };

  if (!options_.treat_whitespace_as_suffix && options_.add_dummy_prefix) add_space();

  bool is_prev_space = options_.remove_extra_whitespaces;
  const size_t size = input.size();
  const auto* bytes = reinterpret_cast<const unsigned char*>(input.data());
  // The fast action of the ASCII byte at i (kGeneric when NormalizePrefix must decide).
  auto action_at = [&](size_t i) {
    const unsigned char c = bytes[i];
    if (c >= 0x80) return kGeneric;
    const AsciiAction a = ascii_actions_[c];
    if (a == kCopyIfNextAscii || a == kSpaceIfNextAscii) {
      if (i + 1 < size && bytes[i + 1] >= 0x80) return kGeneric;
      return a == kCopyIfNextAscii ? kCopy : kSpace;
    }
    return a;
  };
  size_t i = 0;
  while (i < size) {
    const AsciiAction action = action_at(i);
    if (action == kCopy) {  // a run of bytes that stay as they are
      size_t end = i + 1;
      while (end < size && action_at(end) == kCopy) ++end;
      text.append(input.data() + i, end - i);
      const size_t first = n2o.size();
      n2o.resize(first + (end - i));
      for (size_t k = 0; k < end - i; ++k) n2o[first + k] = consumed + static_cast<uint32_t>(k);
      consumed += static_cast<uint32_t>(end - i);
      i = end;
      is_prev_space = false;
      continue;
    }
    if (action == kSpace) {  // as below for a one-space replacement
      if (!is_prev_space) add_space();
      is_prev_space = options_.remove_extra_whitespaces;
      ++consumed;
      ++i;
      continue;
    }
    const Prefix p = NormalizePrefix(input.substr(i));
    std::string_view sp = p.replacement;
    // Spaces right after a space are dropped (a rule's output may start with some).
    while (is_prev_space && !sp.empty() && sp.front() == ' ') sp.remove_prefix(1);
    if (!sp.empty()) {
      for (char c : sp) {
        if (c == ' ') {
          add_space();
        } else {
          text.push_back(c);
          n2o.push_back(consumed);
        }
      }
      is_prev_space = sp.back() == ' ';
    }
    consumed += static_cast<uint32_t>(p.length);
    i += p.length;
    if (!options_.remove_extra_whitespaces) is_prev_space = false;
  }

  if (options_.remove_extra_whitespaces) {  // trailing spaces: their input joins the end
    while (text.size() >= space.size() &&
           std::string_view(text).substr(text.size() - space.size()) == space) {
      const size_t length = text.size() - space.size();
      consumed = n2o[length];
      text.resize(length);
      n2o.resize(length);
    }
  }

  if (options_.treat_whitespace_as_suffix && options_.add_dummy_prefix) add_space();
  n2o.push_back(consumed);
}

std::string SentencePieceNormalizer::Normalize(std::string_view input) const {
  SentencePieceNormalized out;
  Normalize(input, out);
  return std::move(out.text);
}

}  // namespace tokenmill
