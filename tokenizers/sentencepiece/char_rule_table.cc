#include "tokenizers/sentencepiece/char_rule_table.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include <string_view>

namespace tokenmill {
namespace {

using Rule = CharRuleTable::Rule;

uint32_t Pack(const Rule& rule) {
  return uint32_t{rule.action} << 16 | uint32_t{rule.next_lo} << 8 | rule.next_span;
}

std::string EncodeUtf8(uint32_t cp) {
  std::string out;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return out;
}

// What the lookup does at a character `c` (its UTF-8 bytes), given what follows it.
Rule RuleFor(std::string_view c, const PrecompiledCharsMap* charsmap,
             const PrefixMatcher& user_defined) {
  const Rule lookup;
  const Rule output_is_input{c == " " ? CharRuleTable::kSpace : CharRuleTable::kKeep, 0, 0};
  if (!user_defined.empty()) {
    const PrefixMatcher::Relation r = user_defined.Relate(c);
    if (r.shorter_key || r.longer_key) return lookup;
    if (r.is_key) return output_is_input;  // copied verbatim, before any charsmap rule
  }
  if (charsmap == nullptr) return output_is_input;
  Rule rule = lookup;
  const PrecompiledCharsMap::Match m = charsmap->LongestPrefix(c);
  if (m.length == 0 || (m.length == c.size() && m.replacement == c)) {
    rule = output_is_input;
  } else if (m.length == c.size() && m.replacement == " ") {
    rule.action = CharRuleTable::kSpace;
  } else {
    return lookup;
  }
  const std::bitset<256> next = charsmap->NextBytes(c);
  int lo = -1, hi = -1;
  for (int b = 1; b < 256; ++b) {
    if (!next.test(b)) continue;
    if (lo < 0) lo = b;
    hi = b;
  }
  if (lo > 0) {
    rule.next_lo = static_cast<uint8_t>(lo);
    rule.next_span = static_cast<uint8_t>(hi - lo);
  }
  return rule;
}

// Whether no key of `user_defined` or `charsmap` starts with `prefix` or is a prefix of it:
// then every character starting with `prefix` is its own output, with no continuation.
bool NothingAround(std::string_view prefix, const PrecompiledCharsMap* charsmap,
                   const PrefixMatcher& user_defined) {
  if (!user_defined.empty()) {
    const PrefixMatcher::Relation r = user_defined.Relate(prefix);
    if (r.shorter_key || r.is_key || r.longer_key) return false;
  }
  return charsmap == nullptr ||
         (!charsmap->HasKeyStartingWith(prefix) && charsmap->LongestPrefix(prefix).length == 0);
}

}  // namespace

CharRuleTable CharRuleTable::Build(const PrecompiledCharsMap* charsmap,
                                   const PrefixMatcher& user_defined) {
  CharRuleTable table;
  table.rules_.push_back(Rule{});                 // index 0: the lookup
  table.rules_.push_back(Rule{kKeep, 0, 0});      // index 1: kept, nothing continues
  table.index_.assign(0x10000, 0);
  absl::flat_hash_map<uint32_t, uint8_t> known = {{Pack(Rule{}), 0}, {Pack(Rule{kKeep, 0, 0}), 1}};
  auto set = [&](uint32_t cp, const Rule& rule) {
    if (cp < 0x80) {
      table.ascii_[cp] = rule;
      table.kept_before_ascii_[cp] =
          cp != 0 && rule.action == kKeep && (rule.next_lo == 0 || rule.next_lo >= 0x80);
    }
    if (rule.action == kLookup) return;
    // The distinct rules are few (a handful of continuation ranges); past 256 of them a
    // character simply keeps the lookup.
    auto [it, added] = known.emplace(Pack(rule), static_cast<uint8_t>(table.rules_.size()));
    if (added) {
      if (table.rules_.size() > 255) {
        known.erase(it);
        return;
      }
      table.rules_.push_back(rule);
    }
    table.index_[cp] = it->second;
  };
  // Characters are visited by their leading bytes, and a whole block whose prefix no key
  // touches is filled at once (most of the BMP, for a typical charsmap).
  auto visit = [&](uint32_t first, uint32_t last, std::string_view prefix) {
    if (!prefix.empty() && NothingAround(prefix, charsmap, user_defined)) {
      for (uint32_t cp = first; cp <= last; ++cp) table.index_[cp] = 1;
      return;
    }
    for (uint32_t cp = first; cp <= last; ++cp) {
      set(cp, RuleFor(EncodeUtf8(cp), charsmap, user_defined));
    }
  };
  visit(0, 0x7F, "");
  for (uint32_t lead = 0xC2; lead < 0xE0; ++lead) {  // two bytes: U+0080..U+07FF
    const char prefix[1] = {static_cast<char>(lead)};
    visit((lead & 0x1F) << 6, (lead & 0x1F) << 6 | 0x3F, std::string_view(prefix, 1));
  }
  for (uint32_t lead = 0xE0; lead < 0xF0; ++lead) {  // three bytes: U+0800..U+FFFF
    // (E0 80..9F would be overlong, ED A0..BF surrogates: those keep the lookup.)
    const uint32_t end = lead == 0xED ? 0xA0 : 0xC0;
    for (uint32_t second = lead == 0xE0 ? 0xA0 : 0x80; second < end; ++second) {
      const char prefix[2] = {static_cast<char>(lead), static_cast<char>(second)};
      const uint32_t first = (lead & 0x0F) << 12 | (second & 0x3F) << 6;
      visit(first, first | 0x3F, std::string_view(prefix, 2));
    }
  }
  return table;
}

}  // namespace tokenmill
