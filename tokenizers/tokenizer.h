// The Tokenizer composes the pipeline:
//   added tokens → normalizer → pre-tokenizer → model → truncation → post-processor → padding
// and decodes ids back to text.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/added_vocabulary.h"
#include "tokenizers/decoders/decoder.h"
#include "tokenizers/encoding.h"
#include "tokenizers/models/model.h"
#include "tokenizers/normalizers/normalizer.h"
#include "tokenizers/pre_tokenizers/pre_tokenizer.h"
#include "tokenizers/processors/padding.h"
#include "tokenizers/processors/post_processor.h"
#include "tokenizers/processors/truncation.h"

namespace tokenmill {

struct TokenizerParts {
  std::unique_ptr<Normalizer> normalizer;        // optional
  std::unique_ptr<PreTokenizer> pre_tokenizer;   // optional
  std::unique_ptr<Model> model;                  // required
  std::unique_ptr<PostProcessor> post_processor; // optional
  std::unique_ptr<Decoder> decoder;              // optional
  std::vector<AddedToken> added_tokens;
  std::optional<TruncationParams> truncation;
  std::optional<PaddingParams> padding;
};

// What an encoding carries for the tokens of its inputs. kIdsOnly is HF's encode_batch_fast
// (OffsetType::None): each such token has an empty string, offsets (0, 0), no word and type
// id 0 before post-processing, which then works as usual (its special tokens, type ids,
// truncation and padding). Ids are the same either way.
enum class EncodeDetail { kFull, kIdsOnly };

class Tokenizer {
 public:
  static absl::StatusOr<std::unique_ptr<Tokenizer>> Create(TokenizerParts parts);

  // Encodes one text (and optionally its pair). Text must be valid UTF-8.
  absl::StatusOr<Encoding> Encode(std::string_view text,
                                  std::optional<std::string_view> pair = std::nullopt,
                                  bool add_special_tokens = true,
                                  EncodeDetail detail = EncodeDetail::kFull) const;
  // Encodes many texts on `num_threads` threads (0: all cores); padding applies batch-wide.
  absl::StatusOr<std::vector<Encoding>> EncodeBatch(
      const std::vector<std::string_view>& texts,
      const std::vector<std::string_view>* pairs = nullptr, bool add_special_tokens = true,
      size_t num_threads = 0, EncodeDetail detail = EncodeDetail::kFull) const;
  // The same where only some texts have a pair (HF's encode_batch takes such lists).
  absl::StatusOr<std::vector<Encoding>> EncodeBatch(
      const std::vector<std::string_view>& texts,
      const std::vector<std::optional<std::string_view>>& pairs, bool add_special_tokens = true,
      size_t num_threads = 0, EncodeDetail detail = EncodeDetail::kFull) const;

  // A text already split into words (HF's is_pretokenized input).
  using Words = std::span<const std::string_view>;
  // Encodes pre-split words (and optionally a pre-split pair) as HF does with
  // is_pretokenized: each word goes through added tokens, normalizer, pre-tokenizer and model
  // on its own, its tokens get the word's index as word id, and their offsets are byte
  // offsets into that word.
  absl::StatusOr<Encoding> EncodeWords(Words words, std::optional<Words> pair = std::nullopt,
                                       bool add_special_tokens = true,
                                       EncodeDetail detail = EncodeDetail::kFull) const;
  // EncodeWords for many inputs, as EncodeBatch.
  absl::StatusOr<std::vector<Encoding>> EncodeWordsBatch(
      const std::vector<Words>& inputs, const std::vector<Words>* pairs = nullptr,
      bool add_special_tokens = true, size_t num_threads = 0,
      EncodeDetail detail = EncodeDetail::kFull) const;
  // The same where only some inputs have a pair.
  absl::StatusOr<std::vector<Encoding>> EncodeWordsBatch(
      const std::vector<Words>& inputs, const std::vector<std::optional<Words>>& pairs,
      bool add_special_tokens = true, size_t num_threads = 0,
      EncodeDetail detail = EncodeDetail::kFull) const;

