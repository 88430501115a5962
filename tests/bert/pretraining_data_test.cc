// Pre-training data: identical to google-research/bert's create_pretraining_data.py (golden
// made by tests/data/bert/make_pretraining_golden.py), and the masking statistics 80/10/10.
#include <cmath>

#include "bert/pretraining_data.h"
#include "bert/python_random.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/serialization/tokenizer_json.h"
#include "tokenizers/serialization/vocab_txt.h"

namespace tokenmill::bert {
namespace {

std::string DataDir() { return ::tokenmill::testing::SourceDir() + "/tests/data/bert"; }

std::unique_ptr<Tokenizer> UncasedTokenizer() {
  auto t = LoadBertVocabTxt(::tokenmill::testing::SourceDir() + "/vocab/bert-base-uncased/vocab.txt",
                            BertVocabOptions{});
  EXPECT_TRUE(t.ok()) << t.status();
  return t.ok() ? *std::move(t) : nullptr;
}

// Values printed by CPython 3.11: random.Random(12345): getrandbits(32) x3, random(),
// randint(0, 10), randint(2, 125), shuffle(list(range(10))); Random(2**40 + 7).getrandbits(32).
TEST(PythonRandomTest, MatchesCPython) {
  PythonRandom r(12345);
  EXPECT_EQ(r.GetRandBits(32), 1789368711u);
  EXPECT_EQ(r.GetRandBits(32), 3146859322u);
  EXPECT_EQ(r.GetRandBits(32), 43676229u);
  EXPECT_DOUBLE_EQ(r.Random(), 0.8201747225612886);
  EXPECT_EQ(r.RandInt(0, 10), 4);
  EXPECT_EQ(r.RandInt(2, 125), 111);
  std::vector<int> x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
  r.Shuffle(x);
  EXPECT_EQ(x, (std::vector<int>{9, 6, 0, 2, 1, 8, 7, 4, 3, 5}));
  EXPECT_EQ(PythonRandom((uint64_t{1} << 40) + 7).GetRandBits(32), 2635837658u);
}

std::vector<int32_t> Ints(const nlohmann::json& rows, const char* key) {
  std::vector<int32_t> out;
  for (const auto& r : rows) {
    if (r[key].is_array()) {
      for (const auto& v : r[key]) out.push_back(v.get<int32_t>());
    } else {
      out.push_back(r[key].get<int32_t>());
    }
  }
  return out;
}

TEST(PretrainingDataTest, IdenticalToGoogleResearchScript) {
  auto tokenizer = UncasedTokenizer();
  ASSERT_NE(tokenizer, nullptr);
  auto corpus = ReadFile(DataDir() + "/pretraining_corpus.txt");
  ASSERT_TRUE(corpus.ok());
  auto docs = ReadDocuments(*corpus, *tokenizer);
  ASSERT_TRUE(docs.ok()) << docs.status();
  auto vocab = PretrainingVocab::FromTokenizer(*tokenizer);
  ASSERT_TRUE(vocab.ok());
  auto golden = ::tokenmill::testing::ReadJsonLines(DataDir() + "/pretraining_golden.jsonl.gz");
  ASSERT_TRUE(golden.ok()) << golden.status();
  ASSERT_EQ(golden->size(), 2u);
  for (const auto& g : *golden) {
    const auto& o = g["options"];
    PretrainingOptions options;
    options.max_seq_length = o["max_seq_length"];
    options.max_predictions_per_seq = o["max_predictions_per_seq"];
    options.masked_lm_prob = o["masked_lm_prob"];
    options.short_seq_prob = o["short_seq_prob"];
    options.dupe_factor = o["dupe_factor"];
    options.do_whole_word_mask = o["do_whole_word_mask"];
    options.seed = o["seed"];
    SCOPED_TRACE(o.dump());
    auto instances = CreatePretrainingInstances(*docs, *vocab, options);
    ASSERT_TRUE(instances.ok()) << instances.status();
    const PretrainingArrays a = ToArrays(*instances, options);
    const auto& rows = g["instances"];
    ASSERT_EQ(a.count, rows.size());
    EXPECT_EQ(a.input_ids, Ints(rows, "input_ids"));
    EXPECT_EQ(a.input_mask, Ints(rows, "input_mask"));
    EXPECT_EQ(a.segment_ids, Ints(rows, "segment_ids"));
    EXPECT_EQ(a.masked_lm_positions, Ints(rows, "masked_lm_positions"));
    EXPECT_EQ(a.masked_lm_ids, Ints(rows, "masked_lm_ids"));
    EXPECT_EQ(a.next_sentence_labels, Ints(rows, "next_sentence_labels"));
    std::vector<float> weights;
    for (const auto& r : rows) {
      for (const auto& v : r["masked_lm_weights"]) weights.push_back(v.get<float>());
    }
    EXPECT_EQ(a.masked_lm_weights, weights);
  }
}

// Each masked position is replaced by [MASK] with p = 0.8, kept with p = 0.1 (+ 0.1/V, a random
// token equal to the original) and by another token with p = 0.1 - 0.1/V. With n masked
// positions each count must lie within z = 5 standard deviations of n p: the chance that a
// correct implementation fails for a given seed is below 6e-7 per category (normal
// approximation of the binomial; n is about 30,000 here), 2e-6 for the three together.
TEST(PretrainingDataTest, MaskingIs80_10_10) {
  auto tokenizer = UncasedTokenizer();
  ASSERT_NE(tokenizer, nullptr);
  auto docs = ReadDocuments(*ReadFile(DataDir() + "/pretraining_corpus.txt"), *tokenizer);
  auto vocab = PretrainingVocab::FromTokenizer(*tokenizer);
  ASSERT_TRUE(docs.ok() && vocab.ok());
  for (bool whole_word : {false, true}) {
    PretrainingOptions options;
    options.dupe_factor = 25;
    options.do_whole_word_mask = whole_word;
    options.seed = whole_word ? 99 : 4242;
    auto instances = CreatePretrainingInstances(*docs, *vocab, options);
    ASSERT_TRUE(instances.ok());
    size_t n = 0, masked = 0, kept = 0, random = 0;
    for (const auto& inst : *instances) {
      ASSERT_LE(inst.masked_lm_positions.size(), options.max_predictions_per_seq);
      ASSERT_GE(inst.masked_lm_positions.size(), 1u);
      if (!whole_word) {
        const size_t expected = std::min<size_t>(
            options.max_predictions_per_seq,
            std::max<size_t>(1, std::nearbyint(inst.input_ids.size() * options.masked_lm_prob)));
        ASSERT_EQ(inst.masked_lm_positions.size(), expected);
      }
      for (size_t m = 0; m < inst.masked_lm_positions.size(); ++m) {
        const uint32_t p = inst.masked_lm_positions[m], label = inst.masked_lm_labels[m];
        ASSERT_NE(label, vocab->cls_id);
        ASSERT_NE(label, vocab->sep_id);
        if (m > 0) {
          ASSERT_LT(inst.masked_lm_positions[m - 1], p);
        }
        const uint32_t now = inst.input_ids[p];
        ++n;
        if (now == vocab->mask_id) {
          ++masked;
        } else if (now == label) {
          ++kept;
        } else {
          ++random;
        }
      }
    }
    const double V = static_cast<double>(vocab->size);
    auto within = [&](size_t count, double p) {
      return std::abs(count - n * p) <= 5.0 * std::sqrt(n * p * (1 - p));
    };
    SCOPED_TRACE(::testing::Message() << "whole_word=" << whole_word << " n=" << n << " [MASK]=" << masked
                                      << " kept=" << kept << " random=" << random);
    EXPECT_GT(n, 20000u);
    EXPECT_TRUE(within(masked, 0.8));
    EXPECT_TRUE(within(kept, 0.1 + 0.1 / V));
    EXPECT_TRUE(within(random, 0.1 - 0.1 / V));
  }
}

// With whole-word masking a word's pieces are masked together: a masked "##" piece always
// follows a masked piece, and a masked word start is followed by its masked "##" pieces.
TEST(PretrainingDataTest, WholeWordMaskingMasksWholeWords) {
  auto tokenizer = UncasedTokenizer();
  ASSERT_NE(tokenizer, nullptr);
  auto docs = ReadDocuments(*ReadFile(DataDir() + "/pretraining_corpus.txt"), *tokenizer);
  auto vocab = PretrainingVocab::FromTokenizer(*tokenizer);
  ASSERT_TRUE(docs.ok() && vocab.ok());
  PretrainingOptions options;
  options.dupe_factor = 3;
  options.do_whole_word_mask = true;
  auto instances = CreatePretrainingInstances(*docs, *vocab, options);
  ASSERT_TRUE(instances.ok());
  size_t pieces_checked = 0;
  for (const auto& inst : *instances) {
    std::vector<uint32_t> original = inst.input_ids;
    std::vector<uint8_t> is_masked(original.size(), 0);
    for (size_t m = 0; m < inst.masked_lm_positions.size(); ++m) {
      original[inst.masked_lm_positions[m]] = inst.masked_lm_labels[m];
      is_masked[inst.masked_lm_positions[m]] = 1;
    }
    for (size_t i = 1; i < original.size(); ++i) {
      if (!vocab->is_continuation[original[i]]) continue;
      const bool word_piece_follows = original[i - 1] != vocab->cls_id && original[i - 1] != vocab->sep_id;
      if (word_piece_follows) {
        ASSERT_EQ(is_masked[i], is_masked[i - 1]) << "position " << i;
        pieces_checked += is_masked[i];
      }
    }
  }
  EXPECT_GT(pieces_checked, 50u);
}

TEST(PretrainingDataTest, BadOptions) {
  PretrainingVocab vocab{101, 102, 103, 30522, std::vector<uint8_t>(30522, 0)};
  PretrainingOptions options;
  options.max_seq_length = 4;
  EXPECT_FALSE(CreatePretrainingInstances({{{1000, 1001}}}, vocab, options).ok());
  options.max_seq_length = 16;
  options.masked_lm_prob = 1.5;
  EXPECT_FALSE(CreatePretrainingInstances({{{1000, 1001}}}, vocab, options).ok());
}

}  // namespace
}  // namespace tokenmill::bert
