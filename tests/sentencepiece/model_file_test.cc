#include "tokenizers/sentencepiece/model_file.h"

#include <functional>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill {
namespace {

using ::testing::HasSubstr;
using Piece = SentencePiecePiece;

// A minimal valid model: <unk>, <s>, </s>, then normal pieces.
SentencePieceModelProto SmallModel() {
  SentencePieceModelProto model;
  auto add = [&](const std::string& s, float score, Piece::Type type) {
    Piece* p = model.add_pieces();
    p->set_piece(s);
    p->set_score(score);
    p->set_type(type);
  };
  add("<unk>", 0, Piece::UNKNOWN);
  add("<s>", 0, Piece::CONTROL);
  add("</s>", 0, Piece::CONTROL);
  add("\xE2\x96\x81" "a", -1, Piece::NORMAL);
  add("b", -2, Piece::NORMAL);
  model.mutable_trainer_spec()->set_model_type(spm::TrainerSpec::BPE);
  model.mutable_normalizer_spec()->set_name("identity");
  return model;
}

TEST(ModelFileTest, BytePieceSpelling) {
  EXPECT_EQ(ByteToPiece(0x0A), "<0x0A>");
  EXPECT_EQ(ByteToPiece(0xFF), "<0xFF>");
  for (int b = 0; b < 256; ++b) EXPECT_EQ(PieceToByte(ByteToPiece(b)), b);
  EXPECT_EQ(PieceToByte("<0xff>"), -1);  // lower case is not a byte piece
  EXPECT_EQ(PieceToByte("<0x0A"), -1);
  EXPECT_EQ(PieceToByte("<0x0AB>"), -1);
  EXPECT_EQ(PieceToByte("a"), -1);
}

TEST(ModelFileTest, RoundTripsThroughBytes) {
  SentencePieceModelProto model = SmallModel();
  auto bytes = SerializeSentencePieceModel(model);
  ASSERT_TRUE(bytes.ok());
  auto parsed = ParseSentencePieceModel(*bytes, "<bytes>");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->pieces_size(), 5);
  EXPECT_EQ(parsed->pieces(3).piece(), "\xE2\x96\x81" "a");
  EXPECT_EQ(parsed->pieces(4).score(), -2.0f);
  EXPECT_EQ(parsed->trainer_spec().model_type(), spm::TrainerSpec::BPE);
  // Defaults of unset fields are sentencepiece's.
  EXPECT_TRUE(parsed->normalizer_spec().add_dummy_prefix());
  EXPECT_EQ(parsed->trainer_spec().unk_surface(), " \xE2\x81\x87 ");
  EXPECT_EQ(parsed->trainer_spec().pad_id(), -1);
}

TEST(ModelFileTest, RejectsWhatSentencePieceRejects) {
  struct Case {
    const char* what;
    std::function<void(SentencePieceModelProto&)> edit;
    const char* message;
  };
  const Case cases[] = {
      {"empty piece", [](auto& m) { m.mutable_pieces(4)->set_piece(""); }, "piece 4 is empty"},
      {"duplicate", [](auto& m) { m.mutable_pieces(4)->set_piece("\xE2\x96\x81" "a"); },
       "defined twice"},
      {"no unk", [](auto& m) { m.mutable_pieces(0)->set_type(Piece::CONTROL); },
       "no piece of type UNKNOWN"},
      {"two unk", [](auto& m) { m.mutable_pieces(1)->set_type(Piece::UNKNOWN); },
       "both UNKNOWN"},
      {"byte without fallback",
       [](auto& m) {
         m.mutable_pieces(4)->set_piece("<0x41>");
         m.mutable_pieces(4)->set_type(Piece::BYTE);
       },
       "byte_fallback is false"},
      {"missing bytes", [](auto& m) { m.mutable_trainer_spec()->set_byte_fallback(true); },
       "byte piece <0x00> is missing"},
      {"no trainer spec", [](auto& m) { m.clear_trainer_spec(); }, "no trainer_spec"},
      {"no normalizer spec", [](auto& m) { m.clear_normalizer_spec(); }, "no normalizer_spec"},
  };
  for (const Case& c : cases) {
    SentencePieceModelProto model = SmallModel();
    c.edit(model);
    auto bytes = SerializeSentencePieceModel(model);
    ASSERT_TRUE(bytes.ok());
    auto parsed = ParseSentencePieceModel(*bytes, "bad.model");
    ASSERT_FALSE(parsed.ok()) << c.what;
    EXPECT_THAT(parsed.status().message(), HasSubstr("bad.model: ")) << c.what;
    EXPECT_THAT(parsed.status().message(), HasSubstr(c.message)) << c.what;
  }
}

