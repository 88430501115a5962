// HF compiles Split's regex with Oniguruma (Ruby syntax, UTF-8); tokenmill runs it with RE2.
// TranslateOnigPattern rewrites the constructs whose meaning differs so RE2 matches what
// Oniguruma matches, and refuses the ones RE2 cannot express instead of silently
// matching something else:
//
//   rewritten (same meaning in RE2):
//     \s \S \w \W \d \D  Unicode in Oniguruma, ASCII in RE2: expanded to explicit Unicode
//                        sets (White_Space; Alphabetic|M|Nd|Pc|Join_Control; Nd): ICU's
//                        Unicode 15 plus the Unicode 16 additions HF's Oniguruma knows
//     \h \H              hex digit (RE2 has no \h)
//     ^ $                always line anchors in Ruby syntax: the pattern runs under (?m)
//     (?m)               Ruby's dot-matches-newline flag: becomes RE2's (?s)
//     (?<name>...)       named group: becomes (?P<name>...)
//     \uHHHH  \e         become \x{HHHH}  \x{1B}
//     {,n}               Ruby's {0,n}
//   refused (clear error):
//     \b \B              Unicode word boundaries (ASCII-only in RE2)
//     \pL                (no braces: a literal "pL" in Oniguruma, a class in RE2)
//     [[:alpha:]]        POSIX brackets (Unicode in Oniguruma, ASCII in RE2)
//     [a[b]] [a&&b]      nested classes and class intersection (literal in RE2)
//     (?x)               extended mode (RE2 lacks it)
//   refused by RE2 itself (its error is passed on): lookaround (?= (?! (?<= (?<!, atomic
//   groups (?>, possessive quantifiers *+ ++ ?+, backreferences \1 \k<..>, subroutine
//   calls \g<..>, \G \K \R \X \Z, and \p{...} names RE2 does not know (e.g. Alphabetic).
//   Not detected: (?i) case folding is simple in RE2 but full in Oniguruma ((?i)ss does
//   not match "ß" in RE2); Unicode properties (\p{L}...) follow RE2's tables.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace tokenmill {

absl::StatusOr<std::string> TranslateOnigPattern(std::string_view pattern);

}  // namespace tokenmill
