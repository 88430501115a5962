// BPE with Hugging Face `tokenizers` semantics (models/bpe/model.rs): a word is split into
// characters (with `continuing_subword_prefix` on all but the first and
// `end_of_word_suffix` on the last), unknown characters become byte-fallback tokens
// `<0xXX>`, the unk token (fused or not) or nothing, then merges apply by rank
// (bpe_core.h). Options follow HF's field names.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/models/bpe/bpe_core.h"
#include "tokenizers/models/bpe/pair_merges.h"
#include "tokenizers/models/model.h"
#include "tokenizers/models/vocab.h"

namespace tokenmill {

struct BpeOptions {
  // Probability of skipping each merge (BPE-dropout); nullopt or 0 = plain BPE.
  std::optional<float> dropout;
  std::optional<std::string> unk_token;
  std::optional<std::string> continuing_subword_prefix;
  std::optional<std::string> end_of_word_suffix;
  bool fuse_unk = false;
  bool byte_fallback = false;
  // A word that is a vocabulary entry becomes that one token without merging.
  bool ignore_merges = false;
  // Seeds the generator Tokenize() uses when dropout is on (HF uses its thread RNG; we
  // stay reproducible: the same seed and the same calls give the same tokens).
  uint64_t dropout_seed = 0;
};

// A merge as written in merges.txt / tokenizer.json: two token strings.
using MergeStrings = std::pair<std::string_view, std::string_view>;
// Names merge `index` in error messages (e.g. "merges.txt line 7").
using MergeLocator = std::function<std::string(size_t index)>;
std::string DefaultMergeLocator(size_t index);  // "merges[index]"

class Bpe : public Model {
 public:
  // Errors as HF's BpeBuilder::build: dropout outside [0, 1], merges naming tokens (or a
  // merged token) not in the vocabulary.
  static absl::StatusOr<std::unique_ptr<Bpe>> Create(Vocab vocab,
                                                     const std::vector<MergeStrings>& merges,
                                                     BpeOptions options,
                                                     const MergeLocator& locate =
                                                         DefaultMergeLocator);

  absl::Status Tokenize(std::string_view word, std::vector<Token>& out) const override;
  // With an explicit generator for dropout (ignored when dropout is off).
  absl::Status Tokenize(std::string_view word, std::vector<Token>& out, DropoutRng& rng) const;

  std::optional<uint32_t> TokenToId(std::string_view token) const override {
    return vocab_.Find(token);
  }
  std::optional<std::string_view> IdToToken(uint32_t id) const override { return vocab_.Token(id); }
  size_t VocabSize() const override { return vocab_.size(); }
  std::vector<std::pair<std::string, uint32_t>> GetVocab() const override { return vocab_.Entries(); }
  nlohmann::ordered_json ToJson() const override;

  const BpeOptions& options() const { return options_; }
  const PairMerges& merges() const { return merges_; }
  bool dropout_active() const { return options_.dropout.value_or(0.0f) > 0.0f; }

 private:
  Bpe(Vocab vocab, PairMerges merges, BpeOptions options);
  void BuildCharTables();
  absl::Status TokenizeImpl(std::string_view word, std::vector<Token>& out,
                            DropoutRng* rng) const;
  // HF's merge_word before merging: the initial symbols of `word`.
  absl::Status InitialSymbols(std::string_view word, std::vector<BpeSymbol>& symbols) const;
  std::optional<uint32_t> CharId(std::string_view word, size_t begin, size_t end,
                                 std::string& scratch) const;
  // [prefix] + word[begin, end) + [suffix], as HF decorates a character.
  std::string_view DecoratedChar(std::string_view word, size_t begin, size_t end,
                                 std::string& scratch) const;
  bool AddByteFallback(std::string_view piece, uint32_t& offset,
                       std::vector<BpeSymbol>& symbols) const;
  // The per-thread PieceCache (like HF's word cache): a word's tokens are stored as ids only
  // when each token spans exactly its own string's bytes, so offsets rebuild from lengths.
  bool TokenizeFromCache(std::string_view word, std::vector<Token>& out) const;
  void StoreInCache(std::string_view word, std::span<const Token> tokens) const;

  Vocab vocab_;
  PairMerges merges_;
  BpeOptions options_;
  std::optional<uint32_t> unk_id_;
  // Ids of one-code-point words for code points below kCharTableSize: first_ holds the
  // character as it starts a word, rest_ with the continuing prefix; kNoId = look it up.
  static constexpr uint32_t kCharTableSize = 0x800;
  static constexpr uint32_t kNoId = UINT32_MAX;
  std::vector<uint32_t> first_char_ids_;
  std::vector<uint32_t> rest_char_ids_;
  std::optional<uint32_t> byte_ids_[256];
  mutable std::atomic<uint64_t> dropout_calls_{0};
  uint64_t cache_owner_ = 0;
};

}  // namespace tokenmill
