// SentencePieceProcessor's API edges and bad input (the parity tests cover exactness).
#include "tokenizers/sentencepiece/sentencepiece_processor.h"

#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/sentencepiece/sentencepiece_tokenizer.h"
#include "tokenizers/serialization/tokenizer_json.h"

namespace tokenmill {
namespace {

using ::testing::HasSubstr;

std::unique_ptr<SentencePieceProcessor> Bundled(const char* name) {
  auto p = SentencePieceProcessor::Load(testing::SourceDir() + "/tests/data/spm/" + name + ".model");
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? std::move(*p) : nullptr;
}

TEST(SentencePieceProcessorTest, DecodeRejectsIdsOutOfRange) {
  auto sp = Bundled("bpe_8k");
  ASSERT_NE(sp, nullptr);
  for (int bad : {-1, 8000, 1 << 30}) {
    auto text = sp->Decode({5, bad});
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.status().code(), absl::StatusCode::kOutOfRange);
    EXPECT_THAT(text.status().message(), HasSubstr("position 1"));
  }
  EXPECT_EQ(sp->IdToPiece(8000), "");
  EXPECT_FALSE(sp->IsControl(-3));
}

TEST(SentencePieceProcessorTest, InvalidUtf8IsAnErrorUnlessAskedToReplace) {
  auto sp = Bundled("unigram_8k");
  ASSERT_NE(sp, nullptr);
  const std::string bad = "ab\xE4\xB8" "cd";
  auto strict = sp->EncodeIds(bad);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().code(), absl::StatusCode::kInvalidArgument);
  auto lenient = sp->EncodeIds(bad, {.invalid_utf8 = InvalidUtf8::kReplace});
  ASSERT_TRUE(lenient.ok());
  SentencePieceText text;
  ASSERT_TRUE(sp->Encode(bad, text, {.invalid_utf8 = InvalidUtf8::kReplace}).ok());
  EXPECT_THAT(text.normalized, HasSubstr("\xEF\xBF\xBD\xEF\xBF\xBD"));  // one U+FFFD per byte
}

TEST(SentencePieceProcessorTest, AppendIdsKeepsWhatIsThereEncodeIdsDoesNot) {
  auto sp = Bundled("unigram_8k");
  ASSERT_NE(sp, nullptr);
  auto hello = sp->EncodeIds("Hello", {.add_bos = true});
  auto world = sp->EncodeIds("world");
  ASSERT_TRUE(hello.ok() && world.ok());
  std::vector<int> ids = {7};
  ASSERT_TRUE(sp->AppendIds("Hello", ids, {.add_bos = true}).ok());
  ASSERT_TRUE(sp->AppendIds("world", ids).ok());
  std::vector<int> expected = {7};
  expected.insert(expected.end(), hello->begin(), hello->end());
  expected.insert(expected.end(), world->begin(), world->end());
  EXPECT_EQ(ids, expected);
  ASSERT_TRUE(sp->EncodeIds("world", ids).ok());
  EXPECT_EQ(ids, *world);
}

TEST(SentencePieceProcessorTest, BosEosAndEmptyText) {
  auto sp = Bundled("unigram_8k");
  ASSERT_NE(sp, nullptr);
  EXPECT_EQ(sp->bos_id(), 1);
  EXPECT_EQ(sp->eos_id(), 2);
  EXPECT_EQ(sp->pad_id(), -1);
  auto ids = sp->EncodeIds("", {.add_bos = true, .add_eos = true});
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(*ids, (std::vector<int>{1, 2}));
  auto plain = sp->EncodeIds("Hello");
  auto framed = sp->EncodeIds("Hello", {.add_bos = true, .add_eos = true});
  ASSERT_TRUE(plain.ok() && framed.ok());
  EXPECT_EQ(framed->size(), plain->size() + 2);
  // Control pieces decode to nothing; the unk piece to unk_surface; unknown strings verbatim.
  auto decoded = sp->Decode(*framed);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, "Hello");
  auto with_unk = sp->Decode({0});
  ASSERT_TRUE(with_unk.ok());
  EXPECT_EQ(*with_unk, " \xE2\x81\x87 ");
  auto pieces = sp->DecodePieces({"\xE2\x96\x81" "He", "llo", "\xE2\x96\x81" "zz\xE2\x96\x81" "q"});
  ASSERT_TRUE(pieces.ok());
  EXPECT_EQ(*pieces, "Hello\xE2\x96\x81zz\xE2\x96\x81q");  // as sentencepiece 0.1.97
}

