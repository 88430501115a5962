// Training from Python, shaped like HF tokenizers: trainer objects (tokenmill.trainers.BpeTrainer,
// WordPieceTrainer), Tokenizer.train(files, trainer) and Tokenizer.train_from_iterator(iterator,
// trainer), plus tokenmill.train(files, kind=...) for a whole set-up in one call. Counting and
// merging run without the GIL; an iterator is read with the GIL while workers count.
#include <optional>
#include <string>
#include <vector>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "absl/strings/str_format.h"
#include "bindings/python/bindings.h"
#include "bindings/python/python_text.h"
#include "bindings/python/status_translator.h"
#include "tokenizers/base/atomic_file.h"
#include "tokenizers/base/utf8.h"
#include "tokenizers/models/bpe/bpe.h"
#include "tokenizers/models/unigram/unigram.h"
#include "tokenizers/models/wordlevel/word_level.h"
#include "tokenizers/models/wordpiece/wordpiece.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/trainers/train_tokenizer.h"
#include "tokenizers/trainers/training_setups.h"
#include "tokenizers/trainers/unigram_trainer.h"
#include "tokenizers/trainers/word_counter.h"
#include "tokenizers/trainers/wordpiece_trainer.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

// The Unigram trainer's options: the ones all trainers share come from BpeTrainerOptions.
UnigramTrainerOptions WithSharedOptions(UnigramTrainerOptions unigram,
                                        const BpeTrainerOptions& shared) {
  unigram.vocab_size = shared.vocab_size;
  unigram.special_tokens = shared.special_tokens;
  unigram.initial_alphabet = shared.initial_alphabet;
  unigram.num_threads = shared.num_threads;
  return unigram;
}

// A Python trainer: which model it trains and HF's trainer options (BpeTrainer/WordPieceTrainer
// options, which hold the shared ones, and the Unigram-only ones).
struct PyTrainer {
  std::string kind;  // "bpe", "wordpiece", "wordlevel" or "unigram"
  BpeTrainerOptions options;
  UnigramTrainerOptions unigram;
  bool show_progress = true;
  std::unique_ptr<Trainer> Make() const {
    if (kind == "unigram") {
      return std::make_unique<UnigramTrainer>(WithSharedOptions(unigram, options));
    }
    return MakeTrainer(kind, options);
  }
};
// Python classes need distinct C++ types.
struct PyBpeTrainer : PyTrainer {};
struct PyWordPieceTrainer : PyTrainer {};
struct PyWordLevelTrainer : PyTrainer {};
struct PyUnigramTrainer : PyTrainer {};

std::vector<char32_t> ToAlphabet(const std::vector<std::string>& items) {
  // HF keeps the first character of each string.
  std::vector<char32_t> out;
  for (const std::string& s : items) {
    if (s.empty()) continue;
    ThrowIfError(utf8::Validate(s));
    size_t pos = 0;
    out.push_back(utf8::DecodeValid(s, pos));
  }
  return out;
}

std::vector<std::string> FromAlphabet(const std::vector<char32_t>& alphabet) {
  std::vector<std::string> out;
  for (char32_t c : alphabet) {
    std::string s;
    utf8::Append(c, s);
    out.push_back(std::move(s));
  }
  return out;
}

template <typename T>
T MakePyTrainer(std::string kind, size_t vocab_size, uint64_t min_frequency,
                        bool show_progress, std::vector<std::string> special_tokens,
                        std::optional<size_t> limit_alphabet,
                        std::vector<std::string> initial_alphabet,
                        std::optional<std::string> prefix, std::optional<std::string> suffix,
                        std::optional<size_t> max_token_length) {
  T t;
  t.kind = std::move(kind);
  t.options.vocab_size = vocab_size;
  t.options.min_frequency = min_frequency;
  t.show_progress = show_progress;
  t.options.special_tokens = std::move(special_tokens);
  t.options.limit_alphabet = limit_alphabet;
  t.options.initial_alphabet = ToAlphabet(initial_alphabet);
  t.options.continuing_subword_prefix = std::move(prefix);
  t.options.end_of_word_suffix = std::move(suffix);
  t.options.max_token_length = max_token_length;
  return t;
}

Progress MakeProgress(bool show) {
  return Progress(show ? Progress::Mode::kAuto : Progress::Mode::kQuiet);
}

