#include "tokenizers/pre_tokenizers/onig_to_re2.h"

#include <algorithm>

#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tokenizers/pre_tokenizers/char_classes.h"

namespace tokenmill {
namespace {

// A class body ("\x{30}-\x{39}\x{41}...", no brackets) for a set and for its complement.
struct ClassBodies {
  std::string positive;
  std::string negative;
};

std::string RenderRanges(const icu::UnicodeSet& set) {
  std::string body;
  for (int32_t i = 0; i < set.getRangeCount(); ++i) {
    const UChar32 first = set.getRangeStart(i), last = set.getRangeEnd(i);
    body += absl::StrFormat("\\x{%X}", first);
    if (last != first) body += absl::StrFormat("-\\x{%X}", last);
  }
  return body;
}

// `icu_pattern` is an ICU UnicodeSet pattern (Unicode 15), topped up with `newer` code
// points: the Oniguruma HF ships has Unicode 16 tables.
ClassBodies BuildBodies(const char* icu_pattern,
                        std::span<const char_classes::Range> newer = {}) {
  UErrorCode status = U_ZERO_ERROR;
  icu::UnicodeSet set(icu::UnicodeString::fromUTF8(icu_pattern), status);
  ClassBodies bodies;
  if (U_FAILURE(status)) return bodies;  // cannot happen with the fixed patterns below
  for (const char_classes::Range& r : newer) set.add(r.first, r.last);
  bodies.positive = RenderRanges(set);
  set.complement();
  set.remove(0xD800, 0xDFFF);
  bodies.negative = RenderRanges(set);
  return bodies;
}

const ClassBodies& WordBodies() {
  static const auto* bodies =
      new ClassBodies(BuildBodies("[\\p{Alphabetic}\\p{M}\\p{Nd}\\p{Pc}\\p{Join_Control}]",
                                  char_classes::NewerWordRanges()));
  return *bodies;
}
const ClassBodies& SpaceBodies() {
  static const auto* bodies = new ClassBodies(BuildBodies("[\\p{White_Space}]"));
  return *bodies;
}
const ClassBodies& DigitBodies() {
  static const auto* bodies = new ClassBodies(BuildBodies("[\\p{Nd}]", char_classes::NewerDecimalDigitRanges()));
  return *bodies;
}
const ClassBodies& HexBodies() {
  static const auto* bodies = new ClassBodies(BuildBodies("[0-9a-fA-F]"));
  return *bodies;
}

// The class body behind a Perl class escape letter, or nullptr if `letter` is not one.
const std::string* ClassEscapeBody(char letter) {
  const bool negated = absl::ascii_isupper(static_cast<unsigned char>(letter));
  const ClassBodies* bodies = nullptr;
  switch (absl::ascii_tolower(static_cast<unsigned char>(letter))) {
    case 's': bodies = &SpaceBodies(); break;
    case 'w': bodies = &WordBodies(); break;
    case 'd': bodies = &DigitBodies(); break;
    case 'h': bodies = &HexBodies(); break;
    default: return nullptr;
  }
  return negated ? &bodies->negative : &bodies->positive;
}

absl::Status Unsupported(std::string_view pattern, size_t at, std::string_view what) {
  return absl::InvalidArgumentError(absl::StrFormat(
      "Split regex \"%s\": %s at byte %d cannot be matched exactly with RE2", pattern, what, at));
}

class Translator {
 public:
  explicit Translator(std::string_view pattern) : pattern_(pattern) {}

  absl::StatusOr<std::string> Run() {
    out_ = "(?m)";  // Ruby syntax: ^ and $ always match at line boundaries
    while (pos_ < pattern_.size()) {
      absl::Status status = in_class_ ? ClassStep() : Step();
      if (!status.ok()) return status;
    }
    return out_;
  }

 private:
  char Peek(size_t ahead = 0) const {
    return pos_ + ahead < pattern_.size() ? pattern_[pos_ + ahead] : '\0';
  }
  bool LookingAt(std::string_view s) const { return pattern_.substr(pos_, s.size()) == s; }

