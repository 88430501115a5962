// HF's trainers on ../shared/corpus/train-small.txt (golden/train/hf.<setup>.train-small.json.gz):
// the tokenizer.json we train from the same corpus with the same normalizer and pre-tokenizer
// must hold the same vocabulary (ids included) and the same merges.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "nlohmann/json.hpp"
#include "tests/testing/test_data.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/trainers/bpe_trainer.h"
#include "tokenizers/trainers/train_tokenizer.h"
#include "tokenizers/trainers/wordlevel_trainer.h"
#include "tokenizers/trainers/wordpiece_trainer.h"

namespace tokenmill {
namespace {

using Json = nlohmann::ordered_json;

struct Golden {
  Json json;
  std::unique_ptr<Tokenizer> tokenizer;  // the golden itself: our template
};

Golden LoadGolden(const std::string& path) {
  auto text = testing::ReadMaybeGzip(path);
  EXPECT_TRUE(text.ok()) << text.status();
  Golden g;
  g.json = Json::parse(*text);
  auto tokenizer = ParseTokenizerJson(*text, path);
  EXPECT_TRUE(tokenizer.ok()) << tokenizer.status();
  g.tokenizer = std::move(*tokenizer);
  return g;
}

// The "##x" tokens of a WordPiece golden in id order: HF numbered them in hash order.
std::vector<std::string> DecoratedOrder(const Json& vocab, const std::string& prefix) {
  std::vector<std::pair<uint32_t, std::string>> found;
  for (const auto& [token, id] : vocab.items()) {
    if (token.rfind(prefix, 0) != 0) continue;
    const std::string rest = token.substr(prefix.size());
    size_t pos = 0;
    if (rest.empty()) continue;
    const unsigned char lead = rest[0];
    pos = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    if (pos == rest.size()) found.emplace_back(id.get<uint32_t>(), token);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& [id, token] : found) out.push_back(token);
  return out;
}

void ExpectSameModel(const Json& ours, const Json& golden) {
  const Json& v1 = ours["vocab"];
  const Json& v2 = golden["vocab"];
  ASSERT_EQ(v1.size(), v2.size());
  size_t first_diff = v1.size();
  std::vector<std::pair<std::string, std::string>> diffs;
  auto it1 = v1.begin();
  auto it2 = v2.begin();
  for (size_t i = 0; it1 != v1.end(); ++it1, ++it2, ++i) {
    if (it1.key() != it2.key() || *it1 != *it2) {
      if (first_diff == v1.size()) first_diff = i;
      if (diffs.size() < 5) diffs.emplace_back(it1.key(), it2.key());
    }
  }
  EXPECT_EQ(first_diff, v1.size()) << "first differing id " << first_diff << ": ours \""
                                   << (diffs.empty() ? "" : diffs[0].first) << "\" vs HF \""
                                   << (diffs.empty() ? "" : diffs[0].second) << "\"";
  if (golden.contains("merges")) {
    const Json& m1 = ours["merges"];
    const Json& m2 = golden["merges"];
    EXPECT_EQ(m1.size(), m2.size());
    for (size_t i = 0; i < std::min(m1.size(), m2.size()); ++i) {
      if (m1[i] != m2[i]) {
        ADD_FAILURE() << "merge " << i << ": ours " << m1[i].dump() << " vs HF " << m2[i].dump();
        break;
      }
    }
  }
}

void CheckSetup(const std::string& setup, const Trainer& trainer) {
  TM_SHARED_DIR_OR_SKIP(shared);
  Golden golden = LoadGolden(shared + "/golden/train/hf." + setup + ".train-small.json.gz");
  ASSERT_NE(golden.tokenizer, nullptr);
  TrainOptions options;
  auto trained = TrainTokenizer(*golden.tokenizer, trainer, {shared + "/corpus/train-small.txt"},
                                options, Progress::Silent());
  ASSERT_TRUE(trained.ok()) << trained.status();
  const Json ours = Json::parse(ToTokenizerJson(**trained));
  ExpectSameModel(ours["model"], golden.json["model"]);
  EXPECT_EQ(ours["added_tokens"], golden.json["added_tokens"]);
}

TEST(TrainerGoldens, BpeByteLevel) { CheckSetup("bpe-bytelevel", BpeTrainer(BpeTrainerOptions())); }

TEST(TrainerGoldens, BpeWhitespace) {
  CheckSetup("bpe-whitespace", BpeTrainer(BpeTrainerOptions()));
}

TEST(TrainerGoldens, WordPieceBert) {
  TM_SHARED_DIR_OR_SKIP(shared);
  Golden golden = LoadGolden(shared + "/golden/train/hf.wordpiece-bert.train-small.json.gz");
  BpeTrainerOptions options = WordPieceTrainerDefaults();
  options.decorated_symbol_order = DecoratedOrder(golden.json["model"]["vocab"], "##");
  CheckSetup("wordpiece-bert", WordPieceTrainer(options));
}

// Committed goldens (tests/data/train, made by gen_train_goldens.js with the HF oracle): set-ups
// with a normalizer, Sequence pre-tokenizers, an added token in the text, and a corpus too small
// for the vocabulary (HF stops when no pair is left). They run without ../shared.
void CheckCommittedSetup(const std::string& name, const Trainer& trainer) {
  const std::string dir = testing::SourceDir() + "/tests/data/train/";
  auto corpus = testing::ReadMaybeGzip(dir + "corpus.txt.gz");
  ASSERT_TRUE(corpus.ok()) << corpus.status();
  const std::string corpus_path = ::testing::TempDir() + "/train-corpus-" + name + ".txt";
  std::ofstream(corpus_path, std::ios::binary) << *corpus;
  auto base = LoadTokenizerJson(dir + name + ".template.json");
  ASSERT_TRUE(base.ok()) << base.status();
  Golden golden = LoadGolden(dir + "hf." + name + ".json.gz");
  auto trained = TrainTokenizer(**base, trainer, {corpus_path}, {}, Progress::Silent());
  ASSERT_TRUE(trained.ok()) << trained.status();
  const Json ours = Json::parse(ToTokenizerJson(**trained));
  EXPECT_LT(golden.json["model"]["vocab"].size(), 30000u);  // the corpus ran dry
  ExpectSameModel(ours["model"], golden.json["model"]);
  // HF keeps a template's added token at its old id (here 0, which the new vocabulary gives to
  // "!"); we give it the new vocabulary's id.
  for (const Json& added : ours["added_tokens"]) {
    const std::string content = added["content"];
    ASSERT_TRUE(ours["model"]["vocab"].contains(content)) << content;
    EXPECT_EQ(added["id"], ours["model"]["vocab"][content]) << content;
  }
  std::remove(corpus_path.c_str());
}

TEST(TrainerCommittedGoldens, NfkcLowercaseDigitsPunctuationWithAddedToken) {
  CheckCommittedSetup("nfkc-lower-digits", BpeTrainer(BpeTrainerOptions()));
}

TEST(TrainerCommittedGoldens, NfcByteLevelWithoutPrefixSpace) {
  CheckCommittedSetup("nfc-bytelevel-noprefix", BpeTrainer(BpeTrainerOptions()));
}

// HF's WordLevelTrainer with its defaults (no special token, vocab_size 30000).
TEST(TrainerCommittedGoldens, WordLevelLowercaseWhitespace) {
  CheckCommittedSetup("wordlevel-lower", WordLevelTrainer(BpeTrainerOptions()));
}

// word_level/trainer.rs test_train: by count, then by word; min_frequency drops the rare.
TEST(WordLevelTrainer, OrdersByCountThenWordAndKeepsSpecialsFirst) {
  StringArena arena;
  WordList words;
  for (const auto& [word, count] : std::vector<std::pair<std::string, uint64_t>>{
           {"the", 25}, {"roses", 22}, {"are", 24}, {"red", 12}, {"voilets", 10}, {"blue", 16},
           {"zz", 16}}) {
    words.words.push_back({arena.Store(word), count});
  }
  BpeTrainerOptions options;
  options.vocab_size = 6;
  options.special_tokens = {"[UNK]"};
  auto trained = WordLevelTrainer(options).Train(words, nullptr, Progress::Silent());
  ASSERT_TRUE(trained.ok()) << trained.status();
  const Json vocab = Json::parse(trained->model->ToJson().dump())["vocab"];
  EXPECT_EQ(vocab, Json::parse(R"({"[UNK]":0,"the":1,"are":2,"roses":3,"blue":4,"zz":5})"));
  options.min_frequency = 20;
  trained = WordLevelTrainer(options).Train(words, nullptr, Progress::Silent());
  ASSERT_TRUE(trained.ok());
  EXPECT_EQ(Json::parse(trained->model->ToJson().dump())["vocab"],
            Json::parse(R"({"[UNK]":0,"the":1,"are":2,"roses":3})"));
}

}  // namespace
}  // namespace tokenmill
