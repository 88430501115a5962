// HF's BPEDecoder and CTC decoder (decoders/bpe.rs, ctc.rs in HF tokenizers 0.22): hand cases
// in the spirit of HF's unit tests, and HF's decode of GPT-2 ids through each decoder of
// tests/data/golden/decode/hf_decoders.configs.json (goldens from gen_decoder_goldens.sh).
#include <fstream>

#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/testing/test_data.h"
#include "tokenizers/base/rust_replace.h"
#include "tokenizers/decoders/bpe_decoder.h"
#include "tokenizers/decoders/ctc_decoder.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill {
namespace {

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  for (size_t start = 0; start < text.size();) {
    const size_t end = std::min(text.find(' ', start), text.size());
    if (end > start) words.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return words;
}

TEST(BpeDecoder, SuffixBecomesSpaceExceptAtTheEnd) {
  BpeDecoder decoder;
  EXPECT_EQ(decoder.Decode({"hel", "lo</w>", "wor", "ld</w>"}), "hello world");
  EXPECT_EQ(decoder.Decode({"a</w>b</w>", "c</w>"}), "a b c");
  EXPECT_EQ(decoder.Decode({}), "");
  EXPECT_EQ(BpeDecoder("").Decode({"ab", "c"}), " a b c");  // Rust's replace of ""
  EXPECT_EQ(decoder.ToJson().dump(), R"({"type":"BPEDecoder","suffix":"</w>"})");
}

TEST(CtcDecoder, CollapsesRepeatsDropsPadsAndSpacesWords) {
  CtcDecoder decoder;
  std::vector<std::string> tokens = Words("<pad> <pad> h e e l l <pad> l o o o <pad>");
  decoder.DecodeChain(tokens);
  EXPECT_EQ(tokens, Words("h e l l o"));
  tokens = Words("<pad> h i i <pad> | | <pad> t h e e r e <pad> |");
  decoder.DecodeChain(tokens);
  EXPECT_EQ(tokens, (std::vector<std::string>{"h", "i", " ", "t", "h", "e", "r", "e", " "}));
  // Without cleanup the delimiter stays (HF replaces it only under cleanup).
  tokens = Words("a | | b");
  CtcDecoder("<pad>", "|", false).DecodeChain(tokens);
  EXPECT_EQ(tokens, Words("a | b"));
  EXPECT_EQ(decoder.ToJson().dump(),
            R"({"type":"CTC","pad_token":"<pad>","word_delimiter_token":"|","cleanup":true})");
}

TEST(RustReplace, MatchesRustStrReplace) {
  EXPECT_EQ(RustReplace("aaa", "aa", "b"), "ba");
  EXPECT_EQ(RustReplace("", "", "x"), "x");
  EXPECT_EQ(RustReplace("é", "", "-"), "-é-");
  EXPECT_EQ(RustReplace("abc", "z", "y"), "abc");
}

TEST(DecoderGoldens, MatchHfDecodeOfGpt2Ids) {
  TM_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = testing::SourceDir() + "/tests/data/golden/decode";
  auto gpt2 = ReadFile(shared + "/vocab/gpt2/tokenizer.json");
  ASSERT_TRUE(gpt2.ok());
  std::ifstream configs_file(dir + "/hf_decoders.configs.json");
  const nlohmann::json configs = nlohmann::json::parse(configs_file);
  std::map<std::string, std::unique_ptr<Tokenizer>> tokenizers;
  for (const auto& [name, decoder] : configs.items()) {
    nlohmann::json config = nlohmann::json::parse(*gpt2);
    config["decoder"] = decoder;
    auto tokenizer = ParseTokenizerJson(config.dump(), name);
    ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
    tokenizers[name] = *std::move(tokenizer);
  }
  auto goldens = testing::ReadJsonLines(dir + "/hf_decoders.jsonl.gz");
  ASSERT_TRUE(goldens.ok()) << goldens.status();
  size_t mismatches = 0;
  for (const nlohmann::json& g : *goldens) {
    const std::string name = g.at("config");
    auto text = tokenizers.at(name)->Decode(g.at("ids").get<std::vector<uint32_t>>());
    ASSERT_TRUE(text.ok()) << text.status();
    if (*text != g.at("text").get<std::string>() && ++mismatches <= 3) {
      ADD_FAILURE() << name << ": ours " << *text << "\n  HF " << g.at("text");
    }
  }
  EXPECT_EQ(mismatches, 0u);
  EXPECT_EQ(goldens->size(), 400 * configs.size());
}

}  // namespace
}  // namespace tokenmill
