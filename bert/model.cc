#include "bert/model.h"

#include <algorithm>
#include <thread>

#include "absl/strings/str_format.h"
#include "bert/encoder.h"
#include "bert/heads.h"
#include "bert/safetensors.h"
#include "bert/thread_pool.h"
#include "tokenizers/base/status_macros.h"

namespace tokenmill::bert {

absl::StatusOr<std::unique_ptr<BertModel>> BertModel::FromPretrained(const std::string& dir) {
  return Load(dir + "/config.json", dir + "/model.safetensors");
}

absl::StatusOr<std::unique_ptr<BertModel>> BertModel::Load(const std::string& config_path,
                                                           const std::string& safetensors_path) {
  TM_ASSIGN_OR_RETURN(BertConfig config, LoadBertConfig(config_path));
  TM_ASSIGN_OR_RETURN(std::shared_ptr<const SafetensorsFile> file,
                      SafetensorsFile::Open(safetensors_path));
  TM_ASSIGN_OR_RETURN(BertWeights weights, LoadBertWeights(std::move(file), config));
  return std::unique_ptr<BertModel>(new BertModel(std::move(config), std::move(weights)));
}

absl::StatusOr<BertOutput> BertModel::Forward(const BertInput& input,
                                              const ForwardOptions& options) const {
  TM_RETURN_IF_ERROR(ValidateInput(input, config_));
  const size_t B = input.batch, L = input.length, H = config_.hidden_size;
  const size_t rows = B * L;
  BertOutput out;
  out.batch = B;
  out.length = L;
  out.hidden_size = H;
  out.last_hidden_state.resize(rows * H);
  float* x = out.last_hidden_state.data();

  const std::shared_ptr<ThreadPool> pool = SharedPool();
  const Compute c{Kernels(), *pool};
  thread_local EncoderWorkspace ws;
  ws.Resize(config_, B, L);
  for (size_t i = 0; i < rows; ++i) ws.keep[i] = input.attends(i) ? 1 : 0;
  Embed(c, weights_.embeddings, config_, input, x);
  if (options.hidden_states) out.hidden_states.push_back(out.last_hidden_state);
  for (const EncoderLayerWeights& layer : weights_.layers) {
    EncoderLayer(c, layer, config_, B, L, x, ws);
    if (options.hidden_states) out.hidden_states.push_back(out.last_hidden_state);
  }
  if ((options.pooler || options.nsp) && weights_.pooler) {
    out.pooler_output.resize(B * H);
    Pooler(c, *weights_.pooler, x, B, L, H, out.pooler_output.data());
    if (options.nsp && weights_.nsp) {
      out.nsp_logits.resize(B * 2);
      NspHead(c, *weights_.nsp, out.pooler_output.data(), B, out.nsp_logits.data());
    }
    if (!options.pooler) out.pooler_output.clear();
  }
  if (options.mlm && weights_.mlm) {
    out.mlm_logits.resize(rows * config_.vocab_size);
    MlmHead(c, *weights_.mlm, config_, x, rows, out.mlm_logits.data());
  }
  return out;
}

absl::StatusOr<FloatBuffer> BertModel::MlmLogits(const float* hidden, size_t rows) const {
  if (!weights_.mlm) return absl::FailedPreconditionError("the model has no MLM head (cls.predictions)");
  FloatBuffer logits(rows * config_.vocab_size);
  const std::shared_ptr<ThreadPool> pool = SharedPool();
  if (rows > 0) MlmHead(Compute{Kernels(), *pool}, *weights_.mlm, config_, hidden, rows, logits.data());
  return logits;
}

void SetNumThreads(int threads) {
  SetPoolThreads(threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
}

int NumThreads() { return SharedPool()->threads(); }

std::string KernelName() { return Kernels().name; }

}  // namespace tokenmill::bert
