// The Unigram model against sentencepiece 0.1.97's goldens (../shared/golden/spm): for every
// dev, edge and invalid_utf8 line of the unigram models and the released XLNet model, the
// golden `normalized` string (the normalizer is tested on its own) goes through our model;
// ids and pieces must be identical, and the top-5 n-best ids and float scores identical,
// in sentencepiece's order (its agenda order and pruning are reproduced).
//
// The model's raw output is post-processed as sentencepiece's processor does: a run of
// unknown characters becomes one unk piece, or, with byte_fallback, the UTF-8 byte pieces.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "gtest/gtest.h"
#include "tests/testing/test_data.h"
#include "tokenizers/models/unigram/unigram_model.h"
#include "tokenizers/models/unigram/unigram_model_proto.h"

namespace tokenmill {
namespace {

struct Piece {
  uint32_t id;
  std::string piece;
};

std::vector<Piece> PostProcess(const UnigramModel& model, bool byte_fallback,
                               std::string_view normalized, const std::vector<Token>& tokens) {
  std::vector<Piece> out;
  bool previous_unk = false;
  for (const Token& t : tokens) {
    const std::string_view surface = normalized.substr(t.begin, t.end - t.begin);
    const bool unk = t.id == model.unk_id();
    if (unk && byte_fallback) {
      for (const char c : surface) {
        const std::string byte_piece = ByteToPiece(static_cast<unsigned char>(c));
        out.push_back({model.PieceToId(byte_piece), byte_piece});
      }
    } else if (unk && previous_unk) {
      out.back().piece += surface;
    } else {
      out.push_back({t.id, unk ? std::string(surface) : std::string(model.IdToPiece(t.id))});
    }
    previous_unk = unk;
  }
  return out;
}

std::vector<uint32_t> Ids(const std::vector<Piece>& pieces) {
  std::vector<uint32_t> ids;
  for (const Piece& p : pieces) ids.push_back(p.id);
  return ids;
}

struct GoldenCase {
  std::string model;
  std::string set;
};
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.model << "." << c.set; }

class UnigramGoldenTest : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(UnigramGoldenTest, EncodeAndNBestMatchSentencepiece) {
  TM_SHARED_DIR_OR_SKIP(shared);
  const GoldenCase& c = GetParam();
  auto proto = LoadSentencePieceModel(absl::StrCat(shared, "/vocab/spm/", c.model, ".model"));
  ASSERT_TRUE(proto.ok()) << proto.status();
  auto model = UnigramModelFromProto(*proto);
  ASSERT_TRUE(model.ok()) << model.status();
  const bool byte_fallback = proto->trainer_spec().byte_fallback();
  const std::string path = absl::StrCat(shared, "/golden/spm/", c.model, ".", c.set, ".jsonl.gz");
  auto lines = testing::ReadJsonLines(path);
  ASSERT_TRUE(lines.ok()) << lines.status();
  ASSERT_FALSE(lines->empty());

  int encode_mismatches = 0, nbest_lines = 0, nbest_mismatches = 0, score_mismatches = 0;
  for (size_t i = 0; i < lines->size(); ++i) {
    const nlohmann::json& line = (*lines)[i];
    const std::string normalized = line["normalized"];
    std::vector<Token> tokens;
    (*model)->Encode(normalized, tokens);
    const std::vector<Piece> pieces = PostProcess(**model, byte_fallback, normalized, tokens);
    std::vector<std::string> piece_strings;
    for (const Piece& p : pieces) piece_strings.push_back(p.piece);
    if (Ids(pieces) != line["ids"].get<std::vector<uint32_t>>() ||
        piece_strings != line["pieces"].get<std::vector<std::string>>()) {
      if (++encode_mismatches <= 5) ADD_FAILURE() << path << " line " << i + 1 << ": encode differs";
    }

    if (!line.contains("nbest")) continue;
    ++nbest_lines;
    const auto& golden = line["nbest"];
    const auto nbest = (*model)->NBestEncode(normalized, 5);
    bool same = nbest.size() == golden.size();
    for (size_t k = 0; same && k < nbest.size(); ++k) {
      const auto processed = PostProcess(**model, byte_fallback, normalized, nbest[k].tokens);
      same = Ids(processed) == golden[k]["ids"].get<std::vector<uint32_t>>();
      if (same && nbest[k].score != static_cast<float>(golden[k]["score"].get<double>())) {
        if (++score_mismatches <= 5) {
          ADD_FAILURE() << path << " line " << i + 1 << " n-best " << k << ": score "
                        << absl::StrFormat("%.9g", nbest[k].score) << " vs "
                        << golden[k]["score"].get<double>();
        }
      }
    }
    if (!same && ++nbest_mismatches <= 5) {
      ADD_FAILURE() << path << " line " << i + 1 << ": n-best differs (shrunk: "
                    << line.value("nbest_agenda_shrunk", false) << ")";
    }
  }
  EXPECT_EQ(encode_mismatches, 0) << path;
  EXPECT_EQ(nbest_mismatches, 0) << path << " (" << nbest_lines << " n-best lines)";
  EXPECT_EQ(score_mismatches, 0) << path;
}

std::vector<GoldenCase> Cases() {
  std::vector<GoldenCase> cases;
  // unigram_8k_nfkc_cf has light goldens (no n-best).
  for (const char* model : {"unigram_8k", "unigram_16k_bytefallback", "unigram_8k_identity",
                            "unigram_8k_nfkc_cf", "xlnet-base-cased-spiece"}) {
    for (const char* set : {"dev", "edge", "invalid_utf8"}) cases.push_back({model, set});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Spm, UnigramGoldenTest, ::testing::ValuesIn(Cases()),
                         [](const auto& info) {
                           std::string name = info.param.model + "_" + info.param.set;
                           for (char& ch : name) {
                             if (!isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return name;
                         });

}  // namespace
}  // namespace tokenmill