TEST(SentencePieceProcessorTest, CapabilitiesFollowTheModelType) {
  auto bpe = Bundled("bpe_8k");
  auto unigram = Bundled("unigram_8k");
  ASSERT_NE(bpe, nullptr);
  ASSERT_NE(unigram, nullptr);
  EXPECT_EQ(bpe->NBestEncode("Hello", 3).status().code(), absl::StatusCode::kFailedPrecondition);
  SamplingRng rng(1);
  EXPECT_FALSE(bpe->SampleEncodeAndScore("Hello", 2, 0.1f, false, false, rng).ok());
  SentencePieceText out;
  EXPECT_EQ(unigram->SampleEncode("Hello", 513, 0.1f, rng, out).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(unigram->SampleEncode("Hello", 8, 0.1f, rng, out).ok());
  auto nbest = unigram->NBestEncode("Hello world", 3);
  ASSERT_TRUE(nbest.ok());
  EXPECT_EQ(nbest->size(), 3u);
  EXPECT_GE((*nbest)[0].score, (*nbest)[1].score);
}

TEST(SentencePieceProcessorTest, TokenizerOverAModelFile) {
  auto tokenizer = LoadSentencePieceTokenizer(testing::SourceDir() + "/tests/data/spm/bpe_8k.model");
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  auto sp = Bundled("bpe_8k");
  const std::string text = "Tokenizers  split text ☃.";
  auto encoding = (*tokenizer)->Encode(text);
  SentencePieceText expected;
  ASSERT_TRUE(encoding.ok() && sp->Encode(text, expected).ok());
  ASSERT_EQ(encoding->ids.size(), expected.pieces.size());
  for (size_t i = 0; i < expected.pieces.size(); ++i) {
    EXPECT_EQ(encoding->ids[i], static_cast<uint32_t>(expected.pieces[i].id));
    EXPECT_EQ(encoding->offsets[i], (Span{expected.pieces[i].begin, expected.pieces[i].end}));
  }
  auto decoded = (*tokenizer)->Decode(encoding->ids);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, *sp->Decode(std::vector<int>(encoding->ids.begin(), encoding->ids.end())));
  EXPECT_EQ((*tokenizer)->GetVocabSize(), 8000u);
  auto missing = LoadSentencePieceTokenizer("/nonexistent.model");
  ASSERT_FALSE(missing.ok());
  EXPECT_THAT(missing.status().message(), HasSubstr("/nonexistent.model"));
}

