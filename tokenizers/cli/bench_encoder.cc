#include "tokenizers/cli/bench_encoder.h"

#include <utility>

#include "tokenizers/base/status_macros.h"

namespace tokenmill::cli {
namespace {

// A Hugging Face-style pipeline (tokenizer.json, vocab.txt): the full Encoding is built (ids,
// tokens, offsets, masks), as HF's encode does; the ids are moved out of it.
class TokenizerBenchEncoder : public BenchEncoder {
 public:
  TokenizerBenchEncoder(std::unique_ptr<Tokenizer> tokenizer, bool add_special_tokens)
      : tokenizer_(std::move(tokenizer)), add_special_tokens_(add_special_tokens) {}

  absl::StatusOr<std::vector<uint32_t>> Encode(std::string_view text) const override {
    TM_ASSIGN_OR_RETURN(Encoding encoding,
                        tokenizer_->Encode(text, std::nullopt, add_special_tokens_));
    return std::move(encoding.ids);
  }
  std::string Description() const override {
    return add_special_tokens_ ? "Tokenizer::Encode (full Encoding, with special tokens)"
                               : "Tokenizer::Encode (full Encoding, no special tokens)";
  }

 private:
  std::unique_ptr<Tokenizer> tokenizer_;
  bool add_special_tokens_;
};

// A tiktoken encoding: encode_ordinary (special-token text is ordinary text), ids only.
class TiktokenBenchEncoder : public BenchEncoder {
 public:
  explicit TiktokenBenchEncoder(std::unique_ptr<TiktokenEncoding> encoding)
      : encoding_(std::move(encoding)) {}

  absl::StatusOr<std::vector<uint32_t>> Encode(std::string_view text) const override {
    return encoding_->EncodeOrdinary(text);
  }
  std::string Description() const override {
    return "TiktokenEncoding::EncodeOrdinary (" + encoding_->name() + ", ids)";
  }

 private:
  std::unique_ptr<TiktokenEncoding> encoding_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<BenchEncoder>> LoadBenchEncoder(
    const TokenizerSource& source, const BenchEncoderOptions& options) {
  if (source.is_tiktoken()) {
    TM_ASSIGN_OR_RETURN(auto encoding, source.LoadTiktoken());
    encoding->set_use_piece_cache(options.piece_cache);
    return std::make_unique<TiktokenBenchEncoder>(std::move(encoding));
  }
  TM_ASSIGN_OR_RETURN(auto tokenizer, source.Load());
  return std::make_unique<TokenizerBenchEncoder>(std::move(tokenizer),
                                                 options.add_special_tokens);
}

}  // namespace tokenmill::cli
