// BPE file formats: the tokenizer.json "model" object (HF serialization.rs cases, both
// merges spellings, write-back) and GPT-2's vocab.json + merges.txt (HF model.rs file
// cases, errors naming the file and line), plus the real GPT-2 files from ../shared.
#include <fstream>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "simdjson.h"
#include "tokenizers/models/bpe/bpe.h"
#include "tokenizers/serialization/gpt2_files.h"
#include "tokenizers/serialization/registries.h"
#include "tests/models/bpe/bpe_fixtures.h"
#include "tests/testing/test_data.h"

namespace tokenmill {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<std::unique_ptr<Model>> ParseModel(std::string_view json_text) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json_text.data(), json_text.size()).get(root)) {
    return absl::InvalidArgumentError("test JSON does not parse");
  }
  return ModelRegistry().Create(root, "model");
}

// serialization.rs test_serialization: the legacy "a b" spelling reads, and the model
// writes HF's current spelling byte for byte.
TEST(BpeJson, HfSerializationCase) {
  const std::string legacy =
      R"({"type":"BPE","dropout":null,"unk_token":"<unk>","continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"ignore_merges":true,"vocab":{"<unk>":0,"a":1,"b":2,"ab":3},"merges":["a b"]})";
  const std::string current =
      R"({"type":"BPE","dropout":null,"unk_token":"<unk>","continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"ignore_merges":true,"vocab":{"<unk>":0,"a":1,"b":2,"ab":3},"merges":[["a","b"]]})";
  for (const std::string& text : {legacy, current}) {
    auto model = ParseModel(text);
    ASSERT_TRUE(model.ok()) << model.status();
    EXPECT_EQ((*model)->ToJson().dump(), current);
  }
  // A space inside a token needs the pair spelling.
  const std::string spaced =
      R"({"type":"BPE","dropout":null,"unk_token":"<unk>","continuing_subword_prefix":null,"end_of_word_suffix":null,"fuse_unk":false,"byte_fallback":false,"ignore_merges":true,"vocab":{"<unk>":0,"a":1,"b c d":2,"ab c d":3},"merges":[["a","b c d"]]})";
  auto model = ParseModel(spaced);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ((*model)->ToJson().dump(), spaced);
}

TEST(BpeJson, OptionsRoundTrip) {
  const std::string text =
      R"({"type":"BPE","dropout":0.1,"unk_token":"[UNK]","continuing_subword_prefix":"##","end_of_word_suffix":"</w>","fuse_unk":true,"byte_fallback":true,"ignore_merges":false,"vocab":{"[UNK]":0,"a":1,"##b":2,"ab":3,"##b</w>":4,"ab</w>":5},"merges":[["a","##b"],["a","##b</w>"]]})";
  auto model = ParseModel(text);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ((*model)->ToJson().dump(), text);
  const auto& bpe = dynamic_cast<const Bpe&>(**model);
  EXPECT_FLOAT_EQ(*bpe.options().dropout, 0.1f);
  EXPECT_TRUE(bpe.options().fuse_unk);
}

// HF keeps the last rank of a pair listed twice, and writes it back once.
TEST(BpeJson, DuplicateMergeKeepsLastRank) {
  auto model = ParseModel(
      R"({"type":"BPE","vocab":{"a":0,"b":1,"c":2,"ab":3,"bc":4},"merges":["a b","b c","a b"]})");
  ASSERT_TRUE(model.ok()) << model.status();
  const auto& bpe = dynamic_cast<const Bpe&>(**model);
  EXPECT_EQ(bpe.merges().Find(0, 1).rank, 2u);
  EXPECT_EQ((*model)->ToJson()["merges"].dump(), R"([["b","c"],["a","b"]])");
  EXPECT_EQ(bpe_testing::Pieces(bpe, "abc"),
            (std::vector<bpe_testing::Piece>{{"a", 0, 1}, {"bc", 1, 3}}));
}