TEST(ModelFileTest, SameTextInBothNamespacesIsAllowed) {
  // sentencepiece keeps control/unknown/byte pieces apart from matchable ones.
  SentencePieceModelProto model = SmallModel();
  model.mutable_pieces(4)->set_piece("<s>");
  auto bytes = SerializeSentencePieceModel(model);
  EXPECT_TRUE(ParseSentencePieceModel(*bytes, "x").ok());
}

TEST(ModelFileTest, ErrorsOnMissingEmptyAndGarbageFiles) {
  auto missing = LoadSentencePieceModel("/nonexistent/x.model");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("/nonexistent/x.model"));
  auto empty = ParseSentencePieceModel("", "e.model");
  ASSERT_FALSE(empty.ok());
  EXPECT_THAT(empty.status().message(), HasSubstr("e.model: empty file"));
  auto garbage = ParseSentencePieceModel("{\"version\": \"1.0\"}", "t.json");
  ASSERT_FALSE(garbage.ok());
  EXPECT_THAT(garbage.status().message(), HasSubstr("t.json: "));
}

// Every prefix of a real model fails with a clear error (never a crash, never a silently
// smaller model): cuts inside a field fail to parse, cuts between fields miss a spec.
TEST(ModelFileTest, EveryTruncationOfARealModelIsAnError) {
  TM_SHARED_DIR_OR_SKIP(shared);
  auto bytes = ReadFile(shared + "/vocab/spm/unigram_8k_identity.model");
  ASSERT_TRUE(bytes.ok());
  ASSERT_TRUE(ParseSentencePieceModel(*bytes, "full").ok());
  const size_t step = 97;  // a prime stride over the 115,855 bytes, plus the last bytes
  for (size_t n = 0; n < bytes->size(); n += (n + 64 < bytes->size() ? step : 1)) {
    auto parsed = ParseSentencePieceModel(std::string_view(*bytes).substr(0, n), "cut.model");
    ASSERT_FALSE(parsed.ok()) << "prefix of " << n << " bytes loaded";
    EXPECT_THAT(parsed.status().message(), HasSubstr("cut.model: "));
  }
}

TEST(ModelFileTest, LoadsEveryReferenceModelAndWritesItBackByteForByte) {
  TM_SHARED_DIR_OR_SKIP(shared);
  struct Expect {
    const char* name;
    int pieces;
    spm::TrainerSpec::ModelType type;
  };
  const Expect models[] = {
      {"unigram_8k", 8000, spm::TrainerSpec::UNIGRAM},
      {"unigram_16k_bytefallback", 16000, spm::TrainerSpec::UNIGRAM},
      {"unigram_8k_identity", 8000, spm::TrainerSpec::UNIGRAM},
      {"unigram_8k_nfkc_cf", 8000, spm::TrainerSpec::UNIGRAM},
      {"bpe_8k", 8000, spm::TrainerSpec::BPE},
      {"char", 2295, spm::TrainerSpec::CHAR},
      {"xlnet-base-cased-spiece", 32000, spm::TrainerSpec::UNIGRAM},
      {"blingfire-bpe-example-10k", 10000, spm::TrainerSpec::BPE},
  };
  for (const Expect& e : models) {
    const std::string path = shared + "/vocab/spm/" + e.name + ".model";
    auto model = LoadSentencePieceModel(path);
    ASSERT_TRUE(model.ok()) << model.status();
    EXPECT_EQ(model->pieces_size(), e.pieces) << e.name;
    EXPECT_EQ(model->trainer_spec().model_type(), e.type) << e.name;
    auto original = ReadFile(path);
    auto written = SerializeSentencePieceModel(*model);
    ASSERT_TRUE(written.ok());
    EXPECT_TRUE(*written == *original) << e.name << ": serialization differs from the file";
  }
}

}  // namespace
}  // namespace tokenmill