// HF: with no trainer, the model's own default trainer.
PyTrainer DefaultFor(const SharedTokenizer& self) {
  return self.Read([](const Tokenizer& t) {
    const Model* model = t.parts().model.get();
    PyTrainer trainer;
    if (dynamic_cast<const WordPiece*>(model) != nullptr) {
      trainer.kind = "wordpiece";
      trainer.options = WordPieceTrainerDefaults();
    } else if (dynamic_cast<const Bpe*>(model) != nullptr) {
      trainer.kind = "bpe";
    } else if (dynamic_cast<const WordLevel*>(model) != nullptr) {
      trainer.kind = "wordlevel";
    } else if (dynamic_cast<const Unigram*>(model) != nullptr) {
      trainer.kind = "unigram";
      trainer.options.vocab_size = trainer.unigram.vocab_size;
    } else {
      throw StatusError(absl::InvalidArgumentError(
          "this tokenizer's model has no trainer here: pass a BpeTrainer, WordPieceTrainer, "
          "WordLevelTrainer or UnigramTrainer"));
    }
    return trainer;
  });
}

// Replaces `self`'s tokenizer with one trained on `counts`.
void Finish(SharedTokenizer& self, const PyTrainer& trainer, std::unique_ptr<WordCounts> counts,
            Progress& progress) {
  std::unique_ptr<Trainer> impl = trainer.Make();
  auto trained = self.Read([&](const Tokenizer& t) {
    return TrainOnCounts(t, *impl, std::move(counts), progress);
  });
  std::unique_ptr<Tokenizer> result = ValueOrThrow(std::move(trained));
  self.Write([&](Tokenizer& t) { t = std::move(*result); });
}

void Train(SharedTokenizer& self, const std::vector<std::string>& files,
           std::optional<PyTrainer> trainer_arg) {
  const PyTrainer trainer = trainer_arg ? *trainer_arg : DefaultFor(self);
  py::gil_scoped_release release;
  Progress progress = MakeProgress(trainer.show_progress);
  TrainOptions options;
  options.num_threads = trainer.options.num_threads;
  std::unique_ptr<WordCounts> counts = ValueOrThrow(
      self.Read([&](const Tokenizer& t) { return CountWords(t, files, options, progress); }));
  Finish(self, trainer, std::move(counts), progress);
}

void TrainFromIterator(SharedTokenizer& self, py::iterable iterator,
                       std::optional<PyTrainer> trainer_arg, std::optional<size_t> length) {
  const PyTrainer trainer = trainer_arg ? *trainer_arg : DefaultFor(self);
  Progress progress = MakeProgress(trainer.show_progress);
  auto counts_owner = std::make_unique<WordCounts>(DefaultMaxMemory());
  WordCounts& counts = *counts_owner;
  absl::Status status;
  {
    // The counter holds the tokenizer for its whole life: read-lock it meanwhile.
    self.Read([&](const Tokenizer& t) {
      progress.Start("count words", length.value_or(0), "sentences");
      WordCounter counter(t, counts, trainer.options.num_threads, {"iterator"}, progress);
      LineBatch batch;
      uint64_t item = 0;
      auto add_text = [&](py::handle text) {
        ++item;
        if (!py::isinstance<py::str>(text)) {
          throw py::type_error(absl::StrFormat(
              "train_from_iterator: item %d is %s, expected str (or a list of str)", item,
              std::string(py::str(py::type::of(text).attr("__name__")))));
        }
        const PythonText utf8 = ToText(text, "sentence");
        if (batch.line_ends.empty()) batch.first_line = item;
        batch.text.append(utf8.utf8);
        batch.line_ends.push_back(static_cast<uint32_t>(batch.text.size()));
      };
      auto flush = [&] {
        if (batch.line_ends.empty()) return true;
        absl::Status added;
        {
          py::gil_scoped_release release;
          added = counter.Add(std::move(batch));
        }
        batch = LineBatch();
        return added.ok();
      };
      for (py::handle value : iterator) {
        if (py::isinstance<py::str>(value)) {
          add_text(value);
        } else if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
          for (py::handle text : value) add_text(text);
        } else {
          add_text(value);  // raises the TypeError
        }
        if (batch.text.size() >= (1u << 20) && !flush()) break;
      }
      flush();
      py::gil_scoped_release release;
      status = counter.Finish();
      progress.Finish();
    });
  }
  ThrowIfError(status);
  py::gil_scoped_release release;
  Finish(self, trainer, std::move(counts_owner), progress);
}

