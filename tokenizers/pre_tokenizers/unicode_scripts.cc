#include "tokenizers/pre_tokenizers/unicode_scripts.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "tokenizers/base/utf8.h"

namespace tokenmill {
namespace {

constexpr int kAnyScript = -1;

// HF's table is SentencePiece's, generated from Unicode 9.0's Scripts.txt: a code point it
// does not list (assigned later, unassigned, private use) is "any script", like a space.
bool InHfScriptTable(char32_t c, UScriptCode script) {
  if (script == USCRIPT_UNKNOWN) return false;
  UVersionInfo age;
  u_charAge(static_cast<UChar32>(c), age);
  return age[0] < 9 || (age[0] == 9 && age[1] == 0);
}

// The code points whose Script changed after Unicode 9.0 (found by sweeping every code point
// through HF; tests/pre_tokenizers/scripts_length_delimiter_test.cc checks them all).
int ScriptInUnicode9(char32_t c) {
  switch (c) {
    case 0x0589: return USCRIPT_COMMON;  // ARMENIAN FULL STOP, now Armenian
    case 0x061C: return USCRIPT_COMMON;  // ARABIC LETTER MARK, now Arabic
    case 0x0953:
    case 0x0954: return USCRIPT_DEVANAGARI;  // Devanagari grave and acute accents, now Inherited
    default: return -2;
  }
}

// HF's fixed_script: SentencePiece's adjustments to the raw script.
int FixedScript(char32_t c) {
  if (c == 0x30FC) return USCRIPT_HAN;
  if (c == U' ') return kAnyScript;
  if (const int old = ScriptInUnicode9(c); old != -2) return old;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(static_cast<UChar32>(c), &status);
  if (U_FAILURE(status) || !InHfScriptTable(c, script)) return kAnyScript;
  if (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA) return USCRIPT_HAN;
  return script;
}

}  // namespace

void UnicodeScriptsPreTokenizer::SplitScripts(std::string_view text, std::vector<Match>& pieces) {
  std::optional<int> last_script;
  std::optional<uint32_t> piece_start;  // none until the first character with a script
  for (size_t pos = 0; pos < text.size();) {
    const auto start = static_cast<uint32_t>(pos);
    const int script = FixedScript(utf8::DecodeValid(text, pos));
    if (script == kAnyScript) continue;
    if (last_script != script) {
      if (piece_start) pieces.push_back(Match{*piece_start, start});
      piece_start = start;
    }
    last_script = script;
  }
  if (piece_start) pieces.push_back(Match{*piece_start, static_cast<uint32_t>(text.size())});
}

void UnicodeScriptsPreTokenizer::PreTokenize(PreTokenizedString& text) const {
  text.Refine(SplitScripts);
}

}  // namespace tokenmill