  absl::StatusOr<std::string> Decode(const std::vector<uint32_t>& ids,
                                     bool skip_special_tokens = true) const;

  // HF's post_process: truncation, the post-processor and padding, applied to encodings made
  // without them (e.g. by Encode with add_special_tokens = false and no truncation).
  absl::StatusOr<Encoding> PostProcessEncodings(Encoding first, std::optional<Encoding> second,
                                                bool add_special_tokens = true) const;

  // HF's add_tokens / add_special_tokens: registers added tokens in order, each matched in
  // text from then on (ids are assigned as HF does; AddedToken::id is ignored). Returns how
  // many were not ignored (empty, or identical to a registered token).
  size_t AddTokens(const std::vector<AddedToken>& tokens);
  // See AddedVocabulary::set_encode_special_tokens (off by default, as in HF).
  void SetEncodeSpecialTokens(bool value) { added_.set_encode_special_tokens(value); }
  bool encode_special_tokens() const { return added_.encode_special_tokens(); }

  std::optional<uint32_t> TokenToId(std::string_view token) const;
  std::optional<std::string> IdToToken(uint32_t id) const;
  // Model vocabulary plus added tokens.
  std::vector<std::pair<std::string, uint32_t>> GetVocab() const;
  size_t GetVocabSize() const;

  void SetTruncation(std::optional<TruncationParams> params) { parts_.truncation = params; }
  void SetPadding(std::optional<PaddingParams> params) { parts_.padding = std::move(params); }
  const std::optional<TruncationParams>& truncation() const { return parts_.truncation; }
  const std::optional<PaddingParams>& padding() const { return parts_.padding; }

  const TokenizerParts& parts() const { return parts_; }
  const AddedVocabulary& added_vocabulary() const { return added_; }

 private:
  // One input sequence: a text, or a text split into words.
  using Input = std::variant<std::string_view, Words>;

  explicit Tokenizer(TokenizerParts parts);
  // One sequence through added tokens, normalizer, pre-tokenizer and model.
  absl::StatusOr<Encoding> EncodeSequence(std::string_view text, int8_t sequence) const;
  // The same, appended to `encoding`; every token's word is `word_id` when given, else the
  // index of its pre-tokenized word.
  absl::Status AppendSequence(std::string_view text, int8_t sequence,
                              std::optional<uint32_t> word_id, Encoding& encoding) const;
  // Each word as its own sequence, merged (word ids: the words' indices).
  absl::StatusOr<Encoding> EncodeWordSequence(Words words, int8_t sequence) const;
  absl::StatusOr<Encoding> EncodeInput(const Input& input, int8_t sequence,
                                       EncodeDetail detail) const;
  absl::StatusOr<Encoding> PostProcess(Encoding first, std::optional<Encoding> second,
                                       bool add_special_tokens) const;
  absl::StatusOr<Encoding> EncodeUnpadded(const Input& input, const std::optional<Input>& pair,
                                          bool add_special_tokens, EncodeDetail detail) const;
  absl::StatusOr<Encoding> EncodePadded(const Input& input, const std::optional<Input>& pair,
                                        bool add_special_tokens, EncodeDetail detail) const;
  // The batch calls: texts or word lists, each with an optional pair.
  template <typename T>
  absl::StatusOr<std::vector<Encoding>> EncodeInputs(const std::vector<T>& inputs,
                                                     const std::vector<std::optional<T>>& pairs,
                                                     bool add_special_tokens, size_t num_threads,
                                                     EncodeDetail detail) const;
  // Encodes inputs 0 … count − 1 (input(i), pair(i)) on `num_threads` threads, then pads.
  template <typename InputAt, typename PairAt>
  absl::StatusOr<std::vector<Encoding>> EncodeMany(size_t count, InputAt input, PairAt pair,
                                                   bool add_special_tokens, size_t num_threads,
                                                   EncodeDetail detail) const;

  TokenizerParts parts_;
  AddedVocabulary added_;
};

}  // namespace tokenmill
