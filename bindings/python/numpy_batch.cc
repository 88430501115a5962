// encode_batch_numpy: a batch straight to model input, int64 arrays [batch, length].
#include <algorithm>
#include <optional>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "bindings/python/bindings.h"
#include "bindings/python/python_text.h"
#include "bindings/python/status_translator.h"

namespace py = pybind11;

namespace tokenmill::python {
namespace {

// Encodes with the tokenizer's own settings, or, given `max_length`, truncates (keeping the
// configured strategy, else longest_first) and pads every row to exactly `max_length`.
std::vector<Encoding> EncodeRows(SharedTokenizer& self, const BatchInput& batch,
                                 bool add_special_tokens, std::optional<size_t> max_length) {
  const std::vector<std::string_view> texts = batch.TextViews();
  // Only some inputs may be pairs: each row is its own sequence or pair.
  const std::vector<std::optional<std::string_view>> pairs = batch.OptionalPairViews();
  if (!max_length) {
    return ValueOrThrow(self.Read([&](const Tokenizer& t) {
      return t.EncodeBatch(texts, pairs, add_special_tokens);
    }));
  }
  // The settings are the tokenizer's state: override them for this call only, alone.
  return ValueOrThrow(self.Write([&](Tokenizer& t) {
    const auto saved_truncation = t.truncation();
    const auto saved_padding = t.padding();
    TruncationParams truncation = saved_truncation.value_or(TruncationParams{});
    truncation.max_length = *max_length;
    PaddingParams padding = saved_padding.value_or(PaddingParams{});
    padding.fixed_length = *max_length;
    padding.pad_to_multiple_of.reset();
    t.SetTruncation(truncation);
    t.SetPadding(padding);
    auto result = t.EncodeBatch(texts, pairs, add_special_tokens);
    t.SetTruncation(saved_truncation);
    t.SetPadding(saved_padding);
    return result;
  }));
}

struct PadValues {
  int64_t id = 0;
  int64_t type_id = 0;
};

// Rows shorter than the widest (no padding configured) are padded on the right here.
void FillRow(const Encoding& e, size_t width, PadValues pad, int64_t* ids, int64_t* mask,
             int64_t* types) {
  const size_t n = std::min(e.size(), width);
  for (size_t j = 0; j < n; ++j) {
    ids[j] = e.ids[j];
    mask[j] = e.attention_mask[j];
    types[j] = e.type_ids[j];
  }
  std::fill(ids + n, ids + width, pad.id);
  std::fill(mask + n, mask + width, 0);
  std::fill(types + n, types + width, pad.type_id);
}

py::dict EncodeBatchNumpy(SharedTokenizer& self, py::handle texts, py::handle pairs,
                          bool add_special_tokens, std::optional<size_t> max_length) {
  BatchInput batch = ToBatchInput(texts, /*allow_mixed=*/true);
  if (!pairs.is_none()) AddPairs(pairs, batch);
  std::vector<Encoding> rows;
  PadValues pad;
  {
    py::gil_scoped_release release;
    rows = EncodeRows(self, batch, add_special_tokens, max_length);
    if (auto padding = self.Read([](const Tokenizer& t) { return t.padding(); })) {
      pad = {padding->pad_id, padding->pad_type_id};
    }
  }
  size_t width = max_length.value_or(0);
  for (const Encoding& e : rows) width = std::max(width, e.size());
  const std::vector<py::ssize_t> shape = {static_cast<py::ssize_t>(rows.size()),
                                          static_cast<py::ssize_t>(width)};
  py::array_t<int64_t> ids(shape), mask(shape), types(shape);
  int64_t* ids_data = ids.mutable_data();
  int64_t* mask_data = mask.mutable_data();
  int64_t* types_data = types.mutable_data();
  {
    py::gil_scoped_release release;  // the arrays are new and not yet shared
    for (size_t i = 0; i < rows.size(); ++i) {
      FillRow(rows[i], width, pad, ids_data + i * width, mask_data + i * width,
              types_data + i * width);
    }
  }
  py::dict out;
  out["input_ids"] = std::move(ids);
  out["token_type_ids"] = std::move(types);
  out["attention_mask"] = std::move(mask);
  return out;
}

}  // namespace

void RegisterNumpyBatch(TokenizerClass& tokenizer) {
  tokenizer.def("encode_batch_numpy", &EncodeBatchNumpy, py::arg("texts"),
                py::arg("pairs") = py::none(), py::arg("add_special_tokens") = true,
                py::arg("max_length") = py::none(),
                "Encodes a batch into a dict of int64 numpy arrays [batch, length]: "
                "input_ids, token_type_ids, attention_mask. Rows are padded to the longest "
                "(or as enable_padding says); with max_length, every row is truncated and "
                "padded to exactly max_length. Overflowing tokens are dropped.");
}

}  // namespace tokenmill::python