std::unique_ptr<SharedTokenizer> TrainFiles(
    const std::vector<std::string>& files, const std::string& kind,
    std::optional<size_t> vocab_size,
    std::optional<std::string> like, std::optional<std::string> output, uint64_t min_frequency,
    std::optional<std::vector<std::string>> special_tokens, std::optional<size_t> limit_alphabet,
    std::optional<std::vector<std::string>> initial_alphabet, std::optional<std::string> prefix,
    std::optional<std::string> suffix, std::optional<size_t> max_token_length, size_t threads,
    size_t max_memory, bool show_progress) {
  py::gil_scoped_release release;
  ThrowIfError(CheckTrainingKind(kind));
  std::unique_ptr<Tokenizer> base =
      ValueOrThrow(like ? LoadTokenizerJson(*like) : DefaultTrainingTokenizer(kind));
  BpeTrainerOptions options = DefaultTrainerOptions(kind, like ? base.get() : nullptr);
  options.vocab_size = vocab_size.value_or(kind == "unigram" ? 8000 : 30000);
  options.min_frequency = min_frequency;
  if (special_tokens) options.special_tokens = *special_tokens;
  options.limit_alphabet = limit_alphabet;
  if (initial_alphabet) options.initial_alphabet = ToAlphabet(*initial_alphabet);
  if (prefix) options.continuing_subword_prefix = prefix->empty() ? std::nullopt : prefix;
  if (suffix) options.end_of_word_suffix = suffix->empty() ? std::nullopt : suffix;
  options.max_token_length = max_token_length;
  options.num_threads = threads;
  TrainOptions run;
  run.num_threads = threads;
  run.max_memory = max_memory;
  Progress progress = MakeProgress(show_progress);
  std::unique_ptr<Trainer> trainer;
  if (kind == "unigram") {
    UnigramTrainerOptions unigram;
    if (max_token_length) unigram.max_piece_length = *max_token_length;
    trainer = std::make_unique<UnigramTrainer>(WithSharedOptions(unigram, options));
  } else {
    trainer = MakeTrainer(kind, std::move(options));
  }
  std::unique_ptr<Tokenizer> trained =
      ValueOrThrow(TrainTokenizer(*base, *trainer, files, run, progress));
  if (output) ThrowIfError(WriteFileAtomically(*output, ToTokenizerJson(*trained)));
  return std::make_unique<SharedTokenizer>(std::move(trained));
}

void AddTrainerProperties(py::class_<PyTrainer>& c) {
  c.def_property(
       "vocab_size", [](const PyTrainer& t) { return t.options.vocab_size; },
       [](PyTrainer& t, size_t v) { t.options.vocab_size = v; })
      .def_property(
          "min_frequency", [](const PyTrainer& t) { return t.options.min_frequency; },
          [](PyTrainer& t, uint64_t v) { t.options.min_frequency = v; })
      .def_property(
          "show_progress", [](const PyTrainer& t) { return t.show_progress; },
          [](PyTrainer& t, bool v) { t.show_progress = v; })
      .def_property(
          "special_tokens", [](const PyTrainer& t) { return t.options.special_tokens; },
          [](PyTrainer& t, std::vector<std::string> v) { t.options.special_tokens = std::move(v); })
      .def_property(
          "limit_alphabet", [](const PyTrainer& t) { return t.options.limit_alphabet; },
          [](PyTrainer& t, std::optional<size_t> v) { t.options.limit_alphabet = v; })
      .def_property(
          "initial_alphabet",
          [](const PyTrainer& t) { return FromAlphabet(t.options.initial_alphabet); },
          [](PyTrainer& t, const std::vector<std::string>& v) {
            t.options.initial_alphabet = ToAlphabet(v);
          })
      .def_property(
          "continuing_subword_prefix",
          [](const PyTrainer& t) { return t.options.continuing_subword_prefix; },
          [](PyTrainer& t, std::optional<std::string> v) {
            t.options.continuing_subword_prefix = std::move(v);
          })
      .def_property(
          "end_of_word_suffix", [](const PyTrainer& t) { return t.options.end_of_word_suffix; },
          [](PyTrainer& t, std::optional<std::string> v) {
            t.options.end_of_word_suffix = std::move(v);
          })
      .def_property(
          "num_threads", [](const PyTrainer& t) { return t.options.num_threads; },
          [](PyTrainer& t, size_t v) { t.options.num_threads = v; });
}

}  // namespace

