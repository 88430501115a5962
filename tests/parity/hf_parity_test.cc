// Parity with Hugging Face tokenizers 0.22 (the oracle in ../shared/oracles) on its goldens:
// ids, tokens, UTF-8 byte offsets, type ids, masks and word ids on every line of the dev
// (multilingual) and edge corpora, for the three BERT tokenizers (from tokenizer.json and from
// vocab.txt) and GPT-2's byte-level BPE tokenizer.json.
#include <filesystem>

#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/serialization/vocab_txt.h"

namespace tokenmill {
namespace {

namespace fs = std::filesystem;
using testing::DataDirFor;

struct ParityCase {
  std::string tokenizer;  // folder under vocab/
  std::string set;        // dev | edge
  bool from_vocab_txt;
};

void PrintTo(const ParityCase& c, std::ostream* os) {
  *os << c.tokenizer << "/" << c.set << (c.from_vocab_txt ? " (vocab.txt)" : " (tokenizer.json)");
}

std::string CaseName(const ::testing::TestParamInfo<ParityCase>& info) {
  std::string name = absl::StrFormat("%s_%s%s", info.param.tokenizer, info.param.set,
                                     info.param.from_vocab_txt ? "_vocab_txt" : "");
  for (char& c : name) if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

// The vocabulary folder: ../shared/vocab when present, else the bundled copy.
std::string VocabDir(const std::string& tokenizer) {
  if (auto shared = testing::SharedDir()) return *shared + "/vocab/" + tokenizer;
  return testing::SourceDir() + "/vocab/" + tokenizer;
}

// Compares one encoding with one golden line; returns a description of the first difference.
std::string Diff(const Encoding& e, const nlohmann::json& g) {
  std::vector<std::vector<uint32_t>> offsets;
  for (const Span& s : e.offsets) offsets.push_back({s.start, s.end});
  std::vector<int> special(e.special_tokens_mask.begin(), e.special_tokens_mask.end());
  nlohmann::json words = nlohmann::json::array();
  for (const auto& w : e.word_ids) words.push_back(w ? nlohmann::json(*w) : nlohmann::json(nullptr));
  const std::pair<const char*, nlohmann::json> fields[] = {
      {"ids", e.ids},           {"tokens", e.tokens},
      {"offsets", offsets},     {"type_ids", e.type_ids},
      {"special_tokens_mask", special}, {"word_ids", words}};
  for (const auto& [name, ours] : fields) {
    if (ours != g.at(name)) {
      return absl::StrFormat("%s differ:\n  ours   %s\n  golden %s", name, ours.dump().substr(0, 400),
                             g.at(name).dump().substr(0, 400));
    }
  }
  return "";
}

class HfParityTest : public ::testing::TestWithParam<ParityCase> {};

TEST_P(HfParityTest, MatchesHuggingFaceTokenizersGolden) {
  const ParityCase& c = GetParam();
  const std::string golden_path =
      DataDirFor(absl::StrFormat("golden/hf.%s.%s.jsonl.gz", c.tokenizer, c.set));
  const std::string corpus_path = DataDirFor(absl::StrFormat("corpus/%s.jsonl", c.set));
  if (!fs::exists(golden_path) || !fs::exists(VocabDir(c.tokenizer))) {
    GTEST_SKIP() << "no golden " << golden_path
                 << " (../shared absent and this case is not in the bundled slice)";
  }
  absl::StatusOr<std::unique_ptr<Tokenizer>> tokenizer;
  if (c.from_vocab_txt) {
    BertVocabOptions options;
    options.lowercase = c.tokenizer == "bert-base-uncased";
    tokenizer = LoadBertVocabTxt(VocabDir(c.tokenizer) + "/vocab.txt", options);
  } else {
    tokenizer = LoadTokenizerJson(VocabDir(c.tokenizer) + "/tokenizer.json");
  }
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  auto inputs = testing::ReadJsonLines(corpus_path);
  auto goldens = testing::ReadJsonLines(golden_path);
  ASSERT_TRUE(inputs.ok()) << inputs.status();
  ASSERT_TRUE(goldens.ok()) << goldens.status();
  ASSERT_EQ(inputs->size(), goldens->size());
  ASSERT_GT(inputs->size(), 0u);

  size_t mismatches = 0;
  for (size_t i = 0; i < inputs->size(); ++i) {
    const std::string text = (*inputs)[i].at("text");
    auto encoding = (*tokenizer)->Encode(text);
    ASSERT_TRUE(encoding.ok()) << "line " << i + 1 << ": " << encoding.status();
    const std::string diff = Diff(*encoding, (*goldens)[i]);
    if (!diff.empty() && ++mismatches <= 3) {
      ADD_FAILURE() << corpus_path << " line " << i + 1 << ": " << diff;
    }
    for (uint8_t m : encoding->attention_mask) ASSERT_EQ(m, 1);
  }
  EXPECT_EQ(mismatches, 0u) << "of " << inputs->size() << " lines";
}

std::vector<ParityCase> AllCases() {
  std::vector<ParityCase> cases;
  for (const char* t : {"bert-base-uncased", "bert-base-cased", "bert-base-multilingual-cased"}) {
    for (const char* set : {"dev", "edge"}) {
      cases.push_back({t, set, false});
      cases.push_back({t, set, true});
    }
  }
  for (const char* set : {"dev", "edge"}) cases.push_back({"gpt2", set, false});
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Goldens, HfParityTest, ::testing::ValuesIn(AllCases()), CaseName);

// HF's BERT converter builds the same tokenizer.json from vocab.txt that the reference kit
// ships: our vocab.txt loader must produce it too (JSON-equal).
TEST(BertVocabTxt, BuildsTheSameTokenizerJsonAsHuggingFace) {
  for (const char* t : {"bert-base-uncased", "bert-base-cased"}) {
    const std::string dir = VocabDir(t);
    BertVocabOptions options;
    options.lowercase = std::string(t) == "bert-base-uncased";
    auto tokenizer = LoadBertVocabTxt(dir + "/vocab.txt", options);
    ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
    auto expected_text = ReadFile(dir + "/tokenizer.json");
    ASSERT_TRUE(expected_text.ok());
    const auto expected = nlohmann::json::parse(*expected_text);
    const auto ours = nlohmann::json::parse(ToTokenizerJson(**tokenizer));
    for (const char* key : {"added_tokens", "normalizer", "pre_tokenizer", "post_processor",
                            "decoder", "model", "truncation", "padding"}) {
      EXPECT_EQ(ours.at(key), expected.at(key)) << t << ": " << key;
    }
  }
}

}  // namespace
}  // namespace tokenmill

namespace tokenmill {
namespace {

// decode(ids) equals HF's decode, with and without skipping special tokens.
class BertDecodeParityTest : public ::testing::TestWithParam<ParityCase> {};

TEST_P(BertDecodeParityTest, MatchesHuggingFaceDecode) {
  const ParityCase& c = GetParam();
  const std::string ids_path =
      DataDirFor(absl::StrFormat("golden/hf.%s.%s.jsonl.gz", c.tokenizer, c.set));
  const std::string decode_path = absl::StrFormat(
      "%s/tests/data/golden/decode/hf_decode.%s.%s.jsonl.gz", testing::SourceDir(), c.tokenizer, c.set);
  if (!fs::exists(ids_path) || !fs::exists(decode_path) || !fs::exists(VocabDir(c.tokenizer))) {
    GTEST_SKIP() << "no ids golden " << ids_path << " (../shared absent)";
  }
  auto tokenizer = LoadTokenizerJson(VocabDir(c.tokenizer) + "/tokenizer.json");
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  auto encoded = testing::ReadJsonLines(ids_path);
  auto decoded = testing::ReadJsonLines(decode_path);
  ASSERT_TRUE(encoded.ok() && decoded.ok());
  const size_t n = std::min(encoded->size(), decoded->size());  // the bundled dev slice is shorter
  ASSERT_GT(n, 0u);
  for (size_t i = 0; i < n; ++i) {
    const std::vector<uint32_t> ids = (*encoded)[i].at("ids");
    auto text = (*tokenizer)->Decode(ids, /*skip_special_tokens=*/true);
    auto with_special = (*tokenizer)->Decode(ids, /*skip_special_tokens=*/false);
    ASSERT_TRUE(text.ok() && with_special.ok());
    ASSERT_EQ(*text, (*decoded)[i].at("text").get<std::string>()) << "line " << i + 1;
    ASSERT_EQ(*with_special, (*decoded)[i].at("text_with_special_tokens").get<std::string>())
        << "line " << i + 1;
  }
}

INSTANTIATE_TEST_SUITE_P(Goldens, BertDecodeParityTest,
                         ::testing::Values(ParityCase{"bert-base-uncased", "dev", false},
                                           ParityCase{"bert-base-uncased", "edge", false},
                                           ParityCase{"bert-base-cased", "edge", false},
                                           ParityCase{"bert-base-multilingual-cased", "dev", false},
                                           ParityCase{"bert-base-multilingual-cased", "edge", false}),
                         CaseName);

}  // namespace
}  // namespace tokenmill
