// HF's UnigramTrainer (defaults, Metaspace set-up) against HF's own output: on the committed
// 2,000-line slice (tests/data/train/hf.unigram-metaspace.train-slice.json.gz) and on
// ../shared/corpus/train-small.txt (golden/train/hf.unigram-metaspace.train-small.json.gz):
// the same pieces, and the same scores to 1e-9 — except for the characters the model lost,
// which HF scores min + 0.0001·k in the order of a hash set (two HF runs differ there).
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include "nlohmann/json.hpp"
#include "tests/testing/test_data.h"
#include "tokenizers/models/unigram/unigram.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/trainers/train_tokenizer.h"
#include "tokenizers/trainers/training_setups.h"
#include "tokenizers/trainers/unigram_trainer.h"

namespace tokenmill {
namespace {

using Json = nlohmann::ordered_json;

void ExpectSameUnigram(const Json& ours, const Json& golden) {
  const Json& v1 = ours["vocab"];
  const Json& v2 = golden["vocab"];
  ASSERT_EQ(v1.size(), v2.size());
  std::map<std::string, double> scores;
  double min_score = 0;
  for (const Json& entry : v2) {
    scores[entry[0].get<std::string>()] = entry[1].get<double>();
    min_score = std::min(min_score, entry[1].get<double>());
  }
  const double penalty_band = min_score + 0.0001 * static_cast<double>(v2.size());
  size_t exact = 0, penalized = 0, same_id = 0;
  double previous = 0;
  for (size_t id = 0; id < v1.size(); ++id) {
    const std::string piece = v1[id][0];
    const double score = v1[id][1];
    if (id > 0) {
      EXPECT_LE(score, previous) << "not sorted by score at id " << id;
    }
    previous = score;
    auto it = scores.find(piece);
    ASSERT_NE(it, scores.end()) << "piece HF does not have: " << piece;
    same_id += v2[id][0] == piece;
    if (std::abs(it->second - score) <= 1e-9) {
      ++exact;
    } else {
      ++penalized;
      EXPECT_TRUE(score <= penalty_band && it->second <= penalty_band)
          << piece << ": " << score << " vs HF " << it->second;
    }
  }
  EXPECT_EQ(ours["unk_id"], golden["unk_id"]);
  EXPECT_EQ(ours["byte_fallback"], golden["byte_fallback"]);
  EXPECT_GT(exact, v1.size() * 9 / 10);
  // Equal scores (mostly those characters) may sit in either order; everything else has its id.
  EXPECT_GT(same_id, v1.size() / 2);
  std::cout << exact << " pieces with HF's score, " << penalized
            << " lost characters in another order, " << same_id << " ids as HF's\n";
}

void CheckAgainst(const std::string& golden_path, const std::string& corpus) {
  auto text = testing::ReadMaybeGzip(golden_path);
  ASSERT_TRUE(text.ok()) << text.status();
  const Json golden = Json::parse(*text);
  auto base = ParseTokenizerJson(*text, golden_path);
  ASSERT_TRUE(base.ok()) << base.status();
  auto trained = TrainTokenizer(**base, UnigramTrainer(UnigramTrainerOptions()), {corpus}, {},
                                Progress::Silent());
  ASSERT_TRUE(trained.ok()) << trained.status();
  const Json ours = Json::parse(ToTokenizerJson(**trained));
  ExpectSameUnigram(ours["model"], golden["model"]);
  EXPECT_EQ(ours["pre_tokenizer"], golden["pre_tokenizer"]);
  EXPECT_EQ(ours["decoder"], golden["decoder"]);
}

TEST(UnigramTrainerTest, SameVocabularyAsHfOnTheCommittedSlice) {
  CheckAgainst(testing::SourceDir() + "/tests/data/train/hf.unigram-metaspace.train-slice.json.gz",
               testing::SourceDir() + "/tests/data/spm_train/train-slice.txt");
}

TEST(UnigramTrainerTest, SameVocabularyAsHfOnTrainSmall) {
  TM_SHARED_DIR_OR_SKIP(shared);
  CheckAgainst(shared + "/golden/train/hf.unigram-metaspace.train-small.json.gz",
               shared + "/corpus/train-small.txt");
}

std::string WriteCorpus(const std::string& name, const std::string& text) {
  const std::string path = ::testing::TempDir() + "/unigram-" + name + ".txt";
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(UnigramTrainerTest, SpecialTokensUnkAndRoundTrip) {
  auto base = DefaultTrainingTokenizer("unigram");
  ASSERT_TRUE(base.ok()) << base.status();
  const std::string corpus = WriteCorpus(
      "small", "the cat sat on the mat\nthe dog sat on the log\nthat cat and that dog\n");
  UnigramTrainerOptions options;
  options.vocab_size = 40;
  options.special_tokens = {"<pad>", "<unk>"};
  options.unk_token = "<unk>";
  auto trained = TrainTokenizer(**base, UnigramTrainer(options), {corpus}, {}, Progress::Silent());
  ASSERT_TRUE(trained.ok()) << trained.status();
  const auto* model = dynamic_cast<const Unigram*>((*trained)->parts().model.get());
  ASSERT_NE(model, nullptr);
  EXPECT_EQ(model->vocab()[0].first, "<pad>");
  EXPECT_EQ(model->vocab()[1].first, "<unk>");
  EXPECT_EQ(model->unk_id(), std::optional<uint32_t>(1));
  EXPECT_LE(model->vocab().size(), 40u);
  auto encoding = (*trained)->Encode("the cat sat on the log");
  ASSERT_TRUE(encoding.ok()) << encoding.status();
  auto decoded = (*trained)->Decode(encoding->ids, true);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, "the cat sat on the log");
  // An unknown character becomes <unk>.
  auto unknown = (*trained)->Encode("zebra");
  ASSERT_TRUE(unknown.ok());
  EXPECT_NE(std::find(unknown->ids.begin(), unknown->ids.end(), 1u), unknown->ids.end());

  // unk_token not among the special tokens: it is added first.
  options.special_tokens = {"<pad>"};
  auto added = TrainTokenizer(**base, UnigramTrainer(options), {corpus}, {}, Progress::Silent());
  ASSERT_TRUE(added.ok()) << added.status();
  const auto* m2 = dynamic_cast<const Unigram*>((*added)->parts().model.get());
  ASSERT_NE(m2, nullptr);
  EXPECT_EQ(m2->vocab()[0].first, "<unk>");
  EXPECT_EQ(m2->vocab()[1].first, "<pad>");
  EXPECT_EQ(m2->unk_id(), std::optional<uint32_t>(0));
}

TEST(UnigramTrainerTest, BadInputGivesClearErrors) {
  auto base = DefaultTrainingTokenizer("unigram");
  ASSERT_TRUE(base.ok());
  const std::string corpus = WriteCorpus("chars", "abcdefghij klmnop\n");
  UnigramTrainerOptions options;
  options.vocab_size = 5;  // fewer than the characters
  auto too_small = TrainTokenizer(**base, UnigramTrainer(options), {corpus}, {}, Progress::Silent());
  ASSERT_FALSE(too_small.ok());
  EXPECT_NE(too_small.status().message().find("not large enough"), std::string::npos)
      << too_small.status();

  auto empty = TrainTokenizer(**base, UnigramTrainer(UnigramTrainerOptions()),
                              {WriteCorpus("empty", "")}, {}, Progress::Silent());
  EXPECT_FALSE(empty.ok());

  auto invalid = TrainTokenizer(**base, UnigramTrainer(UnigramTrainerOptions()),
                                {WriteCorpus("invalid", "ok\nbad \xff\n")}, {}, Progress::Silent());
  ASSERT_FALSE(invalid.ok());
  EXPECT_NE(invalid.status().message().find("UTF-8"), std::string::npos) << invalid.status();

  // More than the corpus can give: the smaller vocabulary (as HF).
  auto small = TrainTokenizer(**base, UnigramTrainer(UnigramTrainerOptions()),
                              {WriteCorpus("tiny", "aa ab ba\n")}, {}, Progress::Silent());
  ASSERT_TRUE(small.ok()) << small.status();
  EXPECT_LT((*small)->parts().model->VocabSize(), 8000u);
}

}  // namespace
}  // namespace tokenmill
