// SentencePieceProcessor against sentencepiece 0.1.97's goldens (../shared/golden/spm):
// ids, pieces, byte offsets of the original text, normalized text and Decode(ids), line for
// line on dev, edge and invalid_utf8 (the last with InvalidUtf8::kReplace; by default such
// input is an error).
#include <set>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tests/sentencepiece/variant_models.h"
#include "tokenizers/sentencepiece/sentencepiece_processor.h"
#include "tokenizers/serialization/tiktoken_file.h"

namespace tokenmill {
namespace {

struct GoldenCase {
  std::string model;
  std::string set;
};

void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.model << "." << c.set; }

std::string PrintCase(const ::testing::TestParamInfo<GoldenCase>& info) {
  std::string name = info.param.model + "_" + info.param.set;
  for (char& c : name) {
    if (!isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

// Checks every line of one golden file; returns the number of lines that differ (stops
// reporting after a few).
int CheckGoldenFile(const SentencePieceProcessor& processor, const std::string& golden,
                    bool invalid) {
  auto lines = testing::ReadJsonLines(golden);
  EXPECT_TRUE(lines.ok()) << lines.status();
  if (!lines.ok()) return 1;
  EXPECT_FALSE(lines->empty()) << golden;
  SentencePieceEncodeOptions options;
  if (invalid) options.invalid_utf8 = InvalidUtf8::kReplace;
  int failures = 0;
  SentencePieceText encoded;
  std::vector<int> ids_only;
  for (size_t i = 0; i < lines->size() && failures < 5; ++i) {
    const nlohmann::json& line = (*lines)[i];
    std::string text;
    if (invalid) {
      EXPECT_TRUE(DecodeBase64(line["bytes_b64"].get<std::string>(), text));
    } else {
      text = line["text"].get<std::string>();
    }
    const std::string where = golden + " line " + std::to_string(i);
    absl::Status status = processor.Encode(text, encoded, options);
    if (!status.ok()) {
      ADD_FAILURE() << where << ": " << status;
      ++failures;
      continue;
    }
    std::vector<int> ids;
    std::vector<std::string> pieces;
    std::vector<std::vector<uint32_t>> offsets;
    for (size_t k = 0; k < encoded.pieces.size(); ++k) {
      ids.push_back(encoded.pieces[k].id);
      pieces.emplace_back(processor.PieceString(encoded, k));
      offsets.push_back({encoded.pieces[k].begin, encoded.pieces[k].end});
    }
    bool ok = true;
    auto expect = [&](bool same, const char* what) {
      if (!same) {
        ok = false;
        ADD_FAILURE() << where << ": " << what << " differs\n  text: " << text;
      }
    };
    expect(ids == line["ids"].get<std::vector<int>>(), "ids");
    const auto want_pieces = line["pieces"].get<std::vector<std::string>>();
    if (pieces != want_pieces) {
      size_t k = 0;
      while (k < pieces.size() && k < want_pieces.size() && pieces[k] == want_pieces[k]) ++k;
      std::string got_s, want_s;
      for (size_t j = k; j < k + 6 && j < pieces.size(); ++j) got_s += pieces[j] + " ";
      for (size_t j = k; j < k + 6 && j < want_pieces.size(); ++j) want_s += want_pieces[j] + " ";
      ADD_FAILURE() << where << ": pieces differ from piece " << k << "\n  got:  " << got_s
                    << "\n  want: " << want_s;
      ok = false;
    }
    if (line.contains("offsets")) {
      expect(offsets == line["offsets"].get<std::vector<std::vector<uint32_t>>>(), "offsets");
    }
    expect(encoded.normalized == line["normalized"].get<std::string>(), "normalized");
    EXPECT_TRUE(processor.EncodeIds(text, ids_only, options).ok());
    expect(ids_only == ids, "EncodeIds vs Encode");
    auto decoded = processor.Decode(ids);
    EXPECT_TRUE(decoded.ok()) << decoded.status();
    const std::string want_decoded =
        line.contains("decoded") ? line["decoded"].get<std::string>() : text;
    expect(decoded.ok() && *decoded == want_decoded, "decoded");
    if (line.contains("nbest")) {
      auto nbest = processor.NBestEncode(text, 5, options);
      EXPECT_TRUE(nbest.ok()) << where << ": " << nbest.status();
      const auto& want = line["nbest"];
      bool same = nbest.ok() && nbest->size() == want.size();
      // Equal scores keep sentencepiece's queue order, so compare each tie group as a set.
      for (size_t k = 0; same && k < want.size();) {
        const float score = want[k]["score"].get<float>();
        size_t end = k;
        while (end < want.size() && want[end]["score"].get<float>() == score) ++end;
        std::multiset<std::vector<int>> got_group, want_group;
        for (size_t j = k; j < end; ++j) {
          same = same && (*nbest)[j].score == score;
          std::vector<int> got_ids;
          for (const auto& p : (*nbest)[j].text.pieces) got_ids.push_back(p.id);
          got_group.insert(got_ids);
          want_group.insert(want[j]["ids"].get<std::vector<int>>());
        }
        same = same && got_group == want_group;
        k = end;
      }
      expect(same, "nbest");
    }
    if (invalid) {  // the default refuses the same input with a clear error
      auto strict = processor.EncodeIds(text);
      expect(!strict.ok(), "strict encode of invalid UTF-8 succeeded");
    }
    if (!ok) ++failures;
  }
  return failures;
}

class ProcessorParityTest : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(ProcessorParityTest, MatchesSentencePiece) {
  TM_SHARED_DIR_OR_SKIP(shared);
  const GoldenCase& c = GetParam();
  auto processor = SentencePieceProcessor::Load(shared + "/vocab/spm/" + c.model + ".model");
  ASSERT_TRUE(processor.ok()) << processor.status();
  EXPECT_EQ(CheckGoldenFile(**processor,
                            shared + "/golden/spm/" + c.model + "." + c.set + ".jsonl.gz",
                            c.set == "invalid_utf8"),
            0);
}

// The slice committed under tests/data/spm runs with or without ../shared.
TEST(ProcessorBundledSliceTest, MatchesSentencePiece) {
  const std::string dir = testing::SourceDir() + "/tests/data/spm/";
  for (const char* model : {"unigram_8k", "bpe_8k"}) {
    auto processor = SentencePieceProcessor::Load(dir + model + ".model");
    ASSERT_TRUE(processor.ok()) << processor.status();
    for (const char* set : {"dev", "edge", "invalid_utf8"}) {
      EXPECT_EQ(CheckGoldenFile(**processor, dir + model + "." + set + ".jsonl.gz",
                                std::string(set) == "invalid_utf8"),
                0)
          << model << "." << set;
    }
  }
}

// User-defined symbols, UNUSED pieces, BPE byte fallback, whitespace as suffix, no dummy
// prefix, unescaped spaces: models built by variant_models.h, goldens by sentencepiece.
TEST(ProcessorVariantTest, MatchesSentencePiece) {
  const std::string dir = testing::SourceDir() + "/tests/data/spm/";
  for (const testing::SpmVariant& v : testing::SpmVariants()) {
    auto model = LoadSentencePieceModel(dir + v.base + ".model");
    ASSERT_TRUE(model.ok()) << model.status();
    testing::ApplySpmVariant(v.name, *model);
    auto processor = SentencePieceProcessor::FromModelProto(*model, v.name);
    ASSERT_TRUE(processor.ok()) << processor.status();
    EXPECT_EQ(CheckGoldenFile(**processor, dir + "variant." + v.name + ".jsonl.gz", false), 0)
        << v.name;
  }
}

std::vector<GoldenCase> Cases(const std::vector<std::string>& models) {
  std::vector<GoldenCase> cases;
  for (const std::string& m : models) {
    for (const char* set : {"dev", "edge", "invalid_utf8"}) cases.push_back({m, set});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Unigram, ProcessorParityTest,
                         ::testing::ValuesIn(Cases({"unigram_8k", "unigram_16k_bytefallback",
                                                    "unigram_8k_identity", "unigram_8k_nfkc_cf",
                                                    "xlnet-base-cased-spiece"})),
                         PrintCase);
INSTANTIATE_TEST_SUITE_P(BpeAndChar, ProcessorParityTest,
                         ::testing::ValuesIn(Cases({"bpe_8k", "blingfire-bpe-example-10k",
                                                    "char"})),
                         PrintCase);

}  // namespace
}  // namespace tokenmill
