// Python str / bytes arguments as UTF-8 views that stay valid while the GIL is released.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <pybind11/pybind11.h>

namespace tokenmill::python {

struct PythonText {
  pybind11::object owner;  // keeps `utf8` alive; only touch it with the GIL held
  std::string_view utf8;
  // True when byte offsets already are code-point offsets (pure ASCII str).
  bool ascii = false;
  // True for a str: CPython's UTF-8 form of a str is valid UTF-8 (lone surrogates raise), so
  // it need not be checked again. Bytes are checked by the tokenizer.
  bool valid_utf8 = false;
};

// Accepts str (a lone surrogate raises ValueError) or bytes (checked later by the tokenizer,
// which rejects invalid UTF-8 with ValueError). `what` names the argument in errors.
PythonText ToText(pybind11::handle value, const std::string& what);

// As ToText, but a str with lone surrogates is encoded with each replaced by U+FFFD, as
// tiktoken's Encoding.encode does (it retries with `surrogatepass` + `replace`).
PythonText ToTextReplacingSurrogates(pybind11::handle value, const std::string& what);

// Every item of a list of texts, each as ToText (or ToTextReplacingSurrogates if
// `replace_surrogates`); errors name the item as "<what> <index>".
std::vector<PythonText> ToTextList(pybind11::handle items, const char* what,
                                   bool replace_surrogates);

// encode_batch input: every item is a text, or a (text, pair) tuple/list.
struct BatchInput {
  std::vector<PythonText> texts;
  std::vector<PythonText> pairs;  // empty, or one per text
  // Mixed lists only (some items with a pair, some without, as HF's encode_batch takes them):
  // which texts have one; `pairs` holds an empty text for the others.
  std::vector<uint8_t> paired;
  bool mixed() const { return !paired.empty(); }
  std::vector<std::string_view> TextViews() const;
  std::vector<std::string_view> PairViews() const;
  // One optional pair per text (any list).
  std::vector<std::optional<std::string_view>> OptionalPairViews() const;
};
// `allow_mixed`: a list where only some items are pairs is accepted (else a ValueError).
BatchInput ToBatchInput(pybind11::handle items, bool allow_mixed = false);
// Adds separately given pairs (encode_batch_numpy's `pairs=`) to `input`.
void AddPairs(pybind11::handle pairs, BatchInput& input);

// is_pretokenized input: a list (or tuple) of words, each as ToText; errors name the word.
std::vector<PythonText> ToWordList(pybind11::handle words, const std::string& what);
// Views of the words' UTF-8.
std::vector<std::string_view> WordViews(const std::vector<PythonText>& words);

// encode_batch input with is_pretokenized: every item is a list of words, or a pair of such
// lists (a tuple or list of two lists); no mixing.
struct BatchWordsInput {
  std::vector<std::vector<PythonText>> inputs;
  // One per input when any input is a pair (HF lets a batch mix them), else empty.
  std::vector<std::optional<std::vector<PythonText>>> pairs;
};
BatchWordsInput ToBatchWordsInput(pybind11::handle items);

// A filesystem path argument: str, bytes or os.PathLike.
std::string ToPath(pybind11::handle path);

}  // namespace tokenmill::python