void RegisterTrainers(py::module_& m, TokenizerClass& tokenizer) {
  py::module_ trainers = m.def_submodule(
      "trainers", "HF-shaped trainers: BpeTrainer, WordPieceTrainer (merges and vocabulary "
                  "identical to HF tokenizers' trainers), UnigramTrainer.");
  // `from tokenmill.trainers import BpeTrainer` needs the submodule in sys.modules.
  py::module_::import("sys").attr("modules")["tokenmill.trainers"] = trainers;

  py::class_<PyTrainer> base(trainers, "Trainer", "Base class of the trainers.");
  AddTrainerProperties(base);

  py::class_<PyBpeTrainer, PyTrainer> bpe(trainers, "BpeTrainer",
                            "HF's BpeTrainer: same options, same merges and vocabulary.");
  bpe.def(py::init([](size_t vocab_size, uint64_t min_frequency, bool show_progress,
                      std::vector<std::string> special_tokens,
                      std::optional<size_t> limit_alphabet,
                      std::vector<std::string> initial_alphabet,
                      std::optional<std::string> prefix, std::optional<std::string> suffix,
                      std::optional<size_t> max_token_length) {
            return MakePyTrainer<PyBpeTrainer>("bpe", vocab_size, min_frequency, show_progress,
                                 std::move(special_tokens), limit_alphabet,
                                 std::move(initial_alphabet), std::move(prefix),
                                 std::move(suffix), max_token_length);
          }),
          py::arg("vocab_size") = 30000, py::arg("min_frequency") = 0,
          py::arg("show_progress") = true, py::arg("special_tokens") = std::vector<std::string>(),
          py::arg("limit_alphabet") = py::none(),
          py::arg("initial_alphabet") = std::vector<std::string>(),
          py::arg("continuing_subword_prefix") = py::none(),
          py::arg("end_of_word_suffix") = py::none(), py::arg("max_token_length") = py::none());
  bpe.def_property(
      "max_token_length", [](const PyTrainer& t) { return t.options.max_token_length; },
      [](PyTrainer& t, std::optional<size_t> v) { t.options.max_token_length = v; });

  py::class_<PyWordPieceTrainer, PyTrainer> wordpiece(trainers, "WordPieceTrainer",
                                  "HF's WordPieceTrainer: the BPE trainer with \"##\", giving a "
                                  "WordPiece vocabulary.");
  wordpiece.def(py::init([](size_t vocab_size, uint64_t min_frequency, bool show_progress,
                            std::vector<std::string> special_tokens,
                            std::optional<size_t> limit_alphabet,
                            std::vector<std::string> initial_alphabet,
                            std::optional<std::string> prefix,
                            std::optional<std::string> suffix) {
                  return MakePyTrainer<PyWordPieceTrainer>("wordpiece", vocab_size, min_frequency, show_progress,
                                       std::move(special_tokens), limit_alphabet,
                                       std::move(initial_alphabet), std::move(prefix),
                                       std::move(suffix), std::nullopt);
                }),
                py::arg("vocab_size") = 30000, py::arg("min_frequency") = 0,
                py::arg("show_progress") = true,
                py::arg("special_tokens") = std::vector<std::string>(),
                py::arg("limit_alphabet") = py::none(),
                py::arg("initial_alphabet") = std::vector<std::string>(),
                py::arg("continuing_subword_prefix") = "##",
                py::arg("end_of_word_suffix") = py::none());

  py::class_<PyWordLevelTrainer, PyTrainer> wordlevel(
      trainers, "WordLevelTrainer",
      "HF's WordLevelTrainer: the special tokens, then the most frequent words.");
  wordlevel.def(py::init([](size_t vocab_size, uint64_t min_frequency, bool show_progress,
                            std::vector<std::string> special_tokens) {
                  return MakePyTrainer<PyWordLevelTrainer>(
                      "wordlevel", vocab_size, min_frequency, show_progress,
                      std::move(special_tokens), std::nullopt, {}, std::nullopt, std::nullopt,
                      std::nullopt);
                }),
                py::arg("vocab_size") = 30000, py::arg("min_frequency") = 0,
                py::arg("show_progress") = true,
                py::arg("special_tokens") = std::vector<std::string>());

  py::class_<PyUnigramTrainer, PyTrainer> unigram(
      trainers, "UnigramTrainer",
      "HF's UnigramTrainer: suffix-array seeds, EM with the digamma update, pruning by loss; "
      "the same pieces as HF's trainer (scores equal to ~1e-12).");
  unigram.def(py::init([](size_t vocab_size, bool show_progress,
                          std::vector<std::string> special_tokens,
                          std::vector<std::string> initial_alphabet, double shrinking_factor,
                          std::optional<std::string> unk_token, size_t max_piece_length,
                          int n_sub_iterations) {
                PyUnigramTrainer t;
                t.kind = "unigram";
                t.options.vocab_size = vocab_size;
                t.show_progress = show_progress;
                t.options.special_tokens = std::move(special_tokens);
                t.options.initial_alphabet = ToAlphabet(initial_alphabet);
                t.unigram.shrinking_factor = shrinking_factor;
                t.unigram.unk_token = std::move(unk_token);
                t.unigram.max_piece_length = max_piece_length;
                t.unigram.n_sub_iterations = n_sub_iterations;
                return t;
              }),
              py::arg("vocab_size") = 8000, py::arg("show_progress") = true,
              py::arg("special_tokens") = std::vector<std::string>(),
              py::arg("initial_alphabet") = std::vector<std::string>(),
              py::arg("shrinking_factor") = 0.75, py::arg("unk_token") = py::none(),
              py::arg("max_piece_length") = 16, py::arg("n_sub_iterations") = 2);
  unigram
      .def_property(
          "shrinking_factor", [](const PyTrainer& t) { return t.unigram.shrinking_factor; },
          [](PyTrainer& t, double v) { t.unigram.shrinking_factor = v; })
      .def_property(
          "unk_token", [](const PyTrainer& t) { return t.unigram.unk_token; },
          [](PyTrainer& t, std::optional<std::string> v) { t.unigram.unk_token = std::move(v); })
      .def_property(
          "max_piece_length", [](const PyTrainer& t) { return t.unigram.max_piece_length; },
          [](PyTrainer& t, size_t v) { t.unigram.max_piece_length = v; })
      .def_property(
          "n_sub_iterations", [](const PyTrainer& t) { return t.unigram.n_sub_iterations; },
          [](PyTrainer& t, int v) { t.unigram.n_sub_iterations = v; });

  for (const char* name :
       {"Trainer", "BpeTrainer", "WordPieceTrainer", "WordLevelTrainer", "UnigramTrainer"}) {
    m.attr(name) = trainers.attr(name);
  }
  trainers.def(
      "byte_level_alphabet", [] { return FromAlphabet(ByteLevelAlphabet()); },
      "The 256 characters ByteLevel maps bytes to (HF's pre_tokenizers.ByteLevel.alphabet()).");

  m.attr("byte_level_alphabet") = trainers.attr("byte_level_alphabet");
  tokenizer
      .def("train", &Train, py::arg("files"), py::arg("trainer") = py::none(),
           "Trains the model on text files (one sentence per line) with this tokenizer's "
           "normalizer and pre-tokenizer; the model is replaced in place.")
      .def("train_from_iterator", &TrainFromIterator, py::arg("iterator"),
           py::arg("trainer") = py::none(), py::arg("length") = py::none(),
           "Same as train, from an iterator of str (or of lists of str).");

  m.def("train", &TrainFiles, py::arg("files"), py::arg("kind") = "byte-bpe",
        py::arg("vocab_size") = py::none(), py::arg("like") = py::none(),
        py::arg("output") = py::none(), py::arg("min_frequency") = 0,
        py::arg("special_tokens") = py::none(), py::arg("limit_alphabet") = py::none(),
        py::arg("initial_alphabet") = py::none(),
        py::arg("continuing_subword_prefix") = py::none(),
        py::arg("end_of_word_suffix") = py::none(), py::arg("max_token_length") = py::none(),
        py::arg("threads") = 0, py::arg("max_memory") = 0, py::arg("show_progress") = true,
        "Trains a tokenizer as `tokenmill train` does: kind bpe, byte-bpe, wordpiece, wordlevel or unigram, "
        "the set-up of `like` (a tokenizer.json) or the kind's default; writes `output` if "
        "given. vocab_size defaults to 30000 (unigram: 8000).");
}

}  // namespace tokenmill::python
