// enable_truncation / no_truncation / truncation and the padding trio, with HF's names and
// dict shapes.
#include <optional>
#include <string>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings/python/bindings.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

constexpr const char* kStrategyNames[] = {"longest_first", "only_first", "only_second"};

TruncationStrategy ParseStrategy(const std::string& name) {
  if (name == "longest_first") return TruncationStrategy::kLongestFirst;
  if (name == "only_first") return TruncationStrategy::kOnlyFirst;
  if (name == "only_second") return TruncationStrategy::kOnlySecond;
  throw py::value_error("unknown truncation strategy '" + name +
                        "' (expected longest_first, only_first or only_second)");
}

Direction ParseDirection(const std::string& name) {
  if (name == "right") return Direction::kRight;
  if (name == "left") return Direction::kLeft;
  throw py::value_error("unknown direction '" + name + "' (expected right or left)");
}

const char* DirectionName(Direction d) { return d == Direction::kLeft ? "left" : "right"; }

template <typename T>
py::object OptionalInt(const std::optional<T>& value) {
  return value ? py::object(py::int_(*value)) : py::object(py::none());
}

// Settings change under the writer lock; wait for it without the GIL.
template <typename F>
void Change(SharedTokenizer& self, F&& change) {
  py::gil_scoped_release release;
  self.Write(change);
}

void EnableTruncation(SharedTokenizer& self, size_t max_length, size_t stride,
                      const std::string& strategy, const std::string& direction) {
  TruncationParams params;
  params.max_length = max_length;
  params.stride = stride;
  params.strategy = ParseStrategy(strategy);
  params.direction = ParseDirection(direction);
  Change(self, [&](Tokenizer& t) { t.SetTruncation(params); });
}

py::object TruncationDict(const SharedTokenizer& self) {
  auto params = self.Read([](const Tokenizer& t) { return t.truncation(); });
  if (!params) return py::none();
  py::dict out;
  out["max_length"] = params->max_length;
  out["stride"] = params->stride;
  out["strategy"] = kStrategyNames[static_cast<int>(params->strategy)];
  out["direction"] = DirectionName(params->direction);
  return out;
}

void EnablePadding(SharedTokenizer& self, const std::string& direction, uint32_t pad_id,
                   uint32_t pad_type_id, std::string pad_token, std::optional<size_t> length,
                   std::optional<size_t> pad_to_multiple_of) {
  PaddingParams params;
  params.direction = ParseDirection(direction);
  params.pad_id = pad_id;
  params.pad_type_id = pad_type_id;
  params.pad_token = std::move(pad_token);
  params.fixed_length = length;
  if (pad_to_multiple_of == size_t{0}) pad_to_multiple_of.reset();  // HF: 0 means none
  params.pad_to_multiple_of = pad_to_multiple_of;
  Change(self, [&](Tokenizer& t) { t.SetPadding(params); });
}

py::object PaddingDict(const SharedTokenizer& self) {
  auto params = self.Read([](const Tokenizer& t) { return t.padding(); });
  if (!params) return py::none();
  py::dict out;
  out["length"] = OptionalInt(params->fixed_length);
  out["pad_to_multiple_of"] = OptionalInt(params->pad_to_multiple_of);
  out["pad_id"] = params->pad_id;
  out["pad_token"] = params->pad_token;
  out["pad_type_id"] = params->pad_type_id;
  out["direction"] = DirectionName(params->direction);
  return out;
}

}  // namespace

void RegisterTruncationAndPadding(TokenizerClass& tokenizer) {
  tokenizer
      .def("enable_truncation", &EnableTruncation, py::arg("max_length"), py::arg("stride") = 0,
           py::arg("strategy") = "longest_first", py::arg("direction") = "right")
      .def("no_truncation",
           [](SharedTokenizer& self) {
             Change(self, [](Tokenizer& t) { t.SetTruncation(std::nullopt); });
           })
      .def_property_readonly("truncation", &TruncationDict,
                             "None, or a dict: max_length, stride, strategy, direction")
      .def("enable_padding", &EnablePadding, py::arg("direction") = "right",
           py::arg("pad_id") = 0, py::arg("pad_type_id") = 0, py::arg("pad_token") = "[PAD]",
           py::arg("length") = py::none(), py::arg("pad_to_multiple_of") = py::none(),
           "Pads to `length`, or to the longest of the batch when it is None.")
      .def("no_padding",
           [](SharedTokenizer& self) {
             Change(self, [](Tokenizer& t) { t.SetPadding(std::nullopt); });
           })
      .def_property_readonly("padding", &PaddingDict,
                             "None, or a dict: length, pad_to_multiple_of, pad_id, pad_token, "
                             "pad_type_id, direction");
}

}  // namespace tokenmill::python
