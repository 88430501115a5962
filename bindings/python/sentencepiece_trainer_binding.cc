// tokenmill.SentencePieceTrainer: Google sentencepiece's Python trainer shape over
// `tokenmill train sentencepiece` — train(input=..., model_prefix=..., vocab_size=...,
// model_type=..., **spm_train flags), or one string "--input=x --model_prefix=y ...", or
// sentence_iterator= (a Python iterator of str) and model_writer= (an object with write()).
// Values are spelled as sentencepiece spells them (True → "true", lists joined by commas).
// One keyword of tokenmill's own: max_memory (bytes, or "2G"), as `--max_memory`.
// Training runs without the GIL; errors are exceptions naming the file and the reason.
#include <pybind11/pybind11.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include <unistd.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "bindings/python/bindings.h"
#include "bindings/python/python_text.h"
#include "bindings/python/status_translator.h"
#include "tokenizers/sentencepiece/model_file.h"
#include "tokenizers/trainers/progress.h"
#include "tokenizers/trainers/sentencepiece/spm_flags.h"
#include "tokenizers/trainers/sentencepiece/spm_train.h"
#include "tokenizers/trainers/train_tokenizer.h"

namespace tokenmill::python {
namespace {

namespace py = pybind11;

struct PySentencePieceTrainer {};

// sentencepiece's _encode: bool → "true"/"false", list → comma-joined, else str(value).
std::string SpmValue(py::handle value) {
  if (py::isinstance<py::bool_>(value)) return value.cast<bool>() ? "true" : "false";
  if (py::isinstance<py::list>(value) || py::isinstance<py::tuple>(value)) {
    std::vector<std::string> parts;
    for (py::handle item : value) parts.push_back(SpmValue(item));
    return absl::StrJoin(parts, ",");
  }
  if (py::isinstance<py::bytes>(value)) return value.cast<std::string>();
  return py::str(value).cast<std::string>();
}

// The iterator's sentences, one a line, in a temporary file the trainer streams like any
// input (sentencepiece keeps them all in memory); removed when training ends.
class IteratorFile {
 public:
  explicit IteratorFile(py::handle iterator) {
    const char* dir = std::getenv("TMPDIR");
    path_ = absl::StrCat(dir != nullptr && *dir != '\0' ? dir : "/tmp",
                         "/tokenmill-sentences-XXXXXX");
    const int fd = mkstemp(path_.data());
    if (fd < 0) {
      throw StatusError(absl::PermissionDeniedError(
          absl::StrCat(path_, ": cannot create a temporary file for sentence_iterator")));
    }
    file_ = fdopen(fd, "wb");
    uint64_t item = 0;
    for (py::handle value : iterator) {
      ++item;
      if (!py::isinstance<py::str>(value) && !py::isinstance<py::bytes>(value)) {
        throw py::type_error(absl::StrCat(
            "sentence_iterator: item ", item, " is ",
            py::str(py::type::of(value).attr("__name__")).cast<std::string>(),
            ", expected str"));
      }
      const PythonText text = ToText(value, "sentence_iterator item");
      // A sentence holding a newline becomes several lines (sentencepiece keeps it whole).
      if (std::fwrite(text.utf8.data(), 1, text.utf8.size(), file_) != text.utf8.size() ||
          std::fputc('\n', file_) == EOF) {
        throw StatusError(absl::DataLossError(
            absl::StrCat(path_, ": cannot write the sentences of sentence_iterator")));
      }
    }
    if (std::fflush(file_) != 0) {
      throw StatusError(absl::DataLossError(
          absl::StrCat(path_, ": cannot write the sentences of sentence_iterator")));
    }
  }
  ~IteratorFile() {
    if (file_ != nullptr) std::fclose(file_);
    std::remove(path_.c_str());
  }
  IteratorFile(const IteratorFile&) = delete;
  IteratorFile& operator=(const IteratorFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

// Errors that mention the temporary file name the iterator instead.
absl::Status NameIterator(absl::Status status, const std::string& temp_path) {
  if (status.ok() || temp_path.empty()) return status;
  return absl::Status(status.code(), absl::StrReplaceAll(status.message(),
                                                         {{temp_path, "sentence_iterator"}}));
}

void Train(py::object arg, py::kwargs kwargs) {
  std::vector<std::string> args;
  py::object iterator = py::none();
  py::object writer = py::none();
  bool quiet = false;
  SpmTrainOptions options;
  if (py::isinstance<py::str>(arg)) {
    if (!kwargs.empty()) {
      throw py::type_error("SentencePieceTrainer.train: give flags as one string or as "
                           "keywords, not both");
    }
    for (absl::string_view part :
         absl::StrSplit(arg.cast<std::string>(), absl::ByAnyChar(" \t\n"), absl::SkipEmpty())) {
      args.emplace_back(part);
    }
  } else if (py::isinstance<py::dict>(arg)) {
    for (auto [key, value] : arg.cast<py::dict>()) kwargs[key] = value;
  } else if (!arg.is_none()) {
    throw py::type_error("SentencePieceTrainer.train: expected a flag string, a dict or keywords");
  }
  for (auto [key_handle, value] : kwargs) {
    const std::string key = py::str(key_handle);
    if (key == "sentence_iterator" || key == "sentence_reader") {
      iterator = py::reinterpret_borrow<py::object>(value);
    } else if (key == "model_writer") {
      writer = py::reinterpret_borrow<py::object>(value);
    } else if (key == "max_memory") {
      if (!value.is_none()) options.max_memory = ValueOrThrow(ParseMemorySize(SpmValue(value)));
    } else if (key == "logstream") {
      // sentencepiece redirects its log there; tokenmill's progress goes to stderr.
    } else {
      if (key == "minloglevel") quiet = SpmValue(value) != "0";
      args.push_back(absl::StrCat("--", key, "=", SpmValue(value)));
    }
  }
  for (const std::string& a : args) {
    if (a == "--quiet" || a == "-q") quiet = true;
  }
  std::erase_if(args, [](const std::string& a) { return a == "--quiet" || a == "-q"; });
  if (!writer.is_none() && !py::hasattr(writer, "write")) {
    throw py::type_error("SentencePieceTrainer.train: model_writer needs a write() method");
  }
  std::unique_ptr<IteratorFile> sentences;
  if (!iterator.is_none()) {
    for (const std::string& a : args) {
      if (a.rfind("--input=", 0) == 0) {
        throw StatusError(absl::InvalidArgumentError(
            "SentencePieceTrainer.train: give input= or sentence_iterator=, not both"));
      }
    }
    sentences = std::make_unique<IteratorFile>(iterator);
    args.push_back("--input=" + sentences->path());
  }
  const bool has_prefix = std::any_of(args.begin(), args.end(), [](const std::string& a) {
    return a.rfind("--model_prefix=", 0) == 0 || a == "--model_prefix";
  });
  if (!writer.is_none() && !has_prefix) args.push_back("--model_prefix=model_writer");
  const std::string temp_path = sentences ? sentences->path() : "";

  SpmFlags flags;
  ThrowIfError(NameIterator(ParseSpmTrainFlags(args, flags), temp_path));
  std::string model_bytes;
  {
    py::gil_scoped_release release;
    Progress progress(quiet ? Progress::Mode::kQuiet : Progress::Mode::kAuto);
    absl::StatusOr<spm::ModelProto> model =
        TrainSentencePiece(flags.trainer, flags.normalizer, progress, options);
    ThrowIfError(NameIterator(model.status(), temp_path));
    // As sentencepiece records them: no input for an iterator, no prefix for a writer.
    if (sentences) model->mutable_trainer_spec()->clear_input();
    if (!writer.is_none() && !has_prefix) model->mutable_trainer_spec()->clear_model_prefix();
    if (writer.is_none()) {
      ThrowIfError(SaveSpmTraining(*model, flags.trainer.model_prefix()));
    } else {
      model_bytes = ValueOrThrow(SerializeSentencePieceModel(*model));
    }
  }
  if (!writer.is_none()) writer.attr("write")(py::bytes(model_bytes));
}

}  // namespace

void RegisterSentencePieceTrainer(py::module_& m) {
  py::class_<PySentencePieceTrainer>(
      m, "SentencePieceTrainer",
      "Google sentencepiece's SentencePieceTrainer: spm_train's flags as keywords (or one "
      "\"--flag=value ...\" string), PREFIX.model + PREFIX.vocab as spm_train writes them.")
      .def_static("train", &Train, py::arg("arg") = py::none(),
                  "Trains as spm_train does: train(input=..., model_prefix=..., vocab_size=..., "
                  "model_type=..., **flags), train(\"--input=... --model_prefix=...\"), "
                  "sentence_iterator= for an iterator of str (one sentence each; it is "
                  "written to a temporary file and streamed), model_writer= to receive the "
                  ".model bytes instead of files, max_memory= (bytes or \"2G\") to bound the "
                  "word table (past it the rarest words are dropped, with a warning). Runs "
                  "without the GIL.")
      .def_static("Train", &Train, py::arg("arg") = py::none(), "Same as train.");
}

}  // namespace tokenmill::python
