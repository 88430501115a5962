// HF's small decoders that HF-converted SentencePiece tokenizers chain (LLaMA-style byte
// fallback: Sequence[Replace ▁→" ", ByteFallback, Fuse, Strip " " 1 0]):
//   ByteFallback  runs of "<0xNN>" tokens become their UTF-8 (each byte → U+FFFD if invalid)
//   Fuse          all tokens joined into one
//   Strip         up to `start` leading / `stop` trailing `content` characters cut per token
//   Replace       a literal or regex pattern replaced in every token
//   Sequence      decoders applied in order
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tokenizers/decoders/decoder.h"
#include "tokenizers/pre_tokenizers/split.h"

namespace tokenmill {

class ByteFallbackDecoder : public Decoder {
 public:
  void DecodeChain(std::vector<std::string>& tokens) const override;
  nlohmann::ordered_json ToJson() const override { return {{"type", "ByteFallback"}}; }
};

class FuseDecoder : public Decoder {
 public:
  void DecodeChain(std::vector<std::string>& tokens) const override;
  nlohmann::ordered_json ToJson() const override { return {{"type", "Fuse"}}; }
};

class StripDecoder : public Decoder {
 public:
  StripDecoder(char32_t content, size_t start, size_t stop)
      : content_(content), start_(start), stop_(stop) {}
  void DecodeChain(std::vector<std::string>& tokens) const override;
  nlohmann::ordered_json ToJson() const override;

 private:
  char32_t content_;
  size_t start_;
  size_t stop_;
};

class ReplaceDecoder : public Decoder {
 public:
  static absl::StatusOr<std::unique_ptr<ReplaceDecoder>> Create(SplitPattern pattern,
                                                                std::string content);
  void DecodeChain(std::vector<std::string>& tokens) const override;
  nlohmann::ordered_json ToJson() const override;

 private:
  ReplaceDecoder(SplitPattern pattern, std::string content,
                 std::unique_ptr<SplitPreTokenizer> matcher)
      : pattern_(std::move(pattern)), content_(std::move(content)), matcher_(std::move(matcher)) {}
  SplitPattern pattern_;
  std::string content_;
  std::unique_ptr<SplitPreTokenizer> matcher_;
};

class DecoderSequence : public Decoder {
 public:
  explicit DecoderSequence(std::vector<std::unique_ptr<Decoder>> decoders)
      : decoders_(std::move(decoders)) {}
  void DecodeChain(std::vector<std::string>& tokens) const override;
  nlohmann::ordered_json ToJson() const override;

 private:
  std::vector<std::unique_ptr<Decoder>> decoders_;
};

}  // namespace tokenmill
