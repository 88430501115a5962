// HF tokenizers' Unigram model (tokenizer.json "type": "Unigram"), with HF's semantics, which
// differ from sentencepiece's model (unigram_model.h) in small ways that change output:
// scores are f64 and summed in f64; every vocabulary entry is matchable (also "<unk>", "<s>",
// byte pieces); the unknown score is (min over all entries) - 10; runs of unk tokens are
// always fused into one token, whose text is looked up again; with byte_fallback an unknown
// run that is not in the vocabulary becomes its bytes' "<0xXX>" tokens, each spanning the
// whole run. A character no piece covers with no unk_id is an error.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "tokenizers/models/model.h"
#include "tokenizers/models/unigram/double_array_trie.h"

namespace tokenmill {

class Unigram : public Model {
 public:
  // `vocab`: (token, score) in id order. HF's checks: unk_id < vocab size (and a non-empty
  // vocabulary when unk_id is given). Duplicate tokens are allowed (the last id wins lookups).
  static absl::StatusOr<std::unique_ptr<Unigram>> Create(
      std::vector<std::pair<std::string, double>> vocab, std::optional<uint32_t> unk_id,
      bool byte_fallback);

  absl::Status Tokenize(std::string_view word, std::vector<Token>& out) const override;
  std::optional<uint32_t> TokenToId(std::string_view token) const override;
  std::optional<std::string_view> IdToToken(uint32_t id) const override;
  // HF's Unigram names an unknown piece by the text it covers.
  bool TokenIsSurface(uint32_t id) const override { return unk_id_ && id == *unk_id_; }
  size_t VocabSize() const override { return vocab_.size(); }
  std::vector<std::pair<std::string, uint32_t>> GetVocab() const override;
  nlohmann::ordered_json ToJson() const override;

  const std::vector<std::pair<std::string, double>>& vocab() const { return vocab_; }
  std::optional<uint32_t> unk_id() const { return unk_id_; }
  bool byte_fallback() const { return byte_fallback_; }

 private:
  Unigram() = default;
  // Appends the tokens of one fused run of unknown characters [begin, end) of `word`.
  void AppendUnknownRun(std::string_view word, uint32_t begin, uint32_t end,
                        std::vector<Token>& out) const;

  std::vector<std::pair<std::string, double>> vocab_;
  std::vector<double> scores_;  // by id
  std::optional<uint32_t> unk_id_;
  bool byte_fallback_ = false;
  double min_score_ = 0.0;
  DoubleArrayTrie trie_;  // token → id (the last id of duplicates)
  absl::flat_hash_map<absl::string_view, uint32_t> ids_;
  std::array<int64_t, 256> byte_ids_{};  // id of "<0xXX>", -1 when absent
};

}  // namespace tokenmill