  absl::Status Step() {
    const char c = Peek();
    if (c == '\\') return Escape();
    if (c == '[') return OpenClass();
    if (LookingAt("(?")) return Group();
    if (LookingAt("{,")) {
      out_ += "{0,";
      pos_ += 2;
      return absl::OkStatus();
    }
    out_ += c;
    ++pos_;
    return absl::OkStatus();
  }

  absl::Status ClassStep() {
    const char c = Peek();
    if (c == '\\') return Escape();
    if (c == '[') {
      return Unsupported(pattern_, pos_, Peek(1) == ':' ? "a POSIX bracket [:...:]"
                                                        : "a nested character class");
    }
    if (LookingAt("&&")) return Unsupported(pattern_, pos_, "a class intersection &&");
    if (c == ']') in_class_ = false;
    out_ += c;
    ++pos_;
    return absl::OkStatus();
  }

  absl::Status OpenClass() {
    out_ += '[';
    ++pos_;
    if (Peek() == '^') {
      out_ += '^';
      ++pos_;
    }
    if (Peek() == ']') {  // a leading ']' is a literal
      out_ += "\\]";
      ++pos_;
    }
    in_class_ = true;
    return absl::OkStatus();
  }

  absl::Status Group() {
    if (LookingAt("(?<") && Peek(3) != '=' && Peek(3) != '!') {
      out_ += "(?P<";
      pos_ += 3;
      return absl::OkStatus();
    }
    // Inline flags: (?imx-imx) or (?imx-imx:...). Anything else passes through to RE2.
    size_t end = pos_ + 2;
    while (end < pattern_.size() && std::string_view("imx-").find(pattern_[end]) != std::string_view::npos) {
      ++end;
    }
    if (end == pos_ + 2 || end >= pattern_.size() || (pattern_[end] != ')' && pattern_[end] != ':')) {
      out_ += "(?";
      pos_ += 2;
      return absl::OkStatus();
    }
    out_ += "(?";
    for (size_t i = pos_ + 2; i < end; ++i) {
      const char flag = pattern_[i];
      if (flag == 'x') return Unsupported(pattern_, i, "the extended-mode flag x");
      out_ += flag == 'm' ? 's' : flag;  // Ruby's m is dot-matches-newline
    }
    pos_ = end;
    return absl::OkStatus();
  }

  absl::Status Escape() {
    const size_t at = pos_;
    if (pos_ + 1 >= pattern_.size()) return Unsupported(pattern_, at, "a trailing backslash");
    const char letter = pattern_[pos_ + 1];
    pos_ += 2;
    if (static_cast<unsigned char>(letter) >= 0x80) {  // an escaped non-ASCII char is itself
      out_ += letter;
      return absl::OkStatus();
    }
    if (const std::string* body = ClassEscapeBody(letter)) {
      out_ += in_class_ ? *body : absl::StrCat("[", *body, "]");
      return absl::OkStatus();
    }
    switch (letter) {
      case 'b':
      case 'B':
        return Unsupported(pattern_, at, "a Unicode word boundary \\b or \\B");
      case 'p':
      case 'P':
        if (Peek() != '{') return Unsupported(pattern_, at, "\\p without braces");
        break;
      case 'e':
        out_ += "\\x{1B}";
        return absl::OkStatus();
      case 'u':
        return UnicodeEscape(at);
      default:
        break;
    }
    out_ += '\\';
    out_ += letter;
    return absl::OkStatus();
  }

  absl::Status UnicodeEscape(size_t at) {
    const std::string_view hex = pattern_.substr(pos_, 4);
    if (hex.size() != 4 || !std::all_of(hex.begin(), hex.end(), [](char h) {
          return absl::ascii_isxdigit(static_cast<unsigned char>(h));
        })) {
      return Unsupported(pattern_, at, "a \\u escape without four hex digits");
    }
    out_ += "\\x{";
    out_ += hex;
    out_ += "}";
    pos_ += 4;
    return absl::OkStatus();
  }

  std::string_view pattern_;
  size_t pos_ = 0;
  bool in_class_ = false;
  std::string out_;
};

}  // namespace

absl::StatusOr<std::string> TranslateOnigPattern(std::string_view pattern) {
  return Translator(pattern).Run();
}

}  // namespace tokenmill
