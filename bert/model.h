// BertModel: a HF BERT checkpoint (config.json + model.safetensors) and its forward pass
// (BertForPreTraining in eval mode: encoder, pooler, MLM and NSP heads when present).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "bert/aligned_buffer.h"
#include "bert/config.h"
#include "bert/input.h"
#include "bert/weights.h"

namespace tokenmill::bert {

struct ForwardOptions {
  bool hidden_states = false;  // all num_layers + 1 hidden states (embedding output first)
  bool pooler = true;          // when the model has a pooler
  bool mlm = false;            // full MLM logits [B, L, V] (large: use MlmLogits for a few rows)
  bool nsp = false;            // next-sentence logits [B, 2]; implies the pooler
};

struct BertOutput {
  size_t batch = 0, length = 0, hidden_size = 0;
  FloatBuffer last_hidden_state;           // [B, L, H]
  std::vector<FloatBuffer> hidden_states;  // each [B, L, H], when asked
  FloatBuffer pooler_output;               // [B, H], when asked and present
  FloatBuffer mlm_logits;                  // [B, L, V], when asked and present
  FloatBuffer nsp_logits;                  // [B, 2], when asked and present
};

class BertModel {
 public:
  // Reads DIR/config.json and DIR/model.safetensors.
  static absl::StatusOr<std::unique_ptr<BertModel>> FromPretrained(const std::string& dir);
  static absl::StatusOr<std::unique_ptr<BertModel>> Load(const std::string& config_path,
                                                         const std::string& safetensors_path);

  // Runs the model on a padded batch; errors on invalid input (see ValidateInput). Thread-safe.
  absl::StatusOr<BertOutput> Forward(const BertInput& input, const ForwardOptions& options = {}) const;

  // MLM logits [rows, V] for rows of final hidden states [rows, H]; needs the MLM head.
  absl::StatusOr<FloatBuffer> MlmLogits(const float* hidden, size_t rows) const;

  const BertConfig& config() const { return config_; }
  bool has_pooler() const { return weights_.pooler.has_value(); }
  bool has_mlm_head() const { return weights_.mlm.has_value(); }
  bool has_nsp_head() const { return weights_.nsp.has_value(); }

 private:
  BertModel(BertConfig config, BertWeights weights)
      : config_(std::move(config)), weights_(std::move(weights)) {}

  BertConfig config_;
  BertWeights weights_;
};

// Threads of the pool every forward pass runs on (process-wide; default and 0: one per core).
void SetNumThreads(int threads);
int NumThreads();
// The kernel build in use: "avx512", "avx2" or "generic" (see bert/kernels.h).
std::string KernelName();

}  // namespace tokenmill::bert