TEST(BpeJson, ErrorsNameTheField) {
  struct Bad {
    std::string json;
    std::string message;
  };
  const std::vector<Bad> cases = {
      {R"({"type":"BPE","vocab":{"a":0,"b":1}})", "missing field \"merges\""},
      {R"({"type":"BPE","merges":[]})", "missing field \"vocab\""},
      {R"({"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["a b","a c"]})",
       "model.merges[1]: token \"c\" is not in the vocabulary"},
      {R"({"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":["#version: 0.2","a b c"]})",
       "model.merges[1]: \"a b c\" is not two tokens"},
      {R"({"type":"BPE","vocab":{"a":0,"b":1,"ab":2},"merges":[["a"]]})",
       "model.merges[0]: expected a pair"},
      {R"({"type":"BPE","vocab":{"a":0,"b":1},"merges":[["a","b"]]})",
       "model.merges[0]: token \"ab\" is not in the vocabulary"},
      {R"({"type":"BPE","dropout":2,"vocab":{"a":0},"merges":[]})", "model.dropout"},
      {R"({"type":"BPE","vocab":{"a":-1},"merges":[]})", "model.vocab"},
      {R"({"type":"BPE","unk_token":5,"vocab":{"a":0},"merges":[]})", "model.unk_token"},
  };
  for (const Bad& bad : cases) {
    auto model = ParseModel(bad.json);
    ASSERT_FALSE(model.ok()) << bad.json;
    EXPECT_THAT(std::string(model.status().message()), HasSubstr(bad.message)) << bad.json;
  }
}

// model.rs test_bpe_from_file: "#version" lines are skipped.
TEST(Gpt2Files, HfFromFileCase) {
  auto model = Gpt2BpeFromText(R"({"a": 0, "b": 1, "c": 2, "ab": 3})", "#version: 0.2\na b", {});
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_EQ((*model)->merges().Find(0, 1).rank, 0u);
  EXPECT_EQ((*model)->merges().Find(0, 1).new_id, 3u);
  EXPECT_EQ((*model)->TokenToId("c"), 2u);
}

TEST(Gpt2Files, ErrorsNameFileAndLine) {
  struct Bad {
    std::string vocab, merges, message;
  };
  const std::string vocab = R"({"a": 0, "b": 1, "c": 2, "ab": 3})";
  const std::vector<Bad> cases = {
      // model.rs test_bpe_from_file_merge_token_oov
      {vocab, "#version: 0.2\na b\na d", "merges.txt line 3: token \"d\" is not in the vocabulary"},
      // model.rs test_bpe_from_file_bad_merges (HF counts line 2 of the merges proper)
      {vocab, "#version: 0.2\na b\nc", "merges.txt line 3: \"c\" is not two tokens"},
      {vocab, "a b\n\nb c", "merges.txt line 2: \"\" is not two tokens"},
      {vocab, "a  b", "merges.txt line 1"},
      {"[1, 2]", "a b", "vocab.json: expected a JSON object"},
      {"{\"a\": 0,", "a b", "vocab.json: not valid JSON"},
      {R"({"a": 0.5})", "", "vocab.json: the id of \"a\""},
      {R"({"a": 0, "b": 0})", "", "vocab.json: id 0 is used by two tokens"},
  };
  for (const Bad& bad : cases) {
    auto model = Gpt2BpeFromText(bad.vocab, bad.merges, {});
    ASSERT_FALSE(model.ok()) << bad.merges;
    EXPECT_THAT(std::string(model.status().message()), HasSubstr(bad.message));
  }
  // As HF: entries whose value is not a number are skipped; CRLF and a final newline are
  // fine; "#version" lines are skipped wherever they are.
  auto lenient = Gpt2BpeFromText(R"({"a": 0, "b": 1, "ab": 2, "note": "x"})",
                                 "a b\r\n#version: 0.2\n", {});
  ASSERT_TRUE(lenient.ok()) << lenient.status();
  EXPECT_EQ((*lenient)->VocabSize(), 3u);
  EXPECT_FALSE(LoadGpt2Bpe("/nonexistent/vocab.json", "/nonexistent/merges.txt").ok());
}

// The real GPT-2 files and GPT-2's tokenizer.json describe the same model.
TEST(Gpt2Files, RealFilesEqualTokenizerJsonModel) {
  TM_SHARED_DIR_OR_SKIP(shared);
  const std::string dir = shared + "/vocab/gpt2/";
  auto from_files = LoadGpt2Bpe(dir + "vocab.json", dir + "merges.txt");
  ASSERT_TRUE(from_files.ok()) << from_files.status();
  EXPECT_EQ((*from_files)->VocabSize(), 50257u);
  EXPECT_EQ((*from_files)->merges().size(), 50000u);

  auto text = testing::ReadMaybeGzip(dir + "tokenizer.json");
  ASSERT_TRUE(text.ok());
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  ASSERT_FALSE(parser.parse(*text).get(root));
  auto from_json = ModelRegistry().Create(root["model"].value(), "model");
  ASSERT_TRUE(from_json.ok()) << from_json.status();
  // Written back, the model is what HF wrote (same vocab order, same merges).
  auto hf_model = nlohmann::ordered_json::parse(*text)["model"];
  EXPECT_TRUE((*from_json)->ToJson() == hf_model);
  EXPECT_TRUE((*from_files)->ToJson() == hf_model);
}

}  // namespace
}  // namespace tokenmill
