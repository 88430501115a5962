// An HF-converted SentencePiece tokenizer.json (Precompiled normalizer, Metaspace
// pre-tokenizer and decoder, Unigram model) against Hugging Face tokenizers' own output on
// it: encode and decode (tests/data/spm/hf*.unigram_8k.*, made with
// ../shared/oracles/hf_encode.js as tests/data/spm/make_hf_unigram_json.py says).
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/normalizers/precompiled.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill {
namespace {

using ::testing::HasSubstr;

TEST(HfSentencePieceJsonTest, MatchesHuggingFace) {
  const std::string dir = testing::SourceDir() + "/tests/data/spm/";
  auto tokenizer = LoadTokenizerJson(dir + "unigram_8k.hf.tokenizer.json");
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  for (const char* set : {"dev", "edge"}) {
    auto inputs = testing::ReadJsonLines(dir + "unigram_8k." + set + ".jsonl.gz");
    auto goldens = testing::ReadJsonLines(dir + "hf.unigram_8k." + set + ".jsonl.gz");
    auto decoded = testing::ReadJsonLines(dir + "hf_decode.unigram_8k." + set + ".jsonl.gz");
    ASSERT_TRUE(inputs.ok() && goldens.ok() && decoded.ok());
    ASSERT_EQ(inputs->size(), goldens->size());
    ASSERT_EQ(inputs->size(), decoded->size());
    int failures = 0;
    for (size_t i = 0; i < inputs->size() && failures < 5; ++i) {
      const std::string text = (*inputs)[i]["text"].get<std::string>();
      const nlohmann::json& want = (*goldens)[i];
      auto encoding = (*tokenizer)->Encode(text);
      ASSERT_TRUE(encoding.ok()) << encoding.status();
      std::vector<std::vector<uint32_t>> offsets;
      for (const Span& s : encoding->offsets) offsets.push_back({s.start, s.end});
      const bool same = encoding->ids == want["ids"].get<std::vector<uint32_t>>() &&
                        encoding->tokens == want["tokens"].get<std::vector<std::string>>() &&
                        offsets == want["byte_offsets"].get<std::vector<std::vector<uint32_t>>>();
      auto text_back = (*tokenizer)->Decode(want["ids"].get<std::vector<uint32_t>>());
      ASSERT_TRUE(text_back.ok()) << text_back.status();
      if (!same || *text_back != (*decoded)[i]["text"].get<std::string>()) {
        ++failures;
        ADD_FAILURE() << set << " line " << i << " differs: " << text;
      }
    }
    EXPECT_EQ(failures, 0) << set;
  }
}

// Metaspace with prepend_scheme "first" / "never" and split false (the JSON patched as
// make_hf_unigram_json.py patches it for the oracle).
TEST(HfSentencePieceJsonTest, MetaspaceVariantsMatchHuggingFace) {
  const std::string dir = testing::SourceDir() + "/tests/data/spm/";
  auto base = ReadFile(dir + "unigram_8k.hf.tokenizer.json");
  ASSERT_TRUE(base.ok());
  auto inputs = testing::ReadJsonLines(dir + "unigram_8k.edge.jsonl.gz");
  ASSERT_TRUE(inputs.ok());
  for (const char* variant : {"first", "never", "nosplit"}) {
    std::string json = *base;
    const std::string from = std::string(variant) == "nosplit"
                                 ? "\"split\": true" : "\"prepend_scheme\": \"always\"";
    const std::string to = std::string(variant) == "nosplit"
                               ? "\"split\": false"
                               : "\"prepend_scheme\": \"" + std::string(variant) + "\"";
    int replaced = 0;
    for (size_t at = json.find(from); at != std::string::npos; at = json.find(from, at)) {
      json.replace(at, from.size(), to);
      ++replaced;
    }
    ASSERT_EQ(replaced, 2) << variant;  // pre-tokenizer and decoder
    auto tokenizer = ParseTokenizerJson(json, variant);
    ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
    auto goldens = testing::ReadJsonLines(dir + "hf_variant_" + variant + ".unigram_8k.edge.jsonl.gz");
    ASSERT_TRUE(goldens.ok());
    ASSERT_EQ(goldens->size(), inputs->size());
    int failures = 0;
    for (size_t i = 0; i < inputs->size(); ++i) {
      const std::string text = (*inputs)[i]["text"].get<std::string>();
      const nlohmann::json& want = (*goldens)[i];
      auto encoding = (*tokenizer)->Encode(text);
      ASSERT_TRUE(encoding.ok()) << encoding.status();
      std::vector<std::vector<uint32_t>> offsets;
      for (const Span& s : encoding->offsets) offsets.push_back({s.start, s.end});
      auto decoded = (*tokenizer)->Decode(want["ids"].get<std::vector<uint32_t>>());
      ASSERT_TRUE(decoded.ok());
      if (encoding->ids != want["ids"].get<std::vector<uint32_t>>() ||
          encoding->tokens != want["tokens"].get<std::vector<std::string>>() ||
          offsets != want["byte_offsets"].get<std::vector<std::vector<uint32_t>>>() ||
          *decoded != want["decoded"].get<std::string>()) {
        if (++failures <= 3) ADD_FAILURE() << variant << " edge line " << i << ": " << text;
      }
    }
    EXPECT_EQ(failures, 0) << variant;
  }
}

// The LLaMA-style decoder chain (Replace, ByteFallback, Fuse, Strip in a Sequence) over byte
// tokens, patched in as make_hf_unigram_json.py does for the oracle.
TEST(HfSentencePieceJsonTest, ByteFallbackDecoderChainMatchesHuggingFace) {
  const std::string dir = testing::SourceDir() + "/tests/data/spm/";
  auto base = ReadFile(dir + "unigram_8k.hf.tokenizer.json");
  ASSERT_TRUE(base.ok());
  nlohmann::json json = nlohmann::json::parse(*base);
  json["decoder"] = nlohmann::json::parse(R"({"type": "Sequence", "decoders": [
      {"type": "Replace", "pattern": {"String": "\u2581"}, "content": " "},
      {"type": "ByteFallback"}, {"type": "Fuse"},
      {"type": "Strip", "content": " ", "start": 1, "stop": 0}]})");
  const char* bytes[] = {"<0xE2>", "<0x98>", "<0x83>", "<0xFF>", "<0xC3>"};
  for (int i = 0; i < 5; ++i) {
    json["added_tokens"].push_back({{"id", 8000 + i}, {"content", bytes[i]},
                                    {"single_word", false}, {"lstrip", false},
                                    {"rstrip", false}, {"normalized", false},
                                    {"special", false}});
  }
  auto tokenizer = ParseTokenizerJson(json.dump(), "bytefallback_decoder");
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  auto goldens =
      testing::ReadJsonLines(dir + "hf_variant_bytefallback_decoder.unigram_8k.edge.jsonl.gz");
  ASSERT_TRUE(goldens.ok());
  ASSERT_FALSE(goldens->empty());
  int failures = 0;
  for (size_t i = 0; i < goldens->size(); ++i) {
    const auto& want = (*goldens)[i];
    auto text = (*tokenizer)->Decode(want["ids"].get<std::vector<uint32_t>>());
    ASSERT_TRUE(text.ok()) << text.status();
    if (*text != want["decoded"].get<std::string>() && ++failures <= 3) {
      ADD_FAILURE() << "line " << i << ": got \"" << *text << "\" want " << want["decoded"];
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(HfSentencePieceJsonTest, RejectsBrokenCharsmaps) {
  auto bad = ParseTokenizerJson(
      R"({"normalizer": {"type": "Precompiled", "precompiled_charsmap": "AAAA"},
          "model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0]]}})",
      "t.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("precompiled_charsmap"));
  auto not_base64 = ParseTokenizerJson(
      R"({"normalizer": {"type": "Precompiled", "precompiled_charsmap": "!!"},
          "model": {"type": "Unigram", "unk_id": 0, "vocab": [["<unk>", 0.0]]}})",
      "t.json");
  ASSERT_FALSE(not_base64.ok());
}

TEST(HfSentencePieceJsonTest, WritesWhatItReads) {
  const std::string dir = testing::SourceDir() + "/tests/data/spm/";
  auto tokenizer = LoadTokenizerJson(dir + "unigram_8k.hf.tokenizer.json");
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  auto again = ParseTokenizerJson(ToTokenizerJson(**tokenizer), "<written>");
  ASSERT_TRUE(again.ok()) << again.status();
  const std::string text = "Ｈｅｌｌｏ  wörld — ﬁne ①";
  auto a = (*tokenizer)->Encode(text);
  auto b = (*again)->Encode(text);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->ids, b->ids);
  EXPECT_EQ(a->offsets, b->offsets);
}

}  // namespace
}  // namespace tokenmill