// Written as tokenmill's {"type": "SentencePiece", "model_proto": ...} and read back: the same
// encodings and decodings; broken ones are clear errors.
TEST(SentencePieceProcessorTest, TokenizerOverAModelFileRoundTripsThroughTokenizerJson) {
  auto tokenizer = LoadSentencePieceTokenizer(testing::SourceDir() + "/tests/data/spm/unigram_8k.model");
  ASSERT_TRUE(tokenizer.ok()) << tokenizer.status();
  const std::string json = ToTokenizerJson(**tokenizer, false);
  auto loaded = ParseTokenizerJson(json, "round-trip");
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  for (const std::string text : {"Tokenizers  split text ☃.", "", "日本語 and ÅÄÖ"}) {
    auto want = (*tokenizer)->Encode(text);
    auto got = (*loaded)->Encode(text);
    ASSERT_TRUE(want.ok() && got.ok());
    EXPECT_EQ(got->ids, want->ids);
    EXPECT_EQ(got->offsets, want->offsets);
    EXPECT_EQ(*(*loaded)->Decode(got->ids), *(*tokenizer)->Decode(want->ids));
  }
  auto broken = ParseTokenizerJson(
      R"({"model": {"type": "SentencePiece", "model_proto": "not base64!"}})", "broken.json");
  ASSERT_FALSE(broken.ok());
  EXPECT_THAT(broken.status().message(), HasSubstr("model.model_proto"));
  auto truncated = ParseTokenizerJson(
      R"({"model": {"type": "SentencePiece", "model_proto": "CgsKBTx1bms+FQAAAAA="}, "decoder": null})",
      "truncated.json");
  EXPECT_FALSE(truncated.ok());
  auto mismatched = ParseTokenizerJson(
      R"({"model": {"type": "WordLevel", "vocab": {"a": 0}, "unk_token": "a"},
          "decoder": {"type": "SentencePiece"}})", "mismatched.json");
  ASSERT_FALSE(mismatched.ok());
  EXPECT_THAT(mismatched.status().message(), HasSubstr("needs a SentencePiece model"));
}

}  // namespace
}  // namespace tokenmill

namespace tokenmill {
namespace {

// Vocabulary restriction (sentencepiece's SetVocabulary): only types change; the parity with
// sentencepiece itself is in tests/python/test_sentencepiece.py.
TEST(SentencePieceProcessorTest, VocabularyRestrictionRetypesPiecesOnly) {
  auto sp = Bundled("unigram_8k");
  ASSERT_NE(sp, nullptr);
  const int the = sp->PieceToId("▁the");
  ASSERT_FALSE(sp->IsUnused(the));
  auto restricted = sp->WithVocabulary({"▁a"});
  ASSERT_TRUE(restricted.ok()) << restricted.status();
  EXPECT_TRUE((*restricted)->IsUnused(the));
  EXPECT_FALSE((*restricted)->IsUnused((*restricted)->PieceToId("▁a")));
  EXPECT_FALSE((*restricted)->IsUnused((*restricted)->PieceToId("e")));  // one character
  EXPECT_EQ((*restricted)->PieceToId("▁the"), the);  // lookups keep the loaded maps
  auto ids = (*restricted)->EncodeIds("the the");
  ASSERT_TRUE(ids.ok());
  EXPECT_EQ(std::count(ids->begin(), ids->end(), the), 0);
  // Serialize writes the live types (as sentencepiece's serialized_model_proto), the loaded
  // ones are kept apart.
  auto reloaded = SentencePieceProcessor::FromSerialized(*(*restricted)->Serialize(), "live");
  ASSERT_TRUE(reloaded.ok());
  EXPECT_TRUE((*reloaded)->IsUnused(the));
  auto reset = (*restricted)->WithAllPiecesUsed();
  ASSERT_TRUE(reset.ok());
  EXPECT_EQ(*(*reset)->EncodeIds("the the"), *sp->EncodeIds("the the"));
}

TEST(SentencePieceProcessorTest, LiveTypesChangeOnlyAsSetVocabularyDoes) {
  auto sp = Bundled("unigram_8k");
  ASSERT_NE(sp, nullptr);
  std::vector<SentencePiecePiece::Type> types;
  for (int id = 0; id < sp->GetPieceSize(); ++id) types.push_back(sp->table().TypeOf(id));
  EXPECT_TRUE(sp->WithLiveTypes(types).ok());
  auto control = types;
  control[sp->unk_id()] = SentencePiecePiece::NORMAL;  // the unknown piece stays what it is
  EXPECT_THAT(sp->WithLiveTypes(control).status().message(), HasSubstr("cannot turn"));
  types.pop_back();
  EXPECT_THAT(sp->WithLiveTypes(types).status().message(), HasSubstr("for 8000 pieces"));
  auto missing = sp->WithVocabularyFile("/nonexistent/vocab.tsv", 1);
  EXPECT_THAT(missing.status().message(), HasSubstr("/nonexistent/vocab.tsv"));
}

}  // namespace
}  // namespace tokenmill
