// SentencePiece's BPE model (bpe_model.cc, 0.1.97): the normalized text is cut into
// characters (user-defined symbols whole and frozen), then the adjacent pair whose
// concatenation is the highest-scoring piece merges first, ties to the left, until no pair
// is a piece. UNUSED pieces may be formed but are split back into the two symbols that made
// them. BPE-dropout (Provilkov et al. 2020, sentencepiece's policy): each live pair popped
// from the queue is skipped for good with probability `alpha` (one uniform draw per pop).
//
// Speed: pairs are looked up by (left id, right id) in one hash map built at load; when no
// piece has ▁ inside (true of trained models), each ▁-delimited word is merged on its own
// with a small heap, and all buffers are reused (no allocation per token).
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/statusor.h"
#include "tokenizers/pre_tokenized_string.h"
#include "tokenizers/sentencepiece/model_interface.h"
#include "tokenizers/sentencepiece/piece_table.h"
#include "tokenizers/sentencepiece/prefix_matcher.h"

namespace tokenmill {

class SentencePieceBpeModel : public SentencePieceModelInterface {
 public:
  // `table` must outlive the model.
  static absl::StatusOr<std::unique_ptr<SentencePieceBpeModel>> Create(
      const SentencePieceTable& table, bool treat_whitespace_as_suffix);

  // Appends tokens {id, begin, end} (bytes of `normalized`) covering `normalized`; a
  // character outside the vocabulary is one token with sentencepiece's PieceToId of it
  // (normally the unk id).
  void Encode(std::string_view normalized, std::vector<Token>& out) const override;
  // BPE-dropout with probability `alpha`; `uniform` returns doubles in [0, 1).
  void SampleEncode(std::string_view normalized, float alpha,
                    absl::FunctionRef<double()> uniform, std::vector<Token>& out) const;
  // The processor's entry: BPE has no n-best, so any nbest_size means dropout.
  bool SupportsSampling() const override { return true; }
  absl::Status SampleEncode(std::string_view normalized, int nbest_size, float alpha,
                            SamplingRng& rng, std::vector<Token>& out) const override {
    SampleEncode(normalized, alpha, [&rng] { return rng.UniformDouble(); }, out);
    return absl::OkStatus();
  }

  // Whether words between ▁ are merged independently (no piece has an inner ▁).
  bool splits_words() const { return split_words_; }

 private:
  struct Symbol {
    int32_t id;     // matchable piece id, or -1 for a character outside the vocabulary
    uint32_t begin;  // byte range in the normalized text
    uint32_t end;
    int32_t prev;   // neighbours among live symbols (-1 at the ends)
    int32_t next;
    bool frozen;    // user-defined symbols never merge
  };
  struct Pair {
    float score;
    int32_t left;
    int32_t right;
    uint32_t size;  // bytes of the merged piece (stale when the symbols changed)
    int32_t merged;
  };
  struct Scratch;

  SentencePieceBpeModel(const SentencePieceTable& table, bool suffix) : table_(table), suffix_(suffix) {}

  void EncodeWord(std::string_view text, uint32_t word_begin, uint32_t word_end, float alpha,
                  absl::FunctionRef<double()>* uniform, Scratch& scratch,
                  std::vector<Token>& out) const;
  void EncodeAll(std::string_view normalized, float alpha, absl::FunctionRef<double()>* uniform,
                 std::vector<Token>& out) const;
  void AddSymbols(std::string_view text, size_t begin, size_t end,
                  std::vector<Symbol>& symbols) const;
  void EncodeWordCached(std::string_view text, size_t begin, size_t end, float alpha,
                        absl::FunctionRef<double()>* uniform, Scratch& scratch,
                        std::vector<Token>& out) const;
  int32_t CharId(std::string_view ch) const;
  int32_t PairPiece(std::string_view text, const Symbol& left, const Symbol& right) const;
  void Emit(std::string_view text, int32_t id, uint32_t begin, uint32_t end, Scratch& scratch,
            std::vector<Token>& out) const;
  int32_t OutputId(int32_t matchable_id) const { return output_ids_[matchable_id]; }

  const SentencePieceTable& table_;
  bool suffix_;
  uint64_t instance_ = 0;  // identifies this model's entries in the per-thread word cache
  bool split_words_ = false;
  bool has_unused_ = false;
  PrefixMatcher user_defined_;
  std::vector<int32_t> ascii_ids_;                  // single-byte characters → piece id or -1
  absl::flat_hash_map<uint64_t, int32_t> char_ids_;  // packed bytes of longer characters
  absl::flat_hash_map<uint64_t, int32_t> pairs_;     // (left id, right id) → merged piece id
  std::vector<int32_t> output_ids_;                  // PieceToId of each piece's text
};

}  // namespace tokenmill
