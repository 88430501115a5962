#include "bert/extract_features.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "tokenizers/base/status_macros.h"

namespace tokenmill::bert {

absl::StatusOr<std::vector<int>> ResolveLayers(const std::vector<int>& layers, size_t num_layers) {
  std::vector<int> out;
  const int n = static_cast<int>(num_layers);
  for (int l : layers) {
    const int resolved = l < 0 ? n + 1 + l : l;
    if (resolved < 0 || resolved > n) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "layer %d does not exist: the model has hidden states 0..%d (or -1..-%d)", l, n, n + 1));
    }
    out.push_back(resolved);
  }
  if (out.empty()) return absl::InvalidArgumentError("no layers requested");
  return out;
}

absl::StatusOr<std::vector<TextFeatures>> ExtractFeatures(
    const BertModel& model, const Tokenizer& tokenizer, const std::vector<std::string_view>& texts,
    const std::vector<std::string_view>* text_b, const FeatureOptions& options) {
  if (text_b != nullptr && text_b->size() != texts.size()) {
    return absl::InvalidArgumentError("text_b must have one entry per text");
  }
  TM_ASSIGN_OR_RETURN(std::vector<int> layers,
                      ResolveLayers(options.layers, model.config().num_hidden_layers));
  const size_t H = model.config().hidden_size;
  const size_t batch_size = std::max<size_t>(options.batch_size, 1);
  std::vector<TextFeatures> result;
  for (size_t start = 0; start < texts.size(); start += batch_size) {
    const size_t end = std::min(texts.size(), start + batch_size);
    std::vector<Encoding> rows;
    for (size_t i = start; i < end; ++i) {
      std::optional<std::string_view> pair;
      if (text_b != nullptr && !(*text_b)[i].empty()) pair = (*text_b)[i];
      TM_ASSIGN_OR_RETURN(Encoding e, tokenizer.Encode(texts[i], pair));
      rows.push_back(std::move(e));
    }
    const BertInput input = BertInput::FromEncodings(rows);
    TM_ASSIGN_OR_RETURN(BertOutput out,
                        model.Forward(input, ForwardOptions{.hidden_states = true, .pooler = false}));
    for (size_t b = 0; b < rows.size(); ++b) {
      TextFeatures f;
      f.layers = layers;
      f.hidden_size = H;
      const size_t n = rows[b].size();
      f.values.resize(layers.size() * n * H);
      for (size_t li = 0; li < layers.size(); ++li) {
        const FloatBuffer& hs = out.hidden_states[layers[li]];
        std::copy_n(hs.begin() + b * input.length * H, n * H, f.values.begin() + li * n * H);
      }
      f.encoding = std::move(rows[b]);
      result.push_back(std::move(f));
    }
  }
  return result;
}

}  // namespace tokenmill::bert
